#!/usr/bin/env bash
# Benchmark (not a test): full build and no-change rebuild of a 1,000-image
# collection, and the same with thumbsup (npm) on the same images when it
# installs. Prints times and ratios.
#   usage: tests/bench/gallery.sh [BUILD_DIR] [N]
# IMAGES=DIR keeps the generated images there for another run.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-$here/build}" && pwd)
n=${2:-1000}
PLANCHE=${PLANCHE:-$build/planche}
GEN=${GEN:-$build/tests/planche-gen-scans}
[ -x "$PLANCHE" ] && [ -x "$GEN" ] || { echo "build planche first (cmake --build $build)"; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/planche-bench-gallery.XXXXXX")
trap 'rm -rf "$work"' EXIT

now() { date +%s.%N; }
secs() { echo "$2 - $1" | bc; }

images=${IMAGES:-$work/images}
[ "$(find "$images" -name '*.jpg' 2>/dev/null | wc -l)" -ge "$n" ] ||
	"$GEN" --bench-collection "$n" "$images" >/dev/null
"$PLANCHE" init "$work/coll" >/dev/null
cd "$work/coll"
"$PLANCHE" add "$images" >/dev/null
t0=$(now); "$PLANCHE" clean >/dev/null 2>&1; t1=$(now)
echo "clean (masters, for reference): $(secs "$t0" "$t1") s"

t0=$(now); "$PLANCHE" build --quiet; t1=$(now)
full=$(secs "$t0" "$t1")
t0=$(now); "$PLANCHE" build --quiet; t1=$(now)
rebuild=$(secs "$t0" "$t1")
"$PLANCHE" set 1 title="Retitled" >/dev/null
t0=$(now); "$PLANCHE" build --quiet; t1=$(now)
edit=$(secs "$t0" "$t1")
files=$(find site -type f | wc -l)
size=$(du -sh site | cut -f1)
echo "planche build, $n images: full $full s, no-change rebuild $rebuild s, one title edited $edit s ($files files, $size)"

# thumbsup on the same masters, if it installs (see shared notes: its
# better-sqlite3 needs approving and rebuilding against the system's node).
ts="$work/thumbsup"
mkdir -p "$ts"
if ! command -v exiftool >/dev/null || ! command -v gm >/dev/null; then
	echo "thumbsup needs exiftool and GraphicsMagick (Debian: libimage-exiftool-perl graphicsmagick); no comparison"
elif (cd "$ts" && npm init -y >/dev/null && npm install --no-audit --no-fund thumbsup >/dev/null 2>&1 &&
	{ npm install-scripts approve better-sqlite3 >/dev/null 2>&1 || true; } &&
	npm rebuild better-sqlite3 --nodedir=/usr >/dev/null 2>&1) && [ -x "$ts/node_modules/.bin/thumbsup" ]; then
	t0=$(now)
	if "$ts/node_modules/.bin/thumbsup" --input masters --output "$ts/site" --log info >"$ts/log1" 2>&1; then
		t1=$(now); tfull=$(secs "$t0" "$t1")
		t0=$(now); "$ts/node_modules/.bin/thumbsup" --input masters --output "$ts/site" >"$ts/log2" 2>&1; t1=$(now)
		trebuild=$(secs "$t0" "$t1")
		echo "thumbsup, same masters: full $tfull s, no-change rebuild $trebuild s"
		echo "ratio thumbsup/planche: full $(echo "scale=2; $tfull / $full" | bc), rebuild $(echo "scale=2; $trebuild / $rebuild" | bc)"
	else
		echo "thumbsup failed to run: $(tail -3 "$ts/log1")"
	fi
else
	echo "thumbsup: could not be installed here; no comparison"
fi
