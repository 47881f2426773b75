#!/usr/bin/env bash
# The rate of `planche add` as its preview cache grows: one add of a few
# thousand tiny images, the files a second (wall time) and the CPU time a file
# (user + system, the steadier figure on a shared machine) printed for every
# 1,000. Each file
# added leaves a preview in .previews/; a cost per file that grows with the
# cache shows as a falling rate. --prefill puts N empty previews there first,
# as a cache of N images not yet cleaned.
#
#   tests/bench/add-rate.sh [BUILD_DIR] [--count N] [--prefill N] [--keep]
#
# Builds nothing: BUILD_DIR (default build) must hold planche. Needs vips
# (libvips-tools). The images are one 64 x 48 JPEG with a different number
# appended after its end, so that each has its own checksum.
set -euo pipefail

build=build
count=5000
prefill=0
keep=0
while [ $# -gt 0 ]; do
	case "$1" in
	--count) count=$2; shift 2 ;;
	--prefill) prefill=$2; shift 2 ;;
	--keep) keep=1; shift ;;
	-h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	-*) echo "add-rate.sh: unknown option $1" >&2; exit 2 ;;
	*) build=$1; shift ;;
	esac
done
build=$(cd "$build" 2>/dev/null && pwd) || { echo "add-rate.sh: no build directory $build" >&2; exit 2; }
planche=$build/planche
[ -x "$planche" ] || { echo "add-rate.sh: $planche is missing: cmake --build $build first" >&2; exit 2; }
command -v vips >/dev/null || { echo "add-rate.sh: vips not found (libvips-tools)" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/planche-add-rate.XXXXXX")
if [ $keep = 1 ]; then
	echo "keeping $work"
else
	trap 'rm -rf "$work"' EXIT
fi

"$planche" init "$work/c" >/dev/null
mkdir -p "$work/c/scans" "$work/c/.previews"
vips xyz "$work/xyz.v" 64 48
vips extract_band "$work/xyz.v" "$work/tiny.jpg" 0
for ((i = 0; i < count; i++)); do
	cp "$work/tiny.jpg" "$work/c/scans/$(printf 's%06d.jpg' "$i")"
	printf '%08d' "$i" >>"$work/c/scans/$(printf 's%06d.jpg' "$i")"
done
for ((i = 0; i < prefill; i++)); do
	: >"$work/c/.previews/$(printf '%064x' "$i")"
done

echo "== planche add of $count images of 64 x 48, $prefill previews there before, $(nproc) cores, load average now $(cut -d' ' -f1-3 /proc/loadavg)"
cd "$work/c"
# cpu PID: user + system clock ticks of a running process
cpu() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
tick=$(getconf CLK_TCK)
exec 3< <(exec "$planche" add scans)
pid=$!
start=$EPOCHREALTIME
last=$start
last_cpu=0
n=0
while IFS= read -r line <&3; do
	case "$line" in added*) ;; *) continue ;; esac
	n=$((n + 1))
	if ((n % 1000 == 0 || n == count)); then
		now=$EPOCHREALTIME
		now_cpu=$(cpu "$pid")
		block=$(( (n - 1) % 1000 + 1 ))
		awk -v a=$((n - block + 1)) -v b="$n" -v t0="$last" -v t1="$now" -v s="$start" \
			-v c0="$last_cpu" -v c1="$now_cpu" -v tick="$tick" \
			'BEGIN { printf "  files %6d-%-6d %7.1f files/s %6.2f ms CPU a file   (%.1f s in all)\n", a, b, (b - a + 1) / (t1 - t0), 1000 * (c1 - c0) / tick / (b - a + 1), t1 - s }'
		last=$now
		last_cpu=$now_cpu
	fi
done
exec 3<&-
awk -v n="$n" -v t0="$start" -v t1="$EPOCHREALTIME" 'BEGIN { printf "all: %d files in %.1f s, %.1f files/s\n", n, t1 - t0, n / (t1 - t0) }'
