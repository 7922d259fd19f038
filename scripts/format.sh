#!/usr/bin/env bash
# clang-format on the C++ files changed since HEAD (or all of them with --all).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${1:-}" == "--all" ]]; then
    files=$(git ls-files '*.h' '*.cpp')
else
    files=$( (git diff --name-only HEAD; git ls-files -o --exclude-standard) | grep -E '\.(h|cpp)$' | sort -u || true)
fi
[[ -z "$files" ]] || clang-format -i $files
