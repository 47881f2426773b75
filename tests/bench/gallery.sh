#!/usr/bin/env bash
# Benchmark (not a test): full build and no-change rebuild of a 1,000-image
# collection, and the same with thumbsup (npm) on the same masters in the
# same run. Prints wall and CPU times and ratios.
#   usage: tests/bench/gallery.sh [BUILD_DIR] [N]
# IMAGES=DIR keeps the generated images there for another run (any *.jpg
# there are used); MEGAPIXELS=M their size (1.4, the issue's masters).
# thumbsup 2.18 is installed once with npm into THUMBSUP_DIR (default
# ~/.cache/planche-bench/thumbsup) and found there offline afterwards; it
# needs exiftool and GraphicsMagick (Debian: libimage-exiftool-perl
# graphicsmagick). Its better-sqlite3 needs approving and rebuilding
# against the system's node (done here).
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
	"$GEN" --bench-collection "$n" --megapixels "${MEGAPIXELS:-1.4}" "$images" >/dev/null
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

# thumbsup on the same masters: installed once (needs the npm registry),
# then used from its folder offline.
tsdir=${THUMBSUP_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/planche-bench/thumbsup}
ts="$work/thumbsup"
mkdir -p "$ts" "$tsdir"
thumbsup="$tsdir/node_modules/.bin/thumbsup"
if ! command -v exiftool >/dev/null || ! command -v gm >/dev/null; then
	echo "thumbsup needs exiftool and GraphicsMagick (Debian: libimage-exiftool-perl graphicsmagick); no comparison"
elif [ -x "$thumbsup" ] || (cd "$tsdir" && { [ -f package.json ] || npm init -y >/dev/null; } &&
	npm install --no-audit --no-fund thumbsup@2.18 >/dev/null 2>&1 &&
	{ npm install-scripts approve better-sqlite3 >/dev/null 2>&1 || true; } &&
	npm rebuild better-sqlite3 --nodedir=/usr >/dev/null 2>&1) && [ -x "$thumbsup" ]; then
	if timed tfull "$thumbsup" --input masters --output "$ts/site" --log info >"$ts/log1" 2>&1; then
		timed trebuild "$thumbsup" --input masters --output "$ts/site" >"$ts/log2" 2>&1
		echo "thumbsup on the same masters, wall / CPU seconds:"
		echo "  full build          $tfull / $tfull_cpu"
		echo "  no-change rebuild   $trebuild / $trebuild_cpu"
		echo "  ($(find "$ts/site" -type f | wc -l) files, $(du -sh "$ts/site" | cut -f1))"
		echo "ratio thumbsup/planche: full $(echo "scale=2; $tfull / $full" | bc) wall, $(echo "scale=2; $tfull_cpu / $full_cpu" | bc) CPU; rebuild $(echo "scale=2; $trebuild / $rebuild" | bc) wall, $(echo "scale=2; $trebuild_cpu / $rebuild_cpu" | bc) CPU"
	else
		echo "thumbsup failed to run: $(tail -3 "$ts/log1")"
	fi
else
	echo "thumbsup: could not be installed here; no comparison"
fi
