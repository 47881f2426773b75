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
# Wall time, and CPU time (user + sys), which a busy machine does not inflate.
timed() { # timed VAR CMD...: sets VAR (wall s) and VAR_cpu
	local var=$1 t0 t1
	shift
	t0=$(now)
	/usr/bin/time -f '%U %S' -o "$work/.cpu" "$@"
	t1=$(now)
	printf -v "$var" '%s' "$(secs "$t0" "$t1")"
	printf -v "${var}_cpu" '%s' "$(awk '{print $1 + $2}' "$work/.cpu")"
}

images=${IMAGES:-$work/images}
[ "$(find "$images" -name '*.jpg' 2>/dev/null | wc -l)" -ge "$n" ] ||
	"$GEN" --bench-collection "$n" "$images" >/dev/null
"$PLANCHE" init "$work/coll" >/dev/null
cd "$work/coll"
"$PLANCHE" add "$images" >/dev/null
t0=$(now); "$PLANCHE" clean >/dev/null 2>&1; t1=$(now)
echo "clean (masters, for reference): $(secs "$t0" "$t1") s"

timed full "$PLANCHE" build --quiet
timed rebuild "$PLANCHE" build --quiet
"$PLANCHE" set 1 title="Retitled" >/dev/null
timed edit "$PLANCHE" build --quiet
files=$(find site -type f | wc -l)
size=$(du -sh site | cut -f1)
echo "planche build, $n images ($files files, $size), wall / CPU seconds:"
echo "  full build          $full / $full_cpu"
echo "  no-change rebuild   $rebuild / $rebuild_cpu"
echo "  one title edited    $edit / $edit_cpu"

# thumbsup on the same masters, if it installs (see shared notes: its
# better-sqlite3 needs approving and rebuilding against the system's node).
ts="$work/thumbsup"
mkdir -p "$ts"
if ! command -v exiftool >/dev/null || ! command -v gm >/dev/null; then
	echo "thumbsup needs exiftool and GraphicsMagick (Debian: libimage-exiftool-perl graphicsmagick); no comparison"
elif (cd "$ts" && npm init -y >/dev/null && npm install --no-audit --no-fund thumbsup >/dev/null 2>&1 &&
	{ npm install-scripts approve better-sqlite3 >/dev/null 2>&1 || true; } &&
	npm rebuild better-sqlite3 --nodedir=/usr >/dev/null 2>&1) && [ -x "$ts/node_modules/.bin/thumbsup" ]; then
	if timed tfull "$ts/node_modules/.bin/thumbsup" --input masters --output "$ts/site" --log info >"$ts/log1" 2>&1; then
		timed trebuild "$ts/node_modules/.bin/thumbsup" --input masters --output "$ts/site" >"$ts/log2" 2>&1
		echo "thumbsup on the same masters, wall / CPU seconds:"
		echo "  full build          $tfull / $tfull_cpu"
		echo "  no-change rebuild   $trebuild / $trebuild_cpu"
		echo "ratio thumbsup/planche (CPU): full $(echo "scale=2; $tfull_cpu / $full_cpu" | bc), rebuild $(echo "scale=2; $trebuild_cpu / $rebuild_cpu" | bc)"
	else
		echo "thumbsup failed to run: $(tail -3 "$ts/log1")"
	fi
else
	echo "thumbsup: could not be installed here; no comparison"
fi
