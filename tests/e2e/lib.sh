# Shared helpers for the end-to-end tests: each test sources this file, works
# in a fresh temporary folder and drives the real planche binary.
set -euo pipefail

: "${PLANCHE:?PLANCHE must name the planche binary}"
: "${GEN:=}"
TEST_NAME=$(basename "$0" .sh)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/planche-$TEST_NAME.XXXXXX")
# Background servers and batches die with the test, even when it fails midway:
# a survivor would hold ctest's pipe open.
cleanup() {
	local pid
	for pid in $(jobs -p); do
		pkill -P "$pid" 2>/dev/null || true
		kill "$pid" 2>/dev/null || true
	done
	rm -rf "$WORK"
}
trap cleanup EXIT
cd "$WORK"
passed=0

planche() { "$PLANCHE" "$@"; }

fail() {
	echo "FAIL [$TEST_NAME]: $*" >&2
	exit 1
}

ok() {
	passed=$((passed + 1))
	echo "ok $passed - $*"
}

# expect_status CODE CMD...: runs CMD, keeps its output in $OUT and $ERR.
expect_status() {
	local want=$1
	shift
	set +e
	"$@" >"$WORK/.out" 2>"$WORK/.err"
	local got=$?
	set -e
	OUT=$(cat "$WORK/.out")
	ERR=$(cat "$WORK/.err")
	if [ "$got" != "$want" ]; then
		echo "--- stdout" >&2; cat "$WORK/.out" >&2
		echo "--- stderr" >&2; cat "$WORK/.err" >&2
		fail "'$*' exited $got, expected $want"
	fi
}

contains() { # contains HAYSTACK NEEDLE WHAT
	case "$1" in
	*"$2"*) ;;
	*) fail "$3: '$2' not found in: $1" ;;
	esac
}

lacks() {
	case "$1" in
	*"$2"*) fail "$3: '$2' should not be in: $1" ;;
	esac
}

equals() { # equals GOT WANT WHAT
	[ "$1" = "$2" ] || fail "$3: got '$1', expected '$2'"
}

# A small valid image made with libvips' own command: a gradient with some
# variation so it is not blank.
make_image() { # make_image PATH [W H]
	local w=${2:-240} h=${3:-320}
	vips xyz "$WORK/.xyz.v" "$w" "$h"
	vips extract_band "$WORK/.xyz.v" "$WORK/.band.v" 0
	vips linear "$WORK/.band.v" "$WORK/.lin.v" 0.8 20 --uchar
	mkdir -p "$(dirname "$1")"
	vips copy "$WORK/.lin.v" "$1"
	rm -f "$WORK"/.xyz.v "$WORK"/.band.v "$WORK"/.lin.v
}

# On CI (CI set, as CI services do) nothing is skipped for want of a tool: a
# test that cannot run there fails and names what is missing. Elsewhere it is
# skipped (exit 77) with the same sentence.
on_ci() {
	case "${CI:-}" in '' | 0 | false | no) return 1 ;; esac
}

skip() { # skip WHY
	on_ci && fail "cannot run on CI: $*"
	echo "skip: $*"
	exit 77
}

# need TOOL...: every TOOL must be a command on PATH.
need() {
	local t absent=()
	for t in "$@"; do
		command -v "$t" >/dev/null || absent+=("$t")
	done
	[ ${#absent[@]} -eq 0 ] ||
		skip "${absent[*]} not found (bash .ci/install-deps --tests installs it)"
}

# missing WHY: part of a test cannot run here; says why, or fails on CI.
missing() {
	on_ci && fail "cannot run on CI: $*"
	echo "# not checked: $*"
}

need_gen() {
	[ -n "$GEN" ] && [ -x "$GEN" ] || skip "no fixture generator (GEN=${GEN:-unset}): build planche-gen-scans"
}

# Tools every test may use through this file.
need vips pkill

done_testing() {
	echo "$passed passed, 0 failed"
}
