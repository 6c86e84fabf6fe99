#ifndef OAC_SYSTEM_H
#define OAC_SYSTEM_H

/// Atomically exchanges two paths (Linux renameat2 RENAME_EXCHANGE).
/// Returns 0 on success, -1 with errno set (ENOSYS/EINVAL where the kernel or filesystem lacks it).
int oac_rename_exchange(const char *a, const char *b);

#endif
