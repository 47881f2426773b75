#!/usr/bin/env bash
# Peak memory of `planche add` and `planche clean -j 1` on hostile images:
# files small on disk and large in pixels (up to the pixel limit), in every
# format and layout planche registers, some of which cannot be decoded a strip
# at a time. The target: each stays under 300 MB in add and in clean, or is
# refused with a clear message before it is decoded.
#
#   tests/bench/bombs.sh [BUILD_DIR] [--only REGEX] [--keep]
#
# Every image is made with the `vips` command (libvips-tools) and registered
# and cleaned in a collection of its own with the default planche.conf; peak
# resident memory comes from GNU time's -v (package `time`). A benchmark that
# prints figures, not a test: it takes 10-20 minutes and about 1.5 GB of disk
# in $TMPDIR, and exits 1 when an image misses the target.
set -euo pipefail

build=build
only=.
keep=0
while [ $# -gt 0 ]; do
	case "$1" in
	--only) only=$2; shift 2 ;;
	--keep) keep=1; shift ;;
	-h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	-*) echo "bombs.sh: unknown option $1" >&2; exit 2 ;;
	*) build=$1; shift ;;
	esac
done
build=$(cd "$build" 2>/dev/null && pwd) || { echo "bombs.sh: no build directory $build" >&2; exit 2; }
planche=$build/planche
[ -x "$planche" ] || { echo "bombs.sh: $planche is missing: cmake --build $build first" >&2; exit 2; }
command -v vips >/dev/null || { echo "bombs.sh: vips not found (libvips-tools)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bombs.sh: GNU time not found (package time)" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/planche-bombs.XXXXXX")
if [ $keep = 1 ]; then
	echo "keeping $work"
else
	trap 'rm -rf "$work"' EXIT
fi

# name|file|vips black arguments (the file's save options are in its name).
# Black pictures: the smallest files, and the decoders' buffers are the same.
images=(
	"baseline JPEG (streams; reference)|base.jpg[Q=80]|20000 20000 --bands 3"
	"progressive JPEG|prog.jpg[Q=80,interlace]|20000 20000 --bands 3"
	"progressive JPEG, 4:4:4|prog444.jpg[Q=95,interlace,subsample-mode=off]|20000 20000 --bands 3"
	"progressive JPEG, under the limit|prog-small.jpg[Q=80,interlace]|7200 7200 --bands 3"
	"WebP|lossy.webp|16383 16383 --bands 3"
	"WebP, lossless|lossless.webp[lossless]|16383 16383 --bands 3"
	"WebP, under the limit|small.webp|4400 4400 --bands 3"
	"PNG|plain.png|20000 20000 --bands 3"
	"PNG, interlaced|interlaced.png[interlace]|20000 20000 --bands 3"
	"PNG, interlaced, under the limit|interlaced-small.png[interlace]|7200 7200 --bands 3"
	"TIFF, deflate strips of 128 rows|strips.tif[compression=deflate]|20000 20000 --bands 3"
	"TIFF, one deflate strip|onestrip.tif[compression=deflate,tile-height=20000]|20000 20000 --bands 3"
	"TIFF, LZW strips of 8192 rows|lzw.tif[compression=lzw,tile-height=8192]|20000 20000 --bands 3"
	"TIFF, JPEG strips of 128 rows|jpegstrips.tif[compression=jpeg]|20000 20000 --bands 3"
	"TIFF, JPEG strips of 8192 rows|jpegbig.tif[compression=jpeg,tile-height=8192]|20000 20000 --bands 3"
	"TIFF, deflate tiles of 256|tiles.tif[tile,tile-width=256,tile-height=256,compression=deflate]|20000 20000 --bands 3"
	"TIFF, JPEG tiles of 4096|bigtiles.tif[tile,tile-width=4096,tile-height=4096,compression=jpeg]|20000 20000 --bands 3"
	"JPEG 2000, tiles of 512|tiles.jp2|10000 10000 --bands 3"
	"JPEG 2000, tiles of 8192|bigtiles.jp2[tile-width=8192,tile-height=8192]|10000 10000 --bands 3"
	"JPEG 2000, one tile|onetile.jp2[tile-width=10000,tile-height=10000]|10000 10000 --bands 3"
)

# measure DIR OUT CMD...: runs CMD in DIR under GNU time -v; OUT gets
# "status seconds peak_MB", OUT.err the command's stderr.
measure() {
	local dir=$1 out=$2
	shift 2
	local status=0
	(cd "$dir" && /usr/bin/time -v -o "$out.time" "$@" >/dev/null 2>"$out.err") || status=$?
	awk -v s="$status" '
		/Elapsed \(wall clock\)/ { n = split($NF, t, ":"); sec = 0; for (i = 1; i <= n; i++) sec = sec * 60 + t[i] }
		/Maximum resident set size/ { kb = $NF }
		END { printf "%d %.1f %.0f\n", s, sec, kb / 1024 }' "$out.time" >"$out"
}

target=300
missed=0
results=$work/results
: >"$results"
echo "== $(nproc) cores, libvips $(vips --version | sed 's/vips-//'), planche $("$planche" --version | cut -d' ' -f2) ($(git -C "$(dirname "$0")" rev-parse --short HEAD 2>/dev/null || echo '?')), load average now $(cut -d' ' -f1-3 /proc/loadavg)"
for entry in "${images[@]}"; do
	IFS='|' read -r name file args <<<"$entry"
	grep -Eq -- "$only" <<<"$name" || continue
	base=${file%%[*}
	coll=$work/${base//./-}
	rm -rf "$coll"
	"$planche" init "$coll" >/dev/null
	# shellcheck disable=SC2086
	vips black "$coll/$file" $args
	size=$(stat -c %s "$coll/$base")
	w=${args%% *}
	rest=${args#* }
	h=${rest%% *}
	measure "$coll" "$work/add" "$planche" add "$base"
	read -r add_status add_s add_mb <"$work/add"
	if grep -q "too large" "$work/add.err"; then
		add="refused $add_s s $add_mb MB"
		clean="-"
		why=$(grep -o 'too large to decode: as [^;]*' "$work/add.err" | sed 's/too large to decode: as //; s/, these [0-9]* x [0-9]* pixels//' | head -n1)
	elif [ "$add_status" = 0 ]; then
		add="added $add_s s $add_mb MB"
		measure "$coll" "$work/clean" "$planche" clean -j 1
		read -r clean_status clean_s clean_mb <"$work/clean"
		[ "$clean_status" = 0 ] && verb=cleaned || verb=FAILED
		clean="$verb $clean_s s $clean_mb MB"
		why=
		[ "$clean_status" = 0 ] || why=$(head -n1 "$work/clean.err")
		[ "$clean_mb" -lt "$target" ] || { missed=$((missed + 1)); clean="$clean (over)"; }
	else
		add="FAILED $add_s s $add_mb MB"
		clean="-"
		why=$(head -n1 "$work/add.err")
	fi
	[ "$add_mb" -lt "$target" ] || { missed=$((missed + 1)); add="$add (over)"; }
	printf '%-36s %6s x %-6s %9s | add: %-28s | clean -j 1: %s\n' "$name" "$w" "$h" \
		"$(awk -v b="$size" 'BEGIN { if (b >= 1e6) printf "%.1f MB", b / 1e6; else printf "%.0f kB", b / 1e3 }')" \
		"$add" "$clean" | tee -a "$results"
	[ -z "$why" ] || echo "    $why" | tee -a "$results"
	rm -rf "$coll"
done
echo
if [ $missed = 0 ]; then
	echo "target: every image under $target MB in add and in clean, or refused before decoding: met"
else
	echo "target: every image under $target MB in add and in clean, or refused before decoding: NOT met ($missed over)"
	exit 1
fi
