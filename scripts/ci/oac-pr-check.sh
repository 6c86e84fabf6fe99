#!/bin/sh
# oac's pull-request check, shared by the GitHub Action (action.yml) and the GitLab template
# (ci/gitlab/oac-lint.gitlab-ci.yml); it runs the same on a laptop:
#
#   BASE_REF=origin/main scripts/ci/oac-pr-check.sh
#
# Lints the catalog of HEAD with `oac lint --base`, against the catalog at the merge base of HEAD and
# BASE_REF (what the pull request changes, not what the target branch gained since), and writes into
# OUT_DIR: comment.md (the PR comment), oac-lint.sarif (code scanning) and oac-lint.junit.xml (test
# reports). The findings go to standard output in ANNOTATIONS format (`github` for workflow annotations).
# Exit status: oac lint's (0 clean, 1 findings that fail the check, 2 usage error).
#
# Environment: BASE_REF (required: a branch, remote branch or commit), OAC (the oac binary; default `oac`),
# CATALOG (default `catalog`, relative to the repository root), OUT_DIR (default `oac-lint`),
# STRICT (`true`: warnings fail too), ANNOTATIONS (default `text`).
set -eu

OAC="${OAC:-oac}"
CATALOG="${CATALOG:-catalog}"
OUT_DIR="${OUT_DIR:-oac-lint}"
ANNOTATIONS="${ANNOTATIONS:-text}"
: "${BASE_REF:?set BASE_REF to the branch or commit the pull request merges into}"

base_commit=$(git merge-base HEAD "$BASE_REF")
scratch=$(mktemp -d)
git worktree add --quiet --detach "$scratch/base" "$base_commit"
cleanup() {
    git worktree remove --force "$scratch/base" 2>/dev/null || true
    rm -rf "$scratch"
}
trap cleanup EXIT INT TERM

# A base without the catalog (the pull request adds it): lint the whole catalog, with nothing to compare.
if [ -e "$scratch/base/$CATALOG" ]; then
    set -- --base "$scratch/base/$CATALOG"
else
    set --
fi
if [ "${STRICT:-false}" = true ]; then set -- "$@" --strict; fi

mkdir -p "$OUT_DIR"
status=0
"$OAC" lint "$CATALOG" "$@" --quiet --format markdown > "$OUT_DIR/comment.md" || true
"$OAC" lint "$CATALOG" "$@" --quiet --format sarif > "$OUT_DIR/oac-lint.sarif" || true
"$OAC" lint "$CATALOG" "$@" --quiet --format junit > "$OUT_DIR/oac-lint.junit.xml" || true
"$OAC" lint "$CATALOG" "$@" --format "$ANNOTATIONS" || status=$?
exit "$status"
