#!/usr/bin/env bash
# Benchmark (not a test): the gallery's full build and no-change rebuild as
# the collection grows, on tiny distinct images (scale_fixture.py), so that
# what is measured is the per-image bookkeeping, not libvips. For each size
# it prints the full build, two no-change rebuilds and one after a title
# edit: wall and CPU seconds, peak memory, and per-image figures, to check
# that the build is linear in the images and the rebuild stays under 5 s at
# 100,000 (the target of issue 18).
#
#   tests/bench/rebuild.sh [BUILD] [SIZES...]    (default sizes: 1000 10000 100000)
#   KEEP=1 keeps the working folder.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-build}
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 100000)
planche=$(cd "$build" && pwd)/planche
[ -x "$planche" ] || { echo "rebuild.sh: no planche in $build" >&2; exit 2; }
for tool in vips python3 /usr/bin/time; do
	command -v "$tool" >/dev/null || { echo "rebuild.sh: needs $tool" >&2; exit 2; }
done
work=$(mktemp -d "${TMPDIR:-/tmp}/planche-bench-rebuild.XXXXXX")
[ "${KEEP:-0}" = 1 ] && echo "working in $work" || trap 'rm -rf "$work"' EXIT

# "WALL CPU MIB" of a command
measure() {
	/usr/bin/time -f '%e %U %S %M' -o "$work/time" "$@" >"$work/out" 2>"$work/err" || {
		echo "rebuild.sh: failed: $*" >&2; tail -3 "$work/err" >&2; exit 1; }
	awk '{printf "%.2f %.2f %.0f\n", $1, $2 + $3, $4 / 1024}' "$work/time"
}

echo "planche gallery rebuild benchmark, $(date -u +%Y-%m-%dT%H:%MZ), commit" \
     "$(git -C "$here" rev-parse --short HEAD 2>/dev/null || echo '?'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
cd "$work"
vips black base0.jpg 32 32 --bands 3 && vips linear base0.jpg base.jpg 1 200
printf "  %8s  %-22s %8s %8s %8s %10s\n" images step "wall s" "CPU s" "MiB" "CPU ms/img"
for n in "${sizes[@]}"; do
	rm -rf scans coll
	python3 "$here/scale_fixture.py" base.jpg "$n" scans
	mkdir coll
	(cd coll && "$planche" init >/dev/null &&
		for sheet in ../scans/sheet-*.csv; do "$planche" add --csv "$sheet" >/dev/null; done &&
		"$planche" clean >/dev/null 2>&1)
	cd coll
	for step in "full build" "no-change rebuild" "no-change rebuild" "one title edited"; do
		[ "$step" = "one title edited" ] && "$planche" set 1 title="Retitled" >/dev/null
		read -r wall cpu mib < <(measure "$planche" build -q)
		printf "  %8d  %-22s %8s %8s %8s %10.2f\n" "$n" "$step" "$wall" "$cpu" "$mib" \
			"$(echo "$cpu * 1000 / $n" | bc -l)"
	done
	cd ..
done
