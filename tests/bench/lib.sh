# Shared by the cleaning benchmarks (accuracy.sh, real.sh): sourced, not run.
# Each function takes the calling script's name first, for its messages.

# bench_tools NAME BUILD_DIR: sets planche and gen (planche-gen-scans) from a
# build folder, or exits 2 saying what to build.
bench_tools() {
	local name=$1 dir=$2
	build=$(cd "$dir" 2>/dev/null && pwd) || { echo "$name: no build directory $dir" >&2; exit 2; }
	planche=$build/planche
	gen=$build/tests/planche-gen-scans
	local b
	for b in "$planche" "$gen"; do
		[ -x "$b" ] || { echo "$name: $b is missing: cmake --build $dir first" >&2; exit 2; }
	done
}

# bench_workdir NAME KEEP: sets work to a new temporary folder, removed on exit
# unless KEEP is 1.
bench_workdir() {
	work=$(mktemp -d "${TMPDIR:-/tmp}/planche-$1.XXXXXX")
	if [ "$2" = 1 ]; then
		echo "keeping $work"
	else
		trap 'rm -rf "$work"' EXIT
	fi
}

# bench_clean NAME COLL PIPELINE JOBS WHAT-FAILS RESULTS: runs `planche clean`
# on the collection COLL (PIPELINE and JOBS may be empty), sets clean_seconds
# to its wall time, says on stderr when it failed (WHAT-FAILS: how the scorer
# counts the images left without a master), then writes `query --format json`
# to RESULTS.
bench_clean() {
	local name=$1 coll=$2 pipeline=$3 jobs=$4 what=$5 results=$6
	local args=() start end status=0
	[ -n "$pipeline" ] && args+=(--pipeline "$pipeline")
	[ -n "$jobs" ] && args+=(--jobs "$jobs")
	start=$(date +%s.%N)
	"$planche" -C "$coll" clean "${args[@]}" >"$coll/../clean.log" 2>&1 || status=$?
	end=$(date +%s.%N)
	if [ $status != 0 ]; then
		echo "$name: planche clean exited $status ($what):" >&2
		tail -n 20 "$coll/../clean.log" >&2
	fi
	clean_seconds=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')
	"$planche" -C "$coll" query --format json >"$results"
}
