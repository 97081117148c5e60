#!/usr/bin/env bash
# Fetch the CSS/JS that GX Data Docs load from CDNs, from the npm registry, into a cache
# dir that validators.datadocs.build_data_docs copies into each site (nothing vendored in git).
# Idempotent: does nothing when the cache already matches scripts/datadocs-assets.txt.
set -euo pipefail

list="$(cd "$(dirname "$0")" && pwd)/datadocs-assets.txt"
dest="${NEWSDQ_DATADOCS_ASSETS:-${XDG_CACHE_HOME:-$HOME/.cache}/newsdq/datadocs-assets}"
stamp="$(sha256sum "$list" | cut -d' ' -f1)"

if [[ -f "$dest/manifest.json" && "$(cat "$dest/.stamp" 2>/dev/null)" == "$stamp" ]]; then
    echo "Data Docs assets up to date in $dest"
    exit 0
fi
command -v npm >/dev/null || { echo "npm is needed to fetch the Data Docs assets (apt-get install npm)" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/assets" "$work/tarballs"
entries=()
declare -A unpacked=()
while read -r url spec file extras; do
    [[ -z "$url" || "$url" == \#* ]] && continue
    if [[ -z "${unpacked[$spec]:-}" ]]; then
        tarball="$(cd "$work/tarballs" && npm pack "$spec" --silent 2>/dev/null | tail -n1)"
        mkdir -p "$work/pkg/$spec"
        tar -xzf "$work/tarballs/$tarball" -C "$work/pkg/$spec" --strip-components=1
        unpacked[$spec]=1
    fi
    for path in "$file" $extras; do
        [[ -e "$work/pkg/$spec/$path" ]] || { echo "$spec has no $path" >&2; exit 1; }
        mkdir -p "$work/assets/$spec/$(dirname "$path")"
        cp -R "$work/pkg/$spec/$path" "$work/assets/$spec/$(dirname "$path")/"
    done
    entries+=("    \"$url\": \"$spec/$file\"")
done < "$list"

{
    echo '{"version": 1, "assets": {'
    (IFS=$'\n'; echo "${entries[*]}" | sed '$!s/$/,/')
    echo '}}'
} > "$work/assets/manifest.json"
echo "$stamp" > "$work/assets/.stamp"
mkdir -p "$(dirname "$dest")"
rm -rf "$dest.new" && cp -R "$work/assets" "$dest.new" && rm -rf "$dest" && mv "$dest.new" "$dest"
echo "Data Docs assets fetched into $dest"
