#!/usr/bin/env bash
# Crash safety: planche build killed with SIGKILL at several moments and run
# again ends with the same site as an uninterrupted build, no half-written
# file and no temporary left; the catalogue stays whole. (Clean's own kill
# test is in t30-clean.sh.)
. "$(dirname "$0")/lib.sh"
need sqlite3
need_gen

"$GEN" --count 5 --megapixels 1 --no-truth-images scans >/dev/null
planche init coll >/dev/null
mv scans coll/
cd coll
expect_status 0 planche add scans
expect_status 0 planche clean --pipeline none

expect_status 0 planche build --out ../reference
for delay in 0.2 0.6 1.2 2; do
	# The binary itself, not the shell function: $! must be what is killed.
	"$PLANCHE" build >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -9 "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
done
expect_status 0 planche build
leftovers=$(find site masters -name '.*.tmp-*' | wc -l)
equals "$leftovers" 0 "temporary files left after the interrupted builds"

digest() { # every file's path and checksum, but the state file that names its own folder
	(cd "$1" && find . -type f ! -name .planche-site.state -print0 | sort -z | xargs -0 sha256sum)
}
diff <(digest site) <(digest ../reference) > site.diff || fail "the site differs from an uninterrupted build: $(head -20 site.diff)"
equals "$(sqlite3 planche.db 'PRAGMA integrity_check')" "ok" "catalogue integrity"
ok "build killed at four moments, then run again: the same site as an uninterrupted build"

done_testing
