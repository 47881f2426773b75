#!/usr/bin/env bash
# fetch and get against a stand-in for the archives on 127.0.0.1
# (tests/fixtures/archive-server.py, reached through PLANCHE_ARCHIVE_BASE):
# fields filled, user fields kept, --dry-run, spacing between requests,
# Retry-After, per-item errors, atomic downloads that resume after kill -9;
# and every other command works with no network at all (unshare -n).
. "$(dirname "$0")/lib.sh"

command -v python3 >/dev/null || { echo "skip: no python3"; exit 77; }

# ---- the images the stand-in serves ----
img=$WORK/img
for v in 1 2 3; do make_image "$img/gallica/btv1b8451605w_f$v.jpg" $((200 + v * 10)) 300; done
for v in 1 2 3 4; do make_image "$img/gallica/btv1b6900006b_f$v.jpg" 120 $((100 + v)); done
# large enough to trickle out over two seconds each (8 chunks, 0.25 s apart)
for v in 1 2 3 4; do make_image "$img/gallica/btv1b6900007r_f$v.jpg" 600 $((700 + v)); done
make_image "$img/archive.org/daumier-gens-de-justice/plate-12.jpg" 240 320
make_image "$img/archive.org/daumier-gens-de-justice/plate-13.jpg" 250 300
# the same bytes as plate-12: get must see it is already there
mkdir -p "$img/upload.wikimedia.org/wikipedia/commons/3/3f"
cp "$img/archive.org/daumier-gens-de-justice/plate-12.jpg" \
	"$img/upload.wikimedia.org/wikipedia/commons/3/3f/Daumier_-_Les_Gens_de_justice.jpg"

log=$WORK/requests.log
python3 "$SRCDIR/tests/fixtures/archive-server.py" --images "$img" --log "$log" \
	--port-file "$WORK/port" &
for _ in $(seq 50); do [ -s "$WORK/port" ] && break; sleep 0.1; done
[ -s "$WORK/port" ] || fail "the fixture server did not start"
export PLANCHE_ARCHIVE_BASE=http://127.0.0.1:$(cat "$WORK/port")

# requests_to PATTERN: how many logged requests match
requests_to() { grep -c -- "$1" "$log" || true; }
# min_gap: the shortest time between the starts of two requests, in the order
# they came (a handler still sleeping after the client gave up ends late)
min_gap() {
	sort -n "$log" | awk 'NR > 1 { g = $1 - last; if (min == "" || g < min) min = g } { last = $1 }
	     END { printf "%.3f\n", (min == "" ? 99 : min) }'
}

# min_idle: the shortest time from the end of one request to the start of the next
min_idle() {
	sort -n "$log" | awk 'NR > 1 { g = $1 - end; if (min == "" || g < min) min = g } { end = $2 }
	     END { printf "%.3f\n", (min == "" ? 99 : min) }'
}

planche init coll >/dev/null
cd coll
# The stand-in may be asked faster than a real archive; timeout short for the slow answer.
sed -i 's/^delay=1$/delay=0.3/; s/^timeout=30$/timeout=1/; s/^#contact=$/contact=tests@example.org/' planche.conf
grep -q '^delay=0.3' planche.conf || fail "planche.conf has no [archives] delay to set"

# ---- help says these commands go online, and where ----
expect_status 0 planche fetch --help
contains "$OUT" "goes online" "fetch --help"
contains "$OUT" "gallica.bnf.fr" "fetch --help names the hosts"
expect_status 0 planche get --help
contains "$OUT" "goes online" "get --help"
contains "$OUT" "commons.wikimedia.org" "get --help names the hosts"
ok "fetch and get say in --help that they go online, and to which hosts"

# ---- the test-only base is refused unless it is this machine ----
make_image scans/btv1b8451605w_f1.jpg 100 120
make_image scans/btv1b8451605w_f2.jpg 110 120
make_image scans/btv1b69000018_f1.jpg 90 90
make_image scans/btv1b6900002p_f1.jpg 80 90
planche add scans >/dev/null
planche add scans/btv1b8451605w_f2.jpg --title "Mon titre à moi" >/dev/null
expect_status 1 env PLANCHE_ARCHIVE_BASE=http://192.0.2.1:8080 "$PLANCHE" fetch --all
contains "$ERR" "PLANCHE_ARCHIVE_BASE is for tests" "an outside base"
expect_status 1 env PLANCHE_ARCHIVE_BASE=http://127.0.0.1.example.org "$PLANCHE" fetch --all
contains "$ERR" "PLANCHE_ARCHIVE_BASE is for tests" "a name that only looks local"
equals "$(requests_to OAIRecord)" 0 "nothing asked"
ok "PLANCHE_ARCHIVE_BASE must point at this machine"

# ---- --dry-run changes nothing ----
before=$(sqlite3 planche.db "SELECT group_concat(coalesce(title,'-') || coalesce(creator,'-'), '|') FROM items")
expect_status 0 planche fetch --all --dry-run
contains "$OUT" "would set title: Les Gens de justice" "dry run shows the title"
contains "$OUT" "would set creator: Daumier, Honoré (1808-1879)" "dry run shows the creator"
contains "$OUT" "kept title: Mon titre à moi" "dry run keeps the user's title"
equals "$(sqlite3 planche.db "SELECT group_concat(coalesce(title,'-') || coalesce(creator,'-'), '|') FROM items")" \
	"$before" "fields after --dry-run"
equals "$(sqlite3 planche.db 'SELECT count(*) FROM fetched_records')" 0 "records kept by --dry-run"
ok "fetch --dry-run shows what would change and changes nothing"

# ---- fetch fills empty fields, keeps the user's, asks each document once ----
: >"$log"
expect_status 0 planche fetch --all
contains "$OUT" "filled" "fetch reports"
contains "$OUT" "kept title: Mon titre à moi" "the user's title is reported kept"
contains "$OUT" "the record has no creator, date" "a record without a field"
j1=$(planche show scans/btv1b8451605w_f1.jpg --format json)
equals "$(jq -r .title <<<"$j1")" "Les Gens de justice. [Vous aviez faim...] : [estampe] / H. Daumier" "title"
equals "$(jq -r .creator <<<"$j1")" \
	"Daumier, Honoré (1808-1879). Dessinateur-lithographe; Delaporte, Charles (18..-18..). Imprimeur-lithographe" "creators"
equals "$(jq -r .date <<<"$j1")" "1845" "date as written"
equals "$(jq -r .year_min <<<"$j1")" "1845" "date read"
equals "$(jq -r .publisher <<<"$j1")" "Aubert (Paris)" "publisher"
equals "$(jq -r .institution <<<"$j1")" "Bibliothèque nationale de France, département Estampes et photographie" "institution"
equals "$(jq -r '.tags | join("|")' <<<"$j1")" "Avocats|Justice -- Caricatures et dessins humoristiques" "subjects as tags"
equals "$(jq -r '.fetched_records[0].url' <<<"$j1")" \
	"https://gallica.bnf.fr/services/OAIRecord?ark=ark:/12148/btv1b8451605w" "record URL kept"
jq -e '.fetched_records[0].retrieved_at | test("^20[0-9-]+T")' <<<"$j1" >/dev/null || fail "retrieval time"
equals "$(jq -r '.fetched_records[0].fields.shelfmark' <<<"$j1")" "RESERVE DC-180 (40)-FOL" "shelfmark"
equals "$(jq -r '.fetched_records[0].fields.views' <<<"$j1")" 3 "number of views"
equals "$(jq -r '.fetched_records[0].fields.type' <<<"$j1")" "image fixe; estampe" "type"
j2=$(planche show scans/btv1b8451605w_f2.jpg --format json)
equals "$(jq -r .title <<<"$j2")" "Mon titre à moi" "the user's title is kept"
equals "$(jq -r .creator <<<"$j2")" "$(jq -r .creator <<<"$j1")" "the empty creator is filled"
jlyon=$(planche show scans/btv1b69000018_f1.jpg --format json)
equals "$(jq -r .credit <<<"$jlyon")" "Source gallica.bnf.fr / Bibliothèque municipale de Lyon" "a partner's credit line"
equals "$(jq -r .date <<<"$jlyon")" "vers 1780" "date as written"
equals "$(jq -r .creator <<<"$(planche show scans/btv1b6900002p_f1.jpg --format json)")" null \
	"no creator in the record, none invented"
equals "$(requests_to 'OAIRecord?ark=ark:/12148/btv1b8451605w')" 1 "one request for a document's two views"
text=$(planche show scans/btv1b8451605w_f1.jpg)
contains "$text" "record         https://gallica.bnf.fr/services/OAIRecord?ark=ark:/12148/btv1b8451605w" "show: the record"
contains "$text" "shelfmark    RESERVE DC-180 (40)-FOL" "show: its shelfmark"
ok "fetch fills empty fields from Gallica's record, keeps the user's, keeps the record (show, JSON)"

gap=$(min_idle)
awk -v g="$gap" 'BEGIN { exit !(g >= 0.28) }' || fail "requests $gap s apart, the delay is 0.3 s: $(cat "$log")"
version=$("$PLANCHE" --version | cut -d' ' -f2)
equals "$(cut -d' ' -f5- "$log" | sort -u)" "planche/$version (tests@example.org)" "User-Agent"
ok "requests are spaced by the delay ($gap s at least) and name planche, its version and the contact"

expect_status 0 planche fetch scans/btv1b8451605w_f2.jpg --overwrite
contains "$OUT" "set title: Les Gens de justice" "--overwrite reports"
equals "$(planche show scans/btv1b8451605w_f2.jpg --format json | jq -r .title)" \
	"Les Gens de justice. [Vous aviez faim...] : [estampe] / H. Daumier" "--overwrite replaces"
expect_status 0 planche fetch --missing
contains "$OUT" "nothing to fetch" "--missing after all fetched"
ok "fetch --overwrite replaces fields the user set; --missing skips fetched images"

expect_status 0 planche export --format json --records --out exp
equals "$(jq -r '.[0].fetched_records[0].archive' exp/catalogue.json)" gallica "export: the record"
jq -e '.[0].fetched_records[0].body | contains("<oai_dc:dc")' exp/catalogue.json >/dev/null || fail "export: the body as served"
equals "$(jq -r '[.resources[0].schema.fields[].name] | last' exp/datapackage.json)" fetched_records "datapackage field"
ok "export --format json --records includes the records"

# ---- 429 with Retry-After, a slow answer, 404, malformed XML: per item ----
make_image scans2/btv1b69000033_f1.jpg 60 60
make_image scans2/btv1b6900005x_f1.jpg 61 60
make_image scans2/btv1b69000085_f1.jpg 62 60
make_image scans2/btv1b6900004h_f1.jpg 63 60
planche add scans2 >/dev/null
: >"$log"
expect_status 1 planche fetch scans2/btv1b69000033_f1.jpg scans2/btv1b69000085_f1.jpg \
	scans2/btv1b6900004h_f1.jpg scans2/btv1b6900005x_f1.jpg
contains "$ERR" "waiting 2 s as it asks (Retry-After)" "Retry-After announced"
first_end=$(grep 'btv1b69000033' "$log" | head -1 | cut -d' ' -f2)
second_start=$(grep 'btv1b69000033' "$log" | sed -n 2p | cut -d' ' -f1)
awk -v a="$first_end" -v b="$second_start" 'BEGIN { exit !(b - a >= 1.95) }' ||
	fail "Retry-After: 2 not honoured: $(grep btv1b69000033 "$log")"
equals "$(grep 'btv1b69000033' "$log" | head -1 | cut -d' ' -f3)" 429 "the first answer"
contains "$OUT" "btv1b69000033_f1.jpg (ark:/12148/btv1b69000033, view 1): filled" "rate-limited item filled after waiting"
contains "$ERR" "ark:/12148/btv1b69000085: no such document at Gallica (HTTP 404" "404 named"
contains "$ERR" "ark:/12148/btv1b6900004h: the OAI record is not well-formed XML" "malformed XML named"
contains "$ERR" "trying again" "a timeout retried"
contains "$OUT" "btv1b6900005x_f1.jpg (ark:/12148/btv1b6900005x, view 1): filled" "slow answer filled on retry"
equals "$(planche show scans2/btv1b6900004h_f1.jpg --format json | jq -r '.fetched_records | length')" 0 \
	"nothing kept of a malformed record"
gap=$(min_gap)
awk -v g="$gap" 'BEGIN { exit !(g >= 0.28) }' || fail "retries $gap s apart: $(cat "$log")"
# the slow handler logs when it wakes, after planche has moved on
for _ in $(seq 50); do [ "$(requests_to btv1b6900005x)" -ge 2 ] && break; sleep 0.1; done
ok "429 waits Retry-After; 404, malformed XML and timeouts are reported per item, the batch goes on"

# ---- get: every view, skipping those already there; IA; Commons ----
expect_status 0 planche get ark:/12148/btv1b8451605w
contains "$OUT" "skipped   ark:/12148/btv1b8451605w/f1: already image" "view 1 is in scans/"
contains "$OUT" "got       originals/gallica/btv1b8451605w_f3.jpg <- ark:/12148/btv1b8451605w/f3" "view 3 downloaded"
[ ! -e originals/gallica/btv1b8451605w_f1.jpg ] || fail "an image already there downloaded again"
cmp -s originals/gallica/btv1b8451605w_f3.jpg "$img/gallica/btv1b8451605w_f3.jpg" || fail "the original differs"
equals "$(planche show originals/gallica/btv1b8451605w_f3.jpg --format json | jq -r '.identifier + " " + .view')" \
	"ark:/12148/btv1b8451605w 3" "identifier and view registered"
expect_status 0 planche get ark:/12148/btv1b8451605w
contains "$OUT" "0 downloaded or resumed, 3 already there" "a second get"
ok "get downloads a document's views at full size, registers them, skips those already there"

expect_status 0 planche get ia:daumier-gens-de-justice --fetch
contains "$OUT" "got       originals/internet-archive/daumier-gens-de-justice/plate-12.jpg" "IA original 1"
contains "$OUT" "got       originals/internet-archive/daumier-gens-de-justice/plate-13.jpg" "IA original 2"
jia=$(planche show originals/internet-archive/daumier-gens-de-justice/plate-13.jpg --format json)
equals "$(jq -r .identifier <<<"$jia")" "ia:daumier-gens-de-justice" "IA identifier"
equals "$(jq -r .title <<<"$jia")" "Les Gens de justice (two plates)" "IA title"
equals "$(jq -r .credit <<<"$jia")" "Boston Public Library, via the Internet Archive" "IA credit"
equals "$(requests_to '/archive.org/download/daumier-gens-de-justice/__ia_thumb.jpg')" 0 "no item tile"
expect_status 0 planche get "File:Daumier - Les Gens de justice.jpg" --fetch
contains "$OUT" "skipped   commons:File:Daumier_-_Les_Gens_de_justice.jpg" "same checksum as the IA plate"
[ ! -e originals/commons/Daumier_-_Les_Gens_de_justice.jpg ] || fail "a duplicate download kept"
ok "get: Internet Archive originals with their record; a file with the same checksum is not kept twice"

expect_status 1 planche get "File:No such plate.jpg" ia:no-such-item ia:broken-json-item
contains "$ERR" "no such file on Wikimedia Commons" "Commons: missing"
contains "$ERR" "ia:no-such-item: no such item at the Internet Archive" "IA: missing"
contains "$ERR" "ia:broken-json-item: the Internet Archive metadata is not valid JSON" "IA: malformed JSON"
ok "get reports a missing Commons file, a missing IA item and malformed JSON by name"

# ---- broken downloads leave nothing behind ----
expect_status 1 planche get ark:/12148/btv1b6900006b
contains "$OUT" "btv1b6900006b_f1.jpg" "the good view"
contains "$ERR" "ark:/12148/btv1b6900006b/f2: after 4 tries: truncated" "truncated"
contains "$ERR" "ark:/12148/btv1b6900006b/f3: the answer says image/jpeg but its bytes are no image" "lying type"
contains "$ERR" "ark:/12148/btv1b6900006b/f4: the answer is text/html, not an image" "HTML"
equals "$(ls -A originals/gallica | grep -c btv1b6900006b)" 1 "only the whole view on disk"
equals "$(sqlite3 planche.db "SELECT count(*) FROM identifiers WHERE local_id = 'btv1b6900006b'")" 1 \
	"only the whole view registered"
ok "a truncated image, a lying Content-Type and an HTML page are reported and not kept"

# ---- kill -9 during get, then resume ----
"$PLANCHE" get ark:/12148/btv1b6900007r --views 1-3 >"$WORK/get.out" 2>&1 &
pid=$!
for _ in $(seq 100); do
	[ -e originals/gallica/btv1b6900007r_f1.jpg ] && ls -A originals/gallica | grep -q '^\.btv1b6900007r_f2' && break
	sleep 0.1
done
ls -A originals/gallica | grep -q '^\.btv1b6900007r_f2' || fail "the second view never started: $(cat "$WORK/get.out")"
kill -9 "$pid"
wait "$pid" 2>/dev/null || true
[ ! -e originals/gallica/btv1b6900007r_f2.jpg ] || fail "a partial original under the real name"
expect_status 0 planche get ark:/12148/btv1b6900007r --views 1-3
contains "$OUT" "btv1b6900007r_f2.jpg <- ark:/12148/btv1b6900007r/f2" "view 2 fetched again"
for v in 1 2 3; do
	cmp -s originals/gallica/btv1b6900007r_f$v.jpg "$img/gallica/btv1b6900007r_f$v.jpg" || fail "view $v differs"
done
[ ! -e originals/gallica/btv1b6900007r_f4.jpg ] || fail "--views 1-3 fetched view 4"
equals "$(ls -A originals/gallica | grep -c '\.tmp-')" 0 "temporaries left"
equals "$(sqlite3 planche.db "SELECT count(*) FROM identifiers WHERE local_id = 'btv1b6900007r'")" 3 "three views registered"
ok "kill -9 during get leaves no partial original; a rerun completes"

# ---- every other command works without any network ----
if unshare -n true 2>/dev/null; then
	offline() { unshare -n env -u PLANCHE_ARCHIVE_BASE "$PLANCHE" "$@"; }
	make_image offline/plate.jpg 90 90
	expect_status 0 offline add offline/plate.jpg
	expect_status 0 offline clean --pipeline none
	expect_status 0 offline build
	expect_status 0 offline query daumier
	contains "$OUT" "btv1b8451605w" "query offline"
	expect_status 0 offline show 1
	expect_status 0 offline show 1 --format json
	expect_status 0 offline export --format json --records
	expect_status 0 offline verify
	expect_status 0 offline set 1 notes=offline
	ok "add, clean, build, query, show, export, verify and set work under unshare -n"
	# serve listens on 127.0.0.1: the namespace's own loopback, brought up for it
	if command -v ip >/dev/null; then
		expect_status 0 unshare -n env -u PLANCHE_ARCHIVE_BASE sh -c '
			ip link set lo up || exit 3
			"$0" serve --port 0 >serve.out 2>&1 &
			pid=$!
			for _ in $(seq 50); do grep -q "^Serving" serve.out && break; sleep 0.1; done
			url=$(sed -n "s/.* at \(http[^ ]*\) .*/\1/p" serve.out)
			python3 -c "import sys, urllib.request; sys.exit(urllib.request.urlopen(sys.argv[1]).status != 200)" "$url"
			rc=$?
			kill $pid
			exit $rc' "$PLANCHE"
		ok "serve answers from a network namespace that has nothing but its own loopback"
	fi
elif [ "${CI:-}" = true ]; then
	fail "unshare -n is unavailable (util-linux, root): the offline commands cannot be proved offline"
else
	echo "skip: unshare -n unavailable; the offline check needs it (it fails under CI=true)"
fi

done_testing
