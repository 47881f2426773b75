#!/usr/bin/env bash
# How `planche clean` does on real scans: the 31 public-domain samples of
# shared/samples/real/ (not in the repository), scored against their
# hand-checked expected.json.
#
#   tests/bench/real.sh [BUILD_DIR] [--pipeline NAME] [--samples DIR] [--jobs N]
#                       [--keep] [--verbose] [--strict]
#
# Builds nothing: BUILD_DIR (default: build) must hold planche and
# tests/planche-gen-scans. The samples are looked for in ../shared/samples/real
# beside the repository (from a git worktree, also beside its main checkout),
# or in --samples DIR; without them the script says so and exits 0.
# Per sample: the crop (right, or how far it cuts into the content or keeps
# what lies outside the page, and on which side), the quarter turn expected
# and made, the skew left, the paper's chroma ratio, the contrast ratio and,
# for near-blank pages, whether they were left alone; then the targets: at
# least 28 of 31 crops right, every turn right, every paper chroma ratio at
# most 1.1, every near-blank page untouched. --strict exits 3 when a target
# is missed. See tests/bench/README.md.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
build=build
pipeline=
samples=
jobs=
keep=0
verbose=
strict=
while [ $# -gt 0 ]; do
	case "$1" in
	--pipeline) pipeline=$2; shift 2 ;;
	--samples) samples=$2; shift 2 ;;
	--jobs) jobs=$2; shift 2 ;;
	--keep) keep=1; shift ;;
	--verbose) verbose=--verbose; shift ;;
	--strict) strict=--strict; shift ;;
	-h|--help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	-*) echo "real.sh: unknown option $1" >&2; exit 2 ;;
	*) build=$1; shift ;;
	esac
done

if [ -z "$samples" ]; then
	samples=$repo/../shared/samples/real
	if [ ! -f "$samples/expected.json" ]; then
		# a worktree: the main checkout's neighbour
		common=$(git -C "$repo" rev-parse --path-format=absolute --git-common-dir 2>/dev/null || true)
		[ -n "$common" ] && samples=$(dirname "$common")/../shared/samples/real
	fi
fi
if [ ! -f "$samples/expected.json" ]; then
	echo "real.sh: no real samples (looked for ../shared/samples/real/expected.json beside the" \
		"repository): skipped"
	exit 0
fi
samples=$(cd "$samples" && pwd)

. "$here/lib.sh"
bench_tools real.sh "$build"

bench_workdir real "$keep"

"$planche" init "$work/coll" >/dev/null
mkdir "$work/coll/scans"
n=0
for f in "$samples"/*; do
	case "$f" in
	*.jpg|*.jpeg|*.png|*.tif|*.tiff|*.jp2|*.webp) cp "$f" "$work/coll/scans/"; n=$((n + 1)) ;;
	esac
done
p() { "$planche" -C "$work/coll" "$@"; }
p add scans >"$work/add.log" 2>&1 || { echo "real.sh: planche add failed:" >&2; tail -n 20 "$work/add.log" >&2; }

bench_clean real.sh "$work/coll" "$pipeline" "$jobs" \
	"samples without a master are scored as misses" "$work/results.json"

echo
echo "planche clean --pipeline ${pipeline:-gallica}: $n real samples from $samples in" \
	"$clean_seconds s" \
	"(planche $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo '?'))"
echo
# libtiff warns about a sample's stray Predictor tag at every read: said once here
status=0
"$gen" --score-real $verbose $strict --collection "$work/coll" "$samples/expected.json" \
	"$work/results.json" 2>"$work/score.err" || status=$?
grep -v -e 'Unknown field with tag 317' -e '^$' "$work/score.err" >&2 || true
exit $status
