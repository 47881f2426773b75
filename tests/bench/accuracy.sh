#!/usr/bin/env bash
# How well `planche clean` crops, turns and straightens synthetic scans whose
# truth is known, and what it does to their paper and contrast: engraved
# plates, book pages, spreads, pages turned sideways, near-blank covers,
# prints on mounts, cut-out drawings on black and faded prints.
#
#   tests/bench/accuracy.sh [BUILD_DIR] [--count N] [--seed S] [--megapixels M]
#                           [--kinds LIST] [--pipeline NAME] [--jobs N] [--min-pass PCT]
#                           [--keep] [--verbose]
#
# Builds nothing: BUILD_DIR (default: build) must hold planche and
# tests/planche-gen-scans. --kinds (default: all eight, 48 cases: six of
# each) is planche-gen-scans' list. Prints the scorer's table; the cleaner's
# target is >= 95 % of cases passing (crop, turn, skew, chroma, contrast or
# near-blank; tests/bench/README.md). With --min-pass PCT it exits 3 when
# fewer than PCT percent of the cases pass.
set -euo pipefail

build=build
count=48
kinds=all
seed=1
mp=4
pipeline=
jobs=
keep=0
verbose=
min_pass=0
while [ $# -gt 0 ]; do
	case "$1" in
	--count) count=$2; shift 2 ;;
	--seed) seed=$2; shift 2 ;;
	--megapixels) mp=$2; shift 2 ;;
	--kinds) kinds=$2; shift 2 ;;
	--pipeline) pipeline=$2; shift 2 ;;
	--jobs) jobs=$2; shift 2 ;;
	--keep) keep=1; shift ;;
	--verbose) verbose=--verbose; shift ;;
	--min-pass) min_pass=$2; shift 2 ;;
	-h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	-*) echo "accuracy.sh: unknown option $1" >&2; exit 2 ;;
	*) build=$1; shift ;;
	esac
done

. "$(dirname "$0")/lib.sh"
bench_tools accuracy.sh "$build"

bench_workdir accuracy "$keep"

# The truth (truth.json, case-NNN.truth.png) stays outside the collection so
# that `planche add` sees only the scans.
"$gen" --count "$count" --seed "$seed" --megapixels "$mp" --kinds "$kinds" "$work/truth"
mkdir -p "$work/coll/scans"
mv "$work"/truth/case-[0-9][0-9][0-9].jpg "$work/coll/scans/"

p() { "$planche" -C "$work/coll" "$@"; }
"$planche" init "$work/coll" >/dev/null
p add scans >/dev/null

bench_clean accuracy.sh "$work/coll" "$pipeline" "$jobs" \
	"failed images are scored as failures" "$work/coll/results.json"

echo
echo "planche clean${pipeline:+ --pipeline $pipeline}: $count scans ($kinds) of ~$mp MP in" \
	"$clean_seconds s"
echo
"$gen" --score $verbose --min-pass "$min_pass" --collection "$work/coll" "$work/truth" \
	"$work/coll/results.json"
