#!/usr/bin/env bash
# One way to write JSON: PlJson (src/util/json.h). json-glib is for reading
# only, and no JSON is pieced together by hand with printf. This fails on
#  - json-glib's writing API (JsonBuilder, JsonGenerator, json_to_string...),
#  - the string escaper under PlJson called outside util/,
#  - a JSON key inside a C string literal ("{\"id\":" and the like).
set -euo pipefail
src=${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}/src

# Files still on their way to PlJson, each with the work that converts it.
# When one passes, this test says so: take it off the list then.
declare -A pending=(
)

writer='json_builder_|JsonBuilder|json_generator_|JsonGenerator|json_to_string|json_gobject_to_data|json_gvariant_serialize|json_serialize'
escaper='pl_json_append_string'
by_hand='\\"[A-Za-z_@$][A-Za-z0-9_ .:-]*\\" ?:'

bad=0
while IFS= read -r -d '' file; do
	rel=${file#"$src"/}
	found=$(grep -nE "$writer" "$file" || true)
	[[ $rel == util/* ]] || found+=$(grep -nE "$escaper" "$file" || true)
	found+=$(grep -nE "$by_hand" "$file" || true)
	if [[ -n ${pending[$rel]+x} ]]; then
		[[ -n $found ]] || echo "$rel: writes JSON only through PlJson now: take it off the pending list in $0"
		continue
	fi
	if [[ -n $found ]]; then
		echo "$rel: writes JSON without PlJson (util/json.h):"
		sed 's/^/    /' <<<"$found"
		bad=1
	fi
done < <(find "$src" -name '*.[ch]' -print0)

if ((bad)); then
	echo "json-writer: FAILED"
	exit 1
fi
echo "json-writer: src/ writes JSON through PlJson only"
