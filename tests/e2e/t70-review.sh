#!/usr/bin/env bash
# The review server: the list answers on 127.0.0.1, requests naming another
# site (Origin, Host) are refused and change nothing, bad requests get a 400
# with a sentence and the server goes on, a save writes the override and
# cleans the image again, and the server never holds the collection's lock.
. "$(dirname "$0")/lib.sh"
need_gen
need curl jq flock vipsheader

"$GEN" --example scans >/dev/null
planche init coll >/dev/null
mv scans coll/
cd coll
expect_status 0 planche add --csv scans/example.csv
expect_status 0 planche clean

# The binary itself, not the planche() function: $! must be the server.
"$PLANCHE" review --port 0 >"$WORK/review.out" 2>"$WORK/review.err" &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$WORK"' EXIT
url=
for _ in $(seq 1 100); do
	url=$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$WORK/review.out" || true)
	[ -n "$url" ] && break
	kill -0 "$server" 2>/dev/null || fail "review stopped: $(cat "$WORK/review.err")"
	sleep 0.1
done
[ -n "$url" ] || fail "review printed no URL"
ok "planche review --port 0 prints its URL on 127.0.0.1"

# code URL [curl options...]: the status; the body is in $WORK/body.
code() {
	local u=$1
	shift
	curl -s -o "$WORK/body" -w '%{http_code}' "$@" "$u"
}
body() { cat "$WORK/body"; }

equals "$(code "$url")" 200 "list page"
contains "$(body)" "Review" "list page title"
contains "$(body)" 'href="/item/1"' "links to the images"
token=$(body | grep -o 'name="review-token" content="[0-9a-f]*"' | grep -o '[0-9a-f]\{32\}')
[ -n "$token" ] || fail "no token in the page"
equals "$(code "${url}?show=doubtful")" 200 "doubtful filter"
equals "$(code "${url}?show=failed&pipeline=gallica")" 200 "failed filter, by pipeline"
equals "$(code "${url}item/1")" 200 "item page"
contains "$(body)" '<svg class="overlay"' "boxes drawn over the original"
contains "$(body)" 'id="content-box"' "the content box"
contains "$(body)" 'viewBox="0 0 ' "overlay in the original's pixels"
equals "$(code "${url}img/1/original?size=200")" 200 "original preview"
vipsheader "$WORK/body" >/dev/null 2>&1 || fail "the original preview is not an image"
[ "$(vipsheader -f height "$WORK/body")" -le 200 ] || fail "the preview is downscaled"
equals "$(code "${url}img/1/master?size=200")" 200 "master preview"
equals "$(code "${url}assets/review.js")" 200 "the script"
ok "list, item page, previews and script answer"

before=$(planche show 1 --format json | jq -c '[.overrides, .last_run.master_sha256]')
equals "$(code "$url" -H 'Origin: http://evil.example')" 403 "GET from another origin"
equals "$(code "$url" -H 'Host: evil.example')" 403 "GET with another Host"
contains "$(body)" "forbidden" "says why"
equals "$(code "${url}item/1" -H 'Origin: http://evil.example' --data "token=$token&crop=10,10,100,100")" 403 \
	"POST from another origin"
equals "$(code "${url}item/1" -H 'Host: evil.example' --data "token=$token&crop=10,10,100,100")" 403 \
	"POST with another Host"
equals "$(code "${url}item/1" -H 'Sec-Fetch-Site: cross-site' --data "token=$token&crop=10,10,100,100")" 403 \
	"POST a browser marks cross-site"
equals "$(code "${url}item/1" --data "crop=10,10,100,100")" 403 "POST without the token"
equals "$(code "${url}item/1" --data "token=0123&crop=10,10,100,100")" 403 "POST with a wrong token"
equals "$(planche show 1 --format json | jq -c '[.overrides, .last_run.master_sha256]')" "$before" \
	"nothing changed"
ok "requests from another site, or without the token, are refused (403) and change nothing"

equals "$(code "${url}item/1" --data "token=$token&crop=abc")" 400 "bad crop"
contains "$(body)" "crop is X,Y,W,H" "a clear message"
equals "$(code "${url}item/1" --data "token=$token&crop=5000,5000,100,100")" 400 "crop outside"
contains "$(body)" "outside the original" "a clear message"
equals "$(code "${url}item/1" --data "token=$token&angle=90")" 400 "angle out of range"
equals "$(code "${url}item/1" --data "token=$token&colour=red")" 400 "unknown field"
contains "$(body)" "colour" "names the field"
equals "$(code "${url}item/1" --data "token=$token&crop=%zz")" 400 "broken escape"
equals "$(code "${url}item/1" --data "token=$token&pipeline=nosuch")" 400 "unknown pipeline"
equals "$(code "${url}item/1" -H 'Content-Type: application/json' --data '{"crop":1}')" 400 "not a form"
equals "$(code "${url}item/1" -H 'Accept: application/json' --data "token=$token&levels=9,3")" 400 "JSON error"
equals "$(jq -r .error "$WORK/body" | cut -c1-12)" "bad request:" "JSON error message"
equals "$(code "${url}item/abc")" 400 "bad id"
equals "$(code "${url}item/99999")" 404 "unknown image"
equals "$(code "${url}img/1/thumbnail")" 404 "unknown kind"
equals "$(code "${url}img/1/original?size=99999999999")" 400 "absurd size"
equals "$(code "${url}?show=everything")" 400 "unknown filter"
equals "$(code "${url}../../etc/passwd" --path-as-is)" 404 "path outside"
equals "$(code "$url" -X DELETE)" 405 "method"
head -c 100000 /dev/zero | tr '\0' 'a' >"$WORK/big"
equals "$(code "${url}item/1" --data-binary "@$WORK/big")" 413 "huge form"
equals "$(planche show 1 --format json | jq -c '[.overrides, .last_run.master_sha256]')" "$before" \
	"nothing changed"
kill -0 "$server" || fail "the server died"
equals "$(code "$url")" 200 "still answers"
ok "malformed requests get 400 with a message, and the server still answers"

# A save from the server's own page: override recorded, image cleaned again.
rec=$(planche show 1 --format json)
read -r tx ty tw th < <(jq -r '.last_run.steps[] | select(.step == "trim") | .measured.box | map(tostring) | join(" ")' <<<"$rec")
crop="$((tx + 20)),$((ty + 30)),$((tw - 60)),$((th - 80))"
equals "$(code "${url}item/1" -H "Origin: ${url%/}" --data "token=$token&crop=$crop&skip=deskew&reviewed=yes")" 303 \
	"save from the page's form"
rec=$(planche show 1 --format json)
equals "$(jq -r .overrides.crop <<<"$rec")" "$crop" "crop override"
equals "$(jq -r .overrides.skip <<<"$rec")" "deskew" "skip override"
equals "$(jq -r .overrides.reviewed <<<"$rec")" "yes" "reviewed"
equals "$(jq -r '.last_run.master_width' <<<"$rec")x$(jq -r '.last_run.master_height' <<<"$rec")" \
	"$((tw - 60))x$((th - 80))" "the master is the corrected crop"
equals "$(jq -r '.last_run.steps[] | select(.step == "trim") | .measured.source' <<<"$rec")" manual \
	"recorded as manual in the provenance"
equals "$(code "${url}api/item/1")" 200 "item JSON"
equals "$(jq -r .reviewed "$WORK/body")" true "reviewed in the JSON"
equals "$(code "${url}?show=unreviewed")" 200 "unreviewed filter"
lacks "$(body)" 'data-id="1"' "a reviewed image leaves the unreviewed list"
ok "a save writes the overrides, cleans the image again and is recorded as manual"

# While another planche writes, a save is refused at once (503), pages still answer.
flock .planche.lock sleep 4 &
holder=$!
sleep 0.5
start=$(date +%s)
equals "$(code "${url}item/1" --data "token=$token&reviewed=no")" 503 "save while a clean runs"
contains "$(body)" "another planche is writing" "says why"
equals "$(code "$url")" 200 "pages answer meanwhile"
[ $(($(date +%s) - start)) -le 2 ] || fail "the server waited for the lock"
wait "$holder"
equals "$(code "${url}item/1" --data "token=$token&reviewed=no")" 303 "save once it is free"
ok "a save while another planche writes is refused at once, and works after"

# The server holds no lock between requests: a clean runs beside it.
expect_status 0 planche clean --force
contains "$OUT" "done" "clean beside the server"
rec=$(planche show 1 --format json)
equals "$(jq -r .overrides.crop <<<"$rec")" "$crop" "clean --force keeps the review's override"
equals "$(code "${url}item/1" -H 'Accept: application/json' --data "token=$token&crop=&skip=&reviewed=")" 200 \
	"clearing the corrections"
equals "$(planche show 1 --format json | jq -r '.overrides | length')" 0 "overrides cleared"
[ ! -e site ] || [ -z "$(ls -A site)" ] || fail "the review wrote into site/: $(ls -A site)"
ok "the server holds no lock between requests and never writes into site/"

# A file that no longer decodes: failed, listed first, with the reason.
victim=$(planche show 2 --format json | jq -r .path)
printf 'no longer a JPEG' >"$victim"
expect_status 1 planche clean --force
equals "$(code "${url}?show=failed")" 200 "failed filter"
contains "$(body)" 'data-id="2"' "the failed image is listed"
contains "$(body)" "could not be read" "with the reason"
equals "$(code "$url")" 200 "list"
first=$(body | grep -o '<tr class="[a-z]*" data-id="[0-9]*"' | head -1)
contains "$first" 'class="failed" data-id="2"' "failed images come first"
equals "$(code "${url}item/2")" 200 "a failed image's page"
contains "$(body)" "could not be read" "says why"
ok "a file that fails is listed first, with why"

# Markup in the catalogue is shown as text.
expect_status 0 planche set 3 'title=<script>alert(1)</script>' 'creator=a"b'
equals "$(code "${url}item/3")" 200 "item page"
lacks "$(body)" "<script>alert" "title escaped on the item page"
contains "$(body)" "&lt;script&gt;alert(1)&lt;/script&gt;" "title shown as text"
equals "$(code "$url")" 200 "list"
lacks "$(body)" "<script>alert" "title escaped in the list"
ok "titles are escaped"

kill "$server"
set +e
wait "$server"
rc=$?
set -e
equals "$rc" 0 "the server stops cleanly on SIGTERM"
[ ! -s "$WORK/review.err" ] || fail "the server wrote errors: $(cat "$WORK/review.err")"
done_testing
