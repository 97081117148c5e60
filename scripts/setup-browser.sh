#!/usr/bin/env bash
# Make a machine ready for the Data Docs browser test: Debian's Chromium, and the offline
# Data Docs assets fetched from npm. Idempotent; safe to run before every `make test`.
set -euo pipefail

missing=()
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
command -v npm >/dev/null || missing+=(npm)
if ((${#missing[@]})); then
    sudo=""
    [[ "$(id -u)" -eq 0 ]] || sudo="sudo"
    $sudo apt-get update -q
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${missing[@]}"
fi
"$(dirname "$0")/fetch-datadocs-assets.sh"
