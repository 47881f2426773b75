#!/usr/bin/env bash
# Speed and memory of `planche clean` against the decode+encode floor and
# ImageMagick, on synthetic degraded scans: three of ~22 MP and one of ~80 MP.
#
#   tests/bench/speed.sh [BUILD_DIR] [--seed S] [--jobs N] [--keep]
#
# Builds nothing: BUILD_DIR (default: build) must hold planche and
# tests/planche-gen-scans. Needs vips (libvips-tools), GNU time (package
# `time`) and ImageMagick's convert (package `imagemagick`; skipped if absent).
#
# ImageMagick: Debian's /etc/ImageMagick-6/policy.xml caps memory at 256 MiB,
# area at 128 MP and disk at 1 GiB, and `-limit` can only lower those caps, so
# an 80 MP scan fails ("cache resources exhausted"). This script points
# MAGICK_CONFIGURE_PATH at a policy.xml of its own (memory 2 GiB, map 4 GiB,
# area 1 GP, disk 8 GiB) and passes -limit memory 2GiB -limit area 1GiB.
set -euo pipefail

build=build
seed=1
jobs=
keep=0
while [ $# -gt 0 ]; do
	case "$1" in
	--seed) seed=$2; shift 2 ;;
	--jobs) jobs=$2; shift 2 ;;
	--keep) keep=1; shift ;;
	-h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	-*) echo "speed.sh: unknown option $1" >&2; exit 2 ;;
	*) build=$1; shift ;;
	esac
done

build=$(cd "$build" 2>/dev/null && pwd) || { echo "speed.sh: no build directory $build" >&2; exit 2; }
planche=$build/planche
gen=$build/tests/planche-gen-scans
for b in "$planche" "$gen"; do
	[ -x "$b" ] || { echo "speed.sh: $b is missing: cmake --build ${build} first" >&2; exit 2; }
done
command -v vips >/dev/null || { echo "speed.sh: vips not found (libvips-tools)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "speed.sh: GNU time not found (package time)" >&2; exit 2; }
# the real convert, not a wrapper earlier on PATH
convert=$(command -v /usr/bin/convert convert 2>/dev/null | head -n1 || true)

work=$(mktemp -d "${TMPDIR:-/tmp}/planche-speed.XXXXXX")
if [ $keep = 1 ]; then
	echo "keeping $work"
else
	trap 'rm -rf "$work"' EXIT
fi

# Cases 1-3 and 5 carry the defects (skew, borders, strip); 0 is a clean one.
echo "generating scans..."
"$gen" --seed "$seed" --start 1 --count 3 --megapixels 22 --no-truth-images "$work/s22/scans"
# (case 5 of seed 1 draws 1.13 times the mean size: 75 gives ~85 MP)
"$gen" --seed "$seed" --start 5 --count 1 --megapixels 75 --no-truth-images "$work/s80/scans"
rm -f "$work"/s*/scans/truth.json

mp_of() { # total megapixels of the JPEGs in a folder
	local sum=0 f
	for f in "$1"/*.jpg; do
		sum=$(awk -v s="$sum" -v w="$(vipsheader -f width "$f")" -v h="$(vipsheader -f height "$f")" \
			'BEGIN { printf "%.3f", s + w * h / 1e6 }')
	done
	echo "$sum"
}

# timed OUT CMD...: runs CMD under GNU time; appends "seconds maxrss_kib cpu_seconds"
# to OUT. CPU time is printed too: on a shared machine it moves less than wall time.
timed() {
	local out=$1
	shift
	/usr/bin/time -f "%e %M %U %S" -o "$work/.t" "$@" >/dev/null 2>"$work/.err" || {
		echo "speed.sh: failed: $*" >&2
		cat "$work/.err" >&2
		return 1
	}
	awk '{ print $1, $2, $3 + $4 }' "$work/.t" >>"$out"
}

# sum_time FILE: total seconds; max_rss FILE: peak RSS in MiB.
sum_time() { awk '{ s += $1 } END { printf "%.2f", s }' "$1"; }
sum_cpu() { awk '{ s += $3 } END { printf "%.2f", s }' "$1"; }
max_rss() { awk '{ if ($2 > m) m = $2 } END { printf "%.0f", m / 1024 }' "$1"; }

mp22=$(mp_of "$work/s22/scans")
mp80=$(mp_of "$work/s80/scans")

echo "floor: vips copy in.jpg out.jpg[Q=90]..."
for set in s22 s80; do
	mkdir -p "$work/$set/floor"
	for f in "$work/$set/scans"/*.jpg; do
		timed "$work/$set/floor.t" vips copy "$f" "$work/$set/floor/$(basename "$f")[Q=90]"
	done
done

echo "planche clean (default pipeline)..."
clean_args=()
[ -n "$jobs" ] && clean_args+=(--jobs "$jobs")
for set in s22 s80; do
	"$planche" init "$work/$set" >/dev/null
	"$planche" -C "$work/$set" add scans >/dev/null
	timed "$work/$set/planche.t" "$planche" -C "$work/$set" clean "${clean_args[@]}"
done

have_im=0
if [ -n "$convert" ]; then
	have_im=1
	echo "ImageMagick ($convert -fuzz 10% -trim +repage -normalize -quality 90)..."
	mkdir -p "$work/policy"
	cat >"$work/policy/policy.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<policymap>
  <policy domain="resource" name="memory" value="2GiB"/>
  <policy domain="resource" name="map" value="4GiB"/>
  <policy domain="resource" name="area" value="1GP"/>
  <policy domain="resource" name="disk" value="8GiB"/>
  <policy domain="resource" name="width" value="64KP"/>
  <policy domain="resource" name="height" value="64KP"/>
</policymap>
EOF
	for set in s22 s80; do
		mkdir -p "$work/$set/im"
		for f in "$work/$set/scans"/*.jpg; do
			MAGICK_CONFIGURE_PATH="$work/policy" timed "$work/$set/im.t" "$convert" \
				-limit memory 2GiB -limit area 1GiB "$f" -fuzz 10% -trim +repage \
				-normalize -quality 90 "$work/$set/im/$(basename "$f")" || have_im=0
		done
	done
else
	echo "ImageMagick's convert not found: skipped"
fi

row() { # name seconds megapixels rss floor_seconds cpu_seconds floor_cpu
	awk -v n="$1" -v s="$2" -v mp="$3" -v rss="$4" -v fl="$5" -v c="$6" -v fc="$7" 'BEGIN {
		printf "  %-30s %7.2f s %7.1f MP/s %6.2fx floor | cpu %7.2f s %6.2fx | %5s MiB\n",
			n, s, mp / s, s / fl, c, c / fc, rss }'
}

echo
echo "== $(nproc) cores, libvips $(vips --version | sed 's/vips-//'), seed $seed, load average now $(cut -d" " -f1-3 /proc/loadavg) (other work skews the figures)"
for set in s22 s80; do
	mp=$([ $set = s22 ] && echo "$mp22" || echo "$mp80")
	n=$(ls "$work/$set/scans"/*.jpg | wc -l)
	fl=$(sum_time "$work/$set/floor.t")
	fc=$(sum_cpu "$work/$set/floor.t")
	echo
	echo "$n scan(s), $mp MP in all (wall time, MP/s, ratio to the floor | CPU time, ratio | peak RSS):"
	row "floor (vips copy, Q=90)" "$fl" "$mp" "$(max_rss "$work/$set/floor.t")" "$fl" "$fc" "$fc"
	row "planche clean" "$(sum_time "$work/$set/planche.t")" "$mp" \
		"$(max_rss "$work/$set/planche.t")" "$fl" "$(sum_cpu "$work/$set/planche.t")" "$fc"
	if [ $have_im = 1 ]; then
		row "ImageMagick trim+normalize" "$(sum_time "$work/$set/im.t")" "$mp" \
			"$(max_rss "$work/$set/im.t")" "$fl" "$(sum_cpu "$work/$set/im.t")" "$fc"
	fi
done

pl=$(awk '{ s += $1 } END { print s }' "$work/s22/planche.t" "$work/s80/planche.t")
fl=$(awk '{ s += $1 } END { print s }' "$work/s22/floor.t" "$work/s80/floor.t")
plc=$(awk '{ s += $3 } END { print s }' "$work/s22/planche.t" "$work/s80/planche.t")
flc=$(awk '{ s += $3 } END { print s }' "$work/s22/floor.t" "$work/s80/floor.t")
echo
echo "targets (wall time; CPU time in brackets):"
awk -v p="$pl" -v f="$fl" -v pc="$plc" -v fc="$flc" 'BEGIN { r = p / f; printf "  planche <= 1.5x the floor:          %.2fx (%.2fx)  %s\n", r, pc / fc, (r <= 1.5) ? "met" : "NOT met" }'
if [ $have_im = 1 ]; then
	im=$(awk '{ s += $1 } END { print s }' "$work/s22/im.t" "$work/s80/im.t")
	imc=$(awk '{ s += $3 } END { print s }' "$work/s22/im.t" "$work/s80/im.t")
	awk -v p="$pl" -v i="$im" -v pc="$plc" -v ic="$imc" 'BEGIN { r = i / p; printf "  >= 5x faster than ImageMagick:      %.2fx (%.2fx)  %s\n", r, ic / pc, (r >= 5) ? "met" : "NOT met" }'
fi
rss=$(max_rss "$work/s80/planche.t")
awk -v m="$rss" 'BEGIN { printf "  < 300 MB peak RSS on the 80 MP scan: %d MiB (%.0f MB)  %s\n", m, m * 1.048576, (m * 1.048576 < 300) ? "met" : "NOT met" }'
