#!/usr/bin/env bash
# Two planche processes on one collection: the second waits for the first,
# nothing is done twice, and the catalogue stays whole.
. "$(dirname "$0")/lib.sh"
need sqlite3 jq flock timeout

planche init coll >/dev/null
cd coll
for i in 1 2 3 4 5 6; do make_image "scans/plate$i.jpg" $((300 + i)) 400; done
expect_status 0 planche add scans

# The lock is taken first and held until both cleans say they are waiting
# for it (at most 30 s), so that the test does not hang on timing; then the
# writers go one after the other.
: > first.err
: > second.err
flock .planche.lock sh -c 'touch held; i=0
	until grep -q waiting first.err && grep -q waiting second.err || [ $i -ge 300 ]; do
		sleep 0.1; i=$((i + 1)); done' &
holder=$!
until [ -e held ]; do sleep 0.05; done
planche clean --pipeline none > first.out 2> first.err &
first=$!
planche clean --pipeline none > second.out 2> second.err &
second=$!
planche set 1 title="Edited meanwhile" &
third=$!
wait "$first" || fail "first clean failed: $(cat first.err)"
wait "$second" || fail "second clean failed: $(cat second.err)"
wait "$third" || fail "set failed"
wait "$holder"
grep -q "waiting" first.err || fail "the first clean did not say it was waiting: $(cat first.err)"
grep -q "waiting" second.err || fail "the second clean did not say it was waiting: $(cat second.err)"
total=$(( $(grep -o '[0-9]* done' first.out | cut -d' ' -f1) + $(grep -o '[0-9]* done' second.out | cut -d' ' -f1) ))
equals "$total" 6 "images cleaned by the two processes together"
equals "$(sqlite3 planche.db 'SELECT count(*) FROM runs')" 6 "one run per image"
equals "$(sqlite3 planche.db 'PRAGMA integrity_check')" "ok" "catalogue integrity"
equals "$(planche show 1 --format json | jq -r .title)" "Edited meanwhile" "the edit made meanwhile"
ok "concurrent cleans wait for each other; nothing is done twice"

# Hold the collection's lock from outside, as a long clean would.
flock .planche.lock sleep 4 &
holder=$!
sleep 0.5
expect_status 0 timeout 3 "$PLANCHE" query --format json
expect_status 124 timeout 1 "$PLANCHE" set 1 title="Blocked"
contains "$ERR" "waiting" "a blocked writer says why"
wait "$holder"
expect_status 0 planche set 1 title="After"
ok "readers go on while a writer holds the collection; writers wait and say so"

done_testing
