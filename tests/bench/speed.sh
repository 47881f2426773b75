#!/usr/bin/env bash
# Speed and memory of `planche clean` against the decode+encode floor and
# ImageMagick, on synthetic degraded scans: three of ~22 MP and one of ~85 MP.
#
# The batch: all four scans cleaned by one `planche clean`, as a user runs it
# after `planche add`, against the floor and ImageMagick run file by file as
# the issue gives them (the targets) and also nproc files at a time (xargs
# -P), since planche works on several images at once. The issue's floor writes
# 4:4:4 colour; planche and ImageMagick keep the scans' 4:2:0, so a floor that
# keeps it too is printed beside it. The first clean measures
# on the previews add kept; `clean --force` after it shows the cost without
# them (a second decoding per image), and add's own time is printed too. The
# single scan: the ~85 MP one alone, for the peak memory and a lone image.
#
#   tests/bench/speed.sh [BUILD_DIR] [--seed S] [--jobs N] [--reps N] [--keep]
#
# Every measurement is made --reps times (default 3) and the fastest kept, the
# usual way to see through a machine shared with other work.
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
reps=3
keep=0
while [ $# -gt 0 ]; do
	case "$1" in
	--seed) seed=$2; shift 2 ;;
	--jobs) jobs=$2; shift 2 ;;
	--reps) reps=$2; shift 2 ;;
	--keep) keep=1; shift ;;
	-h|--help) sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
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
"$gen" --seed "$seed" --kinds plate --start 1 --count 3 --megapixels 22 --no-truth-images "$work/s22"
# (case 5 of seed 1 draws 1.13 times the mean size: 75 gives ~85 MP)
"$gen" --seed "$seed" --kinds plate --start 5 --count 1 --megapixels 75 --no-truth-images "$work/s80"
mkdir -p "$work/batch/scans" "$work/single/scans"
mv "$work"/s22/*.jpg "$work"/s80/*.jpg "$work/batch/scans/"
ln "$work/batch/scans/case-005.jpg" "$work/single/scans/"
rm -rf "$work/s22" "$work/s80"

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

# max_rss FILE: peak RSS in MiB.
max_rss() { awk '{ if ($2 > m) m = $2 } END { printf "%.0f", m / 1024 }' "$1"; }

mp_batch=$(mp_of "$work/batch/scans")
mp_single=$(mp_of "$work/single/scans")
jobs_n=$(nproc)
single=$work/single/scans/case-005.jpg

# The ImageMagick command, with the policy above; im_one IN OUT.
if [ -n "$convert" ]; then
	mkdir -p "$work/policy"
	cat >"$work/policy/policy.xml" <<'EOF2'
<?xml version="1.0" encoding="UTF-8"?>
<policymap>
  <policy domain="resource" name="memory" value="2GiB"/>
  <policy domain="resource" name="map" value="4GiB"/>
  <policy domain="resource" name="area" value="1GP"/>
  <policy domain="resource" name="disk" value="8GiB"/>
  <policy domain="resource" name="width" value="64KP"/>
  <policy domain="resource" name="height" value="64KP"/>
</policymap>
EOF2
fi
export MAGICK_CONFIGURE_PATH=$work/policy convert
im_one() { "$convert" -limit memory 2GiB -limit area 1GiB "$1" -fuzz 10% -trim +repage -normalize -quality 90 "$2"; }
floor_one() { vips copy "$1" "$2[Q=90]"; }
# The floor as the issue gives it writes 4:4:4 colour; planche (and ImageMagick)
# keep a scan's 4:2:0, which is cheaper to write: this floor does the same.
floor_keep_one() { vips copy "$1" "$2[Q=90,subsample_mode=$(<"$work/subsample/${1##*/}")]"; }
export -f im_one floor_one floor_keep_one
export work

one_by_one() { # TOOL DIR OUT: the tool on every scan in DIR, one after the other
	local f
	for f in "$2"/*.jpg; do "$1" "$f" "$3/$(basename "$f")" || return 1; done
}
n_at_once() { # TOOL DIR OUT: the same, $jobs_n at a time
	ls "$2"/*.jpg | xargs -P "$jobs_n" -I{} bash -c '"$1" "$2" "$3/$(basename "$2")"' _ "$1" {} "$3"
}
export -f one_by_one n_at_once
export jobs_n

mkdir -p "$work/subsample"
for f in "$work"/batch/scans/*.jpg; do # (read before, not timed)
	[ "$(vipsheader -f jpeg-chroma-subsample "$f")" = 4:4:4 ] && m=off || m=on
	echo "$m" >"$work/subsample/${f##*/}"
done
echo "floor: vips copy in.jpg out.jpg[Q=90], file by file, then $jobs_n at a time ($reps times each)..."
mkdir -p "$work/floor" "$work/floor-par" "$work/floor-keep"
for r in $(seq "$reps"); do
	timed "$work/floor.t" bash -c 'one_by_one floor_one "$@"' _ "$work/batch/scans" "$work/floor"
	timed "$work/floor-keep.t" bash -c 'one_by_one floor_keep_one "$@"' _ "$work/batch/scans" \
		"$work/floor-keep"
	timed "$work/single-floor.t" vips copy "$single" "$work/floor/single.jpg[Q=90]"
	timed "$work/floor-par.t" bash -c 'n_at_once floor_one "$@"' _ "$work/batch/scans" "$work/floor-par"
done

echo "planche add, clean, clean --force: the batch in one run, then the single scan ($reps times)..."
clean_args=()
[ -n "$jobs" ] && clean_args+=(--jobs "$jobs")
for r in $(seq "$reps"); do
	for set in batch single; do
		rm -rf "$work/$set/planche.db"* "$work/$set/planche.conf" "$work/$set/masters" \
			"$work/$set/.previews"
		"$planche" init "$work/$set" >/dev/null
		timed "$work/$set/add.t" "$planche" -C "$work/$set" add scans
		timed "$work/$set/planche.t" "$planche" -C "$work/$set" clean "${clean_args[@]}"
		# Again without the previews add kept: clean decodes each original twice.
		timed "$work/$set/force.t" "$planche" -C "$work/$set" clean --force "${clean_args[@]}"
	done
done

have_im=0
if [ -n "$convert" ]; then
	have_im=1
	echo "ImageMagick ($convert -fuzz 10% -trim +repage -normalize -quality 90), file by file, then $jobs_n at a time ($reps times each)..."
	mkdir -p "$work/im" "$work/im-par"
	for r in $(seq "$reps"); do
		timed "$work/im.t" bash -c 'one_by_one im_one "$@"' _ "$work/batch/scans" "$work/im" || have_im=0
		timed "$work/im-par.t" bash -c 'n_at_once im_one "$@"' _ "$work/batch/scans" "$work/im-par" || have_im=0
	done
else
	echo "ImageMagick's convert not found: skipped"
fi

row() { # name seconds megapixels rss floor_seconds cpu_seconds floor_cpu
	awk -v n="$1" -v s="$2" -v mp="$3" -v rss="$4" -v fl="$5" -v c="$6" -v fc="$7" 'BEGIN {
		printf "  %-36s %6.2f s %6.1f MP/s %5.2fx floor | cpu %6.2f s %5.2fx | %5s MiB\n",
			n, s, mp / s, s / fl, c, c / fc, rss }'
}
line() { # FILE of timings, one line a repetition -> "seconds cpu rss" of the fastest, peak RSS of all
	sort -n "$1" | head -n1 | awk -v rss="$(max_rss "$1")" '{ printf "%.2f %.2f %s\n", $1, $3, rss }'
}

echo
echo "== $(nproc) cores, libvips $(vips --version | sed 's/vips-//'), seed $seed, fastest of $reps, load average now $(cut -d" " -f1-3 /proc/loadavg)"
read -r fl flc flr < <(line "$work/floor.t")
n=$(ls "$work/batch/scans"/*.jpg | wc -l)
echo
echo "the batch: $n scans, $mp_batch MP (wall time, MP/s, ratio to the floor | CPU time, ratio | peak RSS of one process):"
row "floor (vips copy Q=90), one at a time" "$fl" "$mp_batch" "$flr" "$fl" "$flc" "$flc"
read -r flp c r < <(line "$work/floor-par.t")
row "floor, $jobs_n at a time" "$flp" "$mp_batch" "-" "$fl" "$c" "$flc"
read -r flk c r < <(line "$work/floor-keep.t")
row "floor keeping 4:2:0, one at a time" "$flk" "$mp_batch" "-" "$fl" "$c" "$flc"
read -r pl plc plr < <(line "$work/batch/planche.t")
row "planche clean (one run)" "$pl" "$mp_batch" "$plr" "$fl" "$plc" "$flc"
read -r s c r < <(line "$work/batch/force.t")
row "  the same, without add's previews" "$s" "$mp_batch" "$r" "$fl" "$c" "$flc"
read -r s c r < <(line "$work/batch/add.t")
row "  (planche add before it)" "$s" "$mp_batch" "$r" "$fl" "$c" "$flc"
if [ $have_im = 1 ]; then
	read -r im imc imr < <(line "$work/im.t")
	row "ImageMagick, one at a time" "$im" "$mp_batch" "$imr" "$fl" "$imc" "$flc"
	read -r imp impc r < <(line "$work/im-par.t")
	row "ImageMagick, $jobs_n at a time" "$imp" "$mp_batch" "-" "$fl" "$impc" "$flc"
fi

read -r sfl c r < <(line "$work/single-floor.t")
read -r ss sc sr < <(line "$work/single/planche.t")
read -r fs fc fr < <(line "$work/single/force.t")
echo
echo "the single scan: case-005, $mp_single MP:"
awk -v s="$ss" -v f="$sfl" -v r="$sr" -v c="$sc" 'BEGIN { printf "  planche clean %.2f s, %.2fx its floor (%.2f s); cpu %.2f s; peak RSS %d MiB\n", s, s / f, f, c, r }'
awk -v s="$fs" -v f="$sfl" -v r="$fr" -v c="$fc" 'BEGIN { printf "  without add'"'"'s preview %.2f s, %.2fx; cpu %.2f s; peak RSS %d MiB\n", s, s / f, c, r }'

echo
echo "targets (the batch, wall time; CPU time in brackets):"
awk -v p="$pl" -v f="$fl" -v fp="$flp" -v fk="$flk" -v pc="$plc" -v fc="$flc" 'BEGIN { r = p / f; printf "  planche <= 1.5x the floor:            %.2fx (%.2fx)  %s   [%.2fx the floor run %d at a time, %.2fx the floor keeping 4:2:0]\n", r, pc / fc, (r <= 1.5) ? "met" : "NOT met", p / fp, '"$jobs_n"', p / fk }'
if [ $have_im = 1 ]; then
	awk -v p="$pl" -v i="$im" -v ip="$imp" -v pc="$plc" -v ic="$imc" 'BEGIN { r = i / p; printf "  >= 5x faster than ImageMagick:        %.2fx (%.2fx)  %s   [%.2fx ImageMagick run %d at a time]\n", r, ic / pc, (r >= 5) ? "met" : "NOT met", ip / p, '"$jobs_n"' }'
fi
m=$(( sr > fr ? sr : fr ))
awk -v m="$m" 'BEGIN { printf "  <= 120 MB peak RSS on the 85 MP scan: %d MiB (%.0f MB)  %s\n", m, m * 1.048576, (m * 1.048576 <= 120) ? "met" : "NOT met" }'
