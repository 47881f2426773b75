#!/usr/bin/env bash
# The main path (add, clean, query, show, build) under valgrind memcheck: no
# memory errors and no definite leaks. Skipped in the sanitizer build, where
# AddressSanitizer does this job (tests/run.sh does not run it there).
. "$(dirname "$0")/lib.sh"
[ -z "${PLANCHE_SANITIZED:-}" ] || { echo "skip: sanitizer build"; exit 77; }
need valgrind

vg() {
	valgrind --leak-check=full --errors-for-leak-kinds=definite --show-leak-kinds=definite \
		--error-exitcode=3 -q "$PLANCHE" "$@"
}

planche init coll >/dev/null
cd coll
# Small images: valgrind runs some fifty times slower.
make_image scans/btv1b8451605w_f12.jpg 200 260
echo "broken" > scans/broken.jpg

expect_status 1 vg add scans
contains "$ERR" "broken.jpg" "the broken file is reported"
lacks "$ERR" "definitely lost" "add"
ok "add: no memory errors or leaks, broken file included"

expect_status 0 vg clean
ok "clean: no memory errors or leaks"

expect_status 0 vg set 1 title="Titre" tags=a,b
expect_status 0 vg query --format json titre
contains "$OUT" "Titre" "query after set"
ok "set, query: no memory errors or leaks"

expect_status 0 vg build
ok "build: no memory errors or leaks"

done_testing
