#!/usr/bin/env bash
# The layers of src/ (src/README.md draws them), read from the #include lines:
# a file may include its own folder's headers and those of lower layers only.
# Nothing includes upwards or sideways, so there is no cycle between folders.
# A new folder must be given a layer here, or this test fails.
set -euo pipefail
src=${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}/src

declare -A layer=(
	[cli]=7          # main, one file per command, terminal output, progress
	[gallery]=6      # publishers: the static site ...
	[review]=6       # ... and the local review site
	[collection]=5   # the collection: catalogue, ingest, clean, export
	[pipeline]=4     # pipeline files, the runner, previews
	[archives]=4     # archive clients and record parsers (network only here)
	[steps]=3        # one file per step, and their table
	[imaging]=2      # libvips helpers the steps share
	[corrections]=1  # per-image corrections: pure
	[provenance]=1   # identifiers, dates, rights, CSV: pure
	[util]=0         # files, escaping, JSON
)

bad=0
while IFS= read -r -d '' file; do
	rel=${file#"$src"/}
	from=${rel%%/*}
	if [[ $rel != */* ]]; then
		echo "$rel: every source file belongs in a layer's folder"; bad=1; continue
	fi
	if [[ -z ${layer[$from]+x} ]]; then
		echo "$rel: folder '$from' has no layer in $0"; bad=1; continue
	fi
	while IFS= read -r inc; do
		to=${inc%%/*}
		[[ $inc == */* ]] || { echo "$rel: #include \"$inc\" names no folder"; bad=1; continue; }
		[[ $to == "$from" ]] && continue
		if [[ -z ${layer[$to]+x} ]]; then
			echo "$rel: #include \"$inc\": folder '$to' has no layer"; bad=1
		elif (( layer[$to] >= layer[$from] )); then
			echo "$rel: #include \"$inc\": $from (layer ${layer[$from]}) may not include $to (layer ${layer[$to]})"
			bad=1
		fi
	done < <(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$file")
done < <(find "$src" -name '*.[ch]' -print0)

if ((bad)); then
	echo "include-layers: FAILED"
	exit 1
fi
echo "include-layers: every #include goes down a layer or stays in its folder"
