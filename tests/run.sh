#!/usr/bin/env bash
# The whole test suite, as CI runs it: installs what the tests need, builds
# planche twice (plain, and with AddressSanitizer + UndefinedBehaviorSanitizer)
# and runs every CTest test in both builds.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
bash .ci/install-deps --tests

jobs=$(nproc)
status=0
run_suite() {
  local dir=$1 exclude=$2; shift 2
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPLANCHE_WERROR=ON "$@" >/dev/null
  cmake --build "$dir" -j "$jobs"
  (cd "$dir" && ctest --output-on-failure -j "$jobs" ${exclude:+-E "$exclude"}) || status=1
}

echo "== plain build"
run_suite build-test ""
echo "== AddressSanitizer + UndefinedBehaviorSanitizer build"
# libvips' own threads keep some allocations until exit: leak checks are done
# under valgrind on the main paths instead (tests/e2e/t90-valgrind.sh, in the
# plain build only: valgrind cannot run a sanitized binary). The browser tests
# look at pages the plain build already wrote the same way; the sanitizers see
# that C code through the end-to-end tests. G_SLICE: GLib's slice allocator
# would hide a freed GObject (a VipsImage) from ASan.
G_SLICE=always-malloc ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  PLANCHE_SANITIZED=1 run_suite build-asan '^browser/|^e2e/t90-' -DPLANCHE_SANITIZE=ON
exit $status
