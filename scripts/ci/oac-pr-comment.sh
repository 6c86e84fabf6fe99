#!/bin/sh
# Posts oac's PR comment on a GitHub pull request, or updates the one it posted before, so a pull request
# carries one oac comment however often it is pushed. Used by action.yml; needs the GitHub CLI (`gh`).
#
#   GH_TOKEN=… GITHUB_REPOSITORY=owner/repo PR_NUMBER=42 scripts/ci/oac-pr-comment.sh oac-lint/comment.md
set -eu

body_file="${1:?usage: oac-pr-comment.sh COMMENT.md}"
: "${GITHUB_REPOSITORY:?}" "${PR_NUMBER:?}"
marker='<!-- oac-lint -->'
# GitHub refuses comments over 65,536 characters: keep the head of a huge report and say so.
limit=60000
body=$(head -c "$limit" "$body_file")
if [ "$(wc -c < "$body_file")" -gt "$limit" ]; then
    body="$body

… cut at $limit bytes: the workflow's annotations and the SARIF upload list every finding."
fi
body="$marker
$body"

id=$(gh api --paginate "repos/$GITHUB_REPOSITORY/issues/$PR_NUMBER/comments" \
        --jq ".[] | select(.body | startswith(\"$marker\")) | .id" | head -n 1)
if [ -n "$id" ]; then
    gh api --method PATCH "repos/$GITHUB_REPOSITORY/issues/comments/$id" -f body="$body" > /dev/null
else
    gh api --method POST "repos/$GITHUB_REPOSITORY/issues/$PR_NUMBER/comments" -f body="$body" > /dev/null
fi
