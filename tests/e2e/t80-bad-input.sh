#!/usr/bin/env bash
# Bad input: every file gets a clear one-line error naming it, is recorded,
# and the batch goes on; nothing a user feeds planche crashes it.
. "$(dirname "$0")/lib.sh"
need sqlite3 jq unshare mount

planche init coll >/dev/null
cd coll
mkdir in
make_image in/good-first.jpg 120 90
# A PNG whose header claims 100,000 x 100,000 pixels (10 gigapixels).
printf '\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52\x00\x01\x86\xa0\x00\x01\x86\xa0\x08\x00\x00\x00\x00\x8d\x39\x54\x14\x00\x00\x00\x11\x49\x44\x41\x54\x78\x9c\x63\x60\x18\x05\xa3\x60\x14\x0c\x77\x00\x00\x03\xe8\x00\x01\xb3\xa6\xd3\x46\x00\x00\x00\x00\x49\x45\x4e\x44\xae\x42\x60\x82' > in/bomb.png
: > in/empty.jpg
make_image in/whole.jpg 200 300
head -c 700 in/whole.jpg > in/truncated.jpg
rm in/whole.jpg
echo "plain text, not a picture" > in/text.jpg
printf 'II*\0garbage' > in/broken.tif
long=$(printf 'x%.0s' $(seq 1 230))
make_image "in/$long.jpg" 50 50
make_image "$(printf 'in/caf\xe9-latin1.jpg')" 60 50
make_image "in/<script>alert(1)<\"quote'>.jpg" 70 50
mkdir -p in/loop/inner
ln -s .. in/loop/inner/back
ln -s nowhere.jpg in/dangling.jpg
make_image in/good-last.jpg 130 90

start=$(date +%s)
expect_status 1 planche add in
[ $(( $(date +%s) - start )) -lt 60 ] || fail "add took too long: the bomb was decoded?"
for f in bomb.png empty.jpg truncated.jpg text.jpg broken.tif; do
	line=$(grep -F "$f" <<<"$ERR" || true)
	[ -n "$line" ] || fail "$f is not reported"
	[ "$(wc -l <<<"$line")" = 1 ] || fail "$f: one line expected: $line"
done
contains "$ERR" "bomb.png: image too large: 100000 x 100000" "pixel limit"
contains "$ERR" "loop" "the symbolic link loop is reported"
contains "$ERR" "dangling.jpg" "a dangling link is reported"
contains "$OUT" "good-last.jpg" "the batch goes on after bad files"
equals "$(planche query status:failed --format json | jq length)" 5 "failed files recorded"
equals "$(planche query status:registered --format json | jq length)" 5 "good files registered"
ok "bad files: one line each naming the file, recorded as failed, the batch goes on"

make_image limit/just-over.jpg 101 100
PLANCHE_MAX_PIXELS=10000 planche add limit/just-over.jpg >/dev/null 2>&1 && fail "the pixel limit is not configurable"
planche rm limit/just-over.jpg >/dev/null
ok "the pixel limit is configurable (PLANCHE_MAX_PIXELS)"

expect_status 0 planche query --format json
jq -e . <<<"$OUT" >/dev/null || fail "JSON output with odd file names is not valid JSON"
contains "$OUT" "$long" "a long file name"
contains "$OUT" "<script>" "a file name with markup is kept as it is in JSON"
expect_status 0 planche query --format csv
expect_status 0 planche show "in/$long.jpg"
ok "non-UTF-8, very long and markup-laden file names survive add, query and show"

expect_status 0 planche clean --pipeline none
contains "$OUT" "5 done" "the good images are cleaned"
contains "$ERR" "5 images could not be read when added" "the unreadable ones are pointed at"
equals "$(planche query status:cleaned --format json | jq length)" 5 "cleaned"
ok "clean skips what add could not read, and cleans the rest"

# Metadata holding markup, quotes, ../ and control characters.
id=$(planche query --format json | jq '.[] | select(.path == "in/good-first.jpg") | .id')
expect_status 0 planche set "$id" title=$'<script>alert("t")</script> ../../etc \x01\x07' \
	creator="O'Brien & \"Fils\"" description='<img src=x onerror=alert(2)>'
expect_status 0 planche show "$id" --format json
jq -e . <<<"$OUT" >/dev/null || fail "show --format json with control characters is not valid JSON"
equals "$(jq -r .creator <<<"$OUT")" "O'Brien & \"Fils\"" "quotes kept"
ok "metadata with markup, quotes and control characters is stored and printed safely"

if [ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null; then
	state() { sqlite3 planche.db "SELECT group_concat(status) || '/' || (SELECT count(*) FROM runs) FROM items"; }
	before=$(state)
	# A private mount namespace: the mounts vanish with the shell, even if killed.
	unshare -m bash -c '
		mount -t tmpfs -o size=64k tmpfs masters
		mount -o remount,ro masters
		"$PLANCHE" clean --force --pipeline none > ro.out 2> ro.err && exit 10
		umount masters
		mount -t tmpfs -o size=64k tmpfs masters
		dd if=/dev/zero of=masters/filler bs=4k count=16 2>/dev/null
		"$PLANCHE" clean --force --pipeline none > full.out 2> full.err && exit 11
		exit 0
	' || fail "clean succeeded on a read-only or full masters/ folder"
	contains "$(cat ro.err)" "cannot write masters: Read-only file system" "read-only masters/"
	contains "$(cat full.err)" "No space left on device" "full disk"
	equals "$(state)" "$before" "the catalogue after a read-only folder and a full disk"
	ok "a read-only or full masters folder: a clear error, the catalogue unchanged"

	# Room for a master or two: the batch stops being recorded when the disk
	# fills, and what could not be written stays pending, not failed.
	unshare -m bash -c '
		mount -t tmpfs -o size=40k tmpfs masters
		dd if=/dev/zero of=masters/filler bs=4k count=8 2>/dev/null
		"$PLANCHE" clean --force --pipeline none > nearly.out 2> nearly.err && exit 12
		exit 0
	' || fail "clean succeeded though the disk filled up"
	contains "$(cat nearly.err)" "disk is full" "disk filling up mid-batch"
	equals "$(planche query status:failed --format json | jq length)" 5 \
		"images not written for want of space are not marked failed (only add's 5 are)"
	expect_status 0 planche clean --pipeline none
	equals "$(planche query status:cleaned --format json | jq length)" 5 "all cleaned once there is room"
	equals "$(sqlite3 planche.db 'PRAGMA integrity_check')" "ok" "integrity"
	ok "a disk filling up mid-batch: reported, nothing marked failed, the next run finishes"
else
	missing "the full-disk and read-only checks need root and unshare -m to mount a small file system"
fi

done_testing
