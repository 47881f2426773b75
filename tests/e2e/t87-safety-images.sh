#!/usr/bin/env bash
# Hostile and damaged images, and corrections at the edge of what is
# accepted: a correction planche takes is applied; a failed re-clean keeps the
# last good master published; bombs are refused before they are decoded; what
# went wrong is said of the right file; the disk is not filled with previews.
. "$(dirname "$0")/lib.sh"

# Under CI a missing tool is a failure, never a skip.
need() {
	command -v "$1" >/dev/null && return 0
	[ "${CI:-}" = true ] && fail "$1 is missing (package $2)"
	echo "skip: $1 not found (package $2)"
	exit 77
}
need vips libvips-tools
need jq jq
need sqlite3 sqlite3

# A picture with something in it, w x h, in colour: make_scan PATH W H [SAVE-OPTIONS]
make_scan() {
	local w=$2 h=$3
	vips xyz "$WORK/.xyz.v" "$w" "$h"
	vips extract_band "$WORK/.xyz.v" "$WORK/.x.v" 0
	vips linear "$WORK/.x.v" "$WORK/.g.v" "$(awk -v w="$w" 'BEGIN { print 200 / w }')" 30 --uchar
	vips bandjoin "$WORK/.g.v $WORK/.g.v $WORK/.g.v" "$WORK/.rgb.v"
	mkdir -p "$(dirname "$1")"
	vips copy "$WORK/.rgb.v" "$1${4:+[$4]}"
	rm -f "$WORK"/.xyz.v "$WORK"/.x.v "$WORK"/.g.v "$WORK"/.rgb.v
}

id_of() { planche query --format json | jq -r --arg p "$1" '.[] | select(.path == $p) | .id'; }

planche init coll >/dev/null
cd coll
mkdir -p pipelines
printf 'deskew\noutput format=jpeg quality=90\n' >pipelines/turn.pipeline

# --- A correction the program accepts is applied: a 44-degree turn of a tall
# JPEG read in order needs input rows spread over w * tan(44), more than the
# cache held, and the decoder was asked to go back ("out of order read").
make_scan in/tall.jpg 2400 3600
expect_status 0 planche add in/tall.jpg
tall=$(id_of in/tall.jpg)
for angle in 44 -45; do
	expect_status 0 planche set "$tall" "angle=$angle" pipeline=turn
	expect_status 0 planche clean "$tall"
	expect_status 0 planche show "$tall" --format json
	# 2400 x 3600 turned by 44-45 degrees: 4227-4243 by 4257-4243 pixels
	w=$(jq .last_run.master_width <<<"$OUT")
	h=$(jq .last_run.master_height <<<"$OUT")
	[ "$w" -ge 4220 ] && [ "$w" -le 4250 ] && [ "$h" -ge 4235 ] && [ "$h" -le 4265 ] ||
		fail "angle=$angle: the master is $w x $h, not the turned scan"
done
ok "a tall JPEG turned by 44 and -45 degrees is cleaned, not failed"

# --- A failed re-clean keeps the last good master published, and says so.
make_scan in/kept.jpg 600 400
expect_status 0 planche add in/kept.jpg
kept=$(id_of in/kept.jpg)
expect_status 0 planche clean "$kept" --pipeline none
master=$(planche show "$kept" --format json | jq -r .master)
cp "$master" "$WORK/first-master.jpg"
expect_status 0 planche build
[ -f "site/items/$kept/index.html" ] || fail "the image is not published after its first clean"
# The original is damaged on disk without its size or time changing (no JPEG
# marker any more); a correction makes it pending again.
cp -p in/kept.jpg "$WORK/kept-copy.jpg"
printf 'XXXX' | dd of=in/kept.jpg bs=1 count=4 conv=notrunc 2>/dev/null
touch -r "$WORK/kept-copy.jpg" in/kept.jpg
expect_status 0 planche set "$kept" angle=1
expect_status 1 planche clean "$kept" --pipeline none
contains "$ERR" "kept.jpg" "the failed clean names the file"
contains "$ERR" "is kept" "the failed clean says the master before it is kept"
cmp -s "$master" "$WORK/first-master.jpg" || fail "the failed clean touched the last good master"
expect_status 0 planche build
[ -f "site/items/$kept/index.html" ] || fail "a failed re-clean made build drop the image"
cmp -s "site/media/$kept/master.jpg" "$WORK/first-master.jpg" ||
	fail "the site does not serve the last good master"
contains "$ERR" "the latest clean failed" "build says the latest clean failed"
expect_status 0 planche show "$kept"
contains "$OUT" "the latest clean failed" "show says the latest clean failed"
contains "$OUT" "$master" "show names the master still published"
equals "$(planche show "$kept" --format json | jq -r .master)" "$master" "show --format json: the master"
ok "a failed re-clean keeps the last good master published, and build and show say so"

# --- A catalogue from a newer planche: every command, reading or writing,
# says the one thing to do (a reader used to send the user to a writer, which
# then refused).
planche init "$WORK/newer" >/dev/null
make_scan "$WORK/newer/a.jpg" 60 40
sqlite3 "$WORK/newer/planche.db" "PRAGMA user_version = 99"
for cmd in "query" "show 1" "export --format csv" "verify" "add a.jpg" "set 1 title=x" "clean" "build"; do
	# shellcheck disable=SC2086
	expect_status 1 planche -C "$WORK/newer" $cmd
	contains "$ERR" "newer planche" "$cmd on a newer catalogue"
	contains "$ERR" "upgrade planche" "$cmd on a newer catalogue"
	lacks "$ERR" "writing command" "$cmd on a newer catalogue"
done
equals "$(sqlite3 "$WORK/newer/planche.db" "PRAGMA user_version")" 99 "the newer catalogue is left as it was"
ok "a catalogue from a newer planche: every command says to upgrade planche"

# --- Bombs: a file small on disk whose decoder would hold gigabytes is
# refused from its header, before anything is decoded, by add and by clean.
mkdir -p bombs
# 2.3 MB on disk; libjpeg keeps every coefficient of a progressive JPEG: 1.2 GB
vips black "bombs/progressive.jpg[interlace,Q=80]" 20000 20000 --bands 3
expect_status 1 planche add bombs/progressive.jpg
line=$(grep -F "progressive.jpg" <<<"$ERR" || true)
[ "$(wc -l <<<"$line")" = 1 ] || fail "one line expected for the bomb: $ERR"
contains "$line" "too large to decode: as a progressive JPEG, these 20000 x 20000 pixels" "the refusal says why"
contains "$line" "1.2 GB" "the refusal gives the memory it would take"
contains "$line" "the limit is 160 MB ([limits] decode-memory in planche.conf)" "the refusal names the limit"
contains "$(planche query status:failed --format json | jq -r '.[].path')" "bombs/progressive.jpg" "the bomb is recorded as failed"
ok "a 20000 x 20000 progressive JPEG is refused by add, saying why and the limit"

# The limit is planche.conf's: a small progressive JPEG (1.4 MB of
# coefficients) goes in under the default, and clean refuses it once the
# limit is lowered below that.
make_scan bombs/small.jpg 800 600 "interlace,Q=80"
expect_status 0 planche add bombs/small.jpg
small=$(id_of bombs/small.jpg)
expect_status 0 planche clean "$small" --pipeline none
cp planche.conf "$WORK/planche.conf.orig"
printf '\n[limits]\ndecode-memory=1\n' >>planche.conf
expect_status 1 planche clean "$small" --pipeline none --force
contains "$ERR" "small.jpg: too large to decode: as a progressive JPEG, these 800 x 600 pixels" "clean refuses under a lowered limit"
contains "$ERR" "the limit is 1 MB" "clean gives the lowered limit"
make_scan bombs/small2.jpg 800 601 "interlace,Q=80"
expect_status 1 planche add bombs/small2.jpg
contains "$ERR" "small2.jpg: too large to decode" "add refuses under a lowered limit"
printf 'decode-memory=lots\n' >>planche.conf
expect_status 1 planche add bombs/small2.jpg
contains "$ERR" "planche.conf" "a bad limit is reported with its file"
cp "$WORK/planche.conf.orig" planche.conf
ok "the decoding limit is planche.conf's, and clean applies it too"

# --- Each file's own reason: libvips' error buffer is the whole process's,
# and libjpeg's warnings stay in it after a load that succeeds; libpng gives
# some reasons only as warnings. A JPEG whose data is damaged after a sound
# header is refused, as a truncated one is, not registered in silence.
make_scan msg/a-damaged.jpg 400 300
size=$(stat -c %s msg/a-damaged.jpg)
dd if=/dev/zero of=msg/a-damaged.jpg bs=1 seek=$((size / 3)) count=$((size / 3)) conv=notrunc 2>/dev/null
make_scan msg/b-crc.png 400 300
printf '\0\0\0\0' | dd of=msg/b-crc.png bs=1 seek=29 conv=notrunc 2>/dev/null # the IHDR chunk's CRC
expect_status 1 planche add msg
jpg=$(grep -F "a-damaged.jpg" <<<"$ERR" || true)
png=$(grep -F "b-crc.png" <<<"$ERR" || true)
contains "$jpg" "a-damaged.jpg: damaged data: VipsJpeg: Corrupt JPEG data" "a JPEG with damaged data is refused"
contains "$png" "b-crc.png: cannot decode: IHDR: CRC error" "a PNG's own reason"
lacks "$png" "JPEG" "the PNG is not given the JPEG's reason"
failed=$(planche query status:failed --format json | jq -r '.[].path')
contains "$failed" "msg/a-damaged.jpg" "the damaged JPEG is recorded as failed"
contains "$failed" "msg/b-crc.png" "the PNG is recorded as failed"
ok "a damaged JPEG is refused, and the next file gets its own reason"

# --- add's cost per file does not grow with the preview cache: it used to
# list and stat all of .previews/ for every file (0.6 s a file at 100,000
# previews). Counted in system calls, not timed: adding 30 files lists the
# folder no more often than adding one.
need strace strace
planche init "$WORK/many" >/dev/null
mkdir -p "$WORK/many/.previews" "$WORK/many/one" "$WORK/many/thirty"
for i in $(seq 3000); do : >"$WORK/many/.previews/$(printf '%064x' "$i")"; done
make_image "$WORK/tiny.jpg" 32 24
for i in $(seq 31); do
	dir=thirty
	[ "$i" = 31 ] && dir=one
	cp "$WORK/tiny.jpg" "$WORK/many/$dir/t$i.jpg"
	printf '%08d' "$i" >>"$WORK/many/$dir/t$i.jpg" # after the end of the image: another file
done
listings() { awk '$NF == "getdents64" { print $4 }' "$1"; }
(cd "$WORK/many" && strace -f -c -o "$WORK/one.strace" -e trace=getdents64 "$PLANCHE" add one >/dev/null)
(cd "$WORK/many" && strace -f -c -o "$WORK/thirty.strace" -e trace=getdents64 "$PLANCHE" add thirty >/dev/null)
one=$(listings "$WORK/one.strace")
thirty=$(listings "$WORK/thirty.strace")
[ -n "$one" ] && [ -n "$thirty" ] || fail "no getdents64 count from strace: $(cat "$WORK/thirty.strace")"
[ $((thirty - one)) -lt 10 ] ||
	fail "adding 30 files read directories $thirty times, adding one $one times: the cache is listed for each file"
equals "$(planche -C "$WORK/many" query --format json | jq length)" 31 "all registered"
ok "adding 30 files reads .previews/ no more often than adding one ($thirty and $one getdents64 calls)"

# --- add leaves the disk's free space alone: on a nearly full disk it keeps
# no preview (they only spare clean a decoding) and says so once.
if [ "$(id -u)" = 0 ] && command -v unshare >/dev/null && unshare -m true 2>/dev/null; then
	mkdir -p "$WORK/small"
	# A private mount namespace: the mount vanishes with the shell, even if killed.
	unshare -m bash -c '
		mount -t tmpfs -o size=48m tmpfs "$1"
		"$PLANCHE" init "$1/c" >/dev/null
		mkdir "$1/c/in"
		for i in 1 2 3; do
			vips black "$1/c/in/b$i.jpg" $((300 + i)) 200
		done
		cd "$1/c"
		"$PLANCHE" add in >"$1/../small.out" 2>"$1/../small.err"
		echo $? >"$1/../small.status"
		ls -A .previews 2>/dev/null | wc -l >"$1/../small.previews"
		"$PLANCHE" clean --pipeline none >/dev/null 2>&1
		echo $? >"$1/../small.clean"
	' _ "$WORK/small"
	equals "$(cat "$WORK/small.status")" 0 "add on a nearly full disk"
	equals "$(cat "$WORK/small.previews")" 0 "previews kept on a nearly full disk"
	equals "$(grep -c "nearly full" "$WORK/small.err")" 1 "the nearly full disk is said once: $(cat "$WORK/small.err")"
	contains "$(cat "$WORK/small.out")" "3 added" "every file is registered"
	equals "$(cat "$WORK/small.clean")" 0 "clean without previews"
	ok "on a nearly full disk add keeps no previews, says so once, and registers every file"
elif [ "${CI:-}" = true ] && [ "$(id -u)" = 0 ]; then
	fail "unshare (util-linux) is missing: the nearly-full-disk check needs it"
else
	echo "# skipped the nearly-full-disk check: it needs root to mount a small file system"
fi

done_testing
