#ifndef OAC_SYSTEM_H
#define OAC_SYSTEM_H

/// Atomically exchanges two paths (Linux renameat2 RENAME_EXCHANGE).
/// Returns 0 on success, -1 with errno set (ENOSYS/EINVAL where the kernel or filesystem lacks it).
int oac_rename_exchange(const char *a, const char *b);

/// Unlinks every entry of a folder that is not a folder (files, symbolic links — not followed), through the
/// folder's descriptor. Returns 0 when all went, -1 when the folder could not be opened or an unlink failed.
int oac_unlink_files_in(const char *folder);

#endif
