#!/usr/bin/env bash
# Cleaning: masters for every image, recorded steps, incremental re-runs,
# broken images and pipelines, manual corrections, interrupted batches.
. "$(dirname "$0")/lib.sh"
need sqlite3 jq vipsheader iconv
need_gen

"$GEN" --example scans >/dev/null
planche init coll >/dev/null
mv scans coll/
cd coll
expect_status 0 planche add --csv scans/example.csv
n=$(planche query --format json | jq length)
[ "$n" -ge 4 ] || fail "expected the example scans, got $n"
equals "$(ls .previews | wc -l)" "$n" "previews kept by add for the first clean"

expect_status 0 planche clean
contains "$OUT" "$n done, 0 failed" "summary"
planche query --format json > q.json
for i in $(seq 0 $((n - 1))); do
	master=$(jq -r ".[$i].master" q.json)
	[ "$master" != null ] || fail "image $i has no master"
	[ -f "$master" ] || fail "master $master is not on disk"
	id=$(jq -r ".[$i].id" q.json)
	rec=$(planche show "$id" --format json)
	equals "$(jq -r .last_run.master_sha256 <<<"$rec")" "$(sha256sum "$master" | cut -d' ' -f1)" "master checksum"
	equals "$(jq -r .last_run.pipeline <<<"$rec")" "gallica" "default pipeline"
	steps=$(jq -r '[.last_run.steps[].step] | join(",")' <<<"$rec")
	contains "$steps" "deskew" "recorded steps"
	contains "$steps" "levels" "recorded steps"
	[ "$(jq '.region | length' <<<"$(jq ".[$i]" q.json)")" = 4 ] || fail "region of image $i"
done
ok "every image gets a master; steps, checksums and regions are recorded"

# The first clean measured on the previews add kept, and removed them; --force
# decodes them again and must make the very same masters.
[ ! -e .previews ] || fail "previews left after clean: $(ls -A .previews)"
sums=$(sha256sum masters/*)
expect_status 0 planche clean --force
equals "$(sha256sum masters/*)" "$sums" "masters from add's previews and from new decoding"
ok "add's previews spare clean a decoding without changing a master"

# JPEG originals are decoded only around what the master keeps; decoding them
# whole must give the very same masters.
PLANCHE_JPEG_WINDOW=0 expect_status 0 planche clean --force
equals "$(sha256sum masters/*)" "$sums" "masters from windowed and from whole decoding"
ok "decoding only the master's window changes no master"

first=$(jq -r '.[0].master' q.json)
first_id=$(jq -r '.[0].id' q.json)
creator=$(planche show "$first_id" --format json | jq -r .creator)
artist=$(vipsheader -f exif-ifd0-Artist "$first" | sed 's/ (.*//')
# EXIF text is ASCII: accents are transliterated there, kept in the XMP. (iconv
# transliterates to "?" under the C locale, planche whatever the locale.)
equals "$artist" "$(LC_ALL=C.UTF-8 iconv -f utf-8 -t ascii//TRANSLIT <<<"$creator")" "EXIF Artist of the master"
xmp=$(vipsheader -f xmp-data "$first" | base64 -d)
contains "$xmp" "<dc:creator>" "Dublin Core creator in the XMP"
contains "$xmp" "$creator" "the creator as written, in the XMP"
copyright=$(vipsheader -f exif-ifd0-Copyright "$first")
credit=$(planche show "$first_id" --format json | jq -r .credit)
contains "$copyright" "$(LC_ALL=C.UTF-8 iconv -f utf-8 -t ascii//TRANSLIT <<<"$credit")" "EXIF Copyright carries the credit line"
ok "the master carries its provenance in EXIF and XMP"

before=$(stat -c %Y masters/*)
sleep 1
expect_status 0 planche clean
contains "$OUT" "already up to date" "second run"
contains "$OUT" "0 done" "second run does nothing"
equals "$(stat -c %Y masters/*)" "$before" "masters untouched"
ok "a second clean does nothing"

# Scans are 4:2:0 JPEGs: the master keeps their chroma subsampling unless the
# pipeline asks for full-resolution colour.
for i in $(seq 0 $((n - 1))); do
	src=$(jq -r ".[$i].path" q.json)
	case "$src" in *.jpg | *.jpeg) ;; *) continue ;; esac
	equals "$(vipsheader -f jpeg-chroma-subsample "$(jq -r ".[$i].master" q.json)")" \
		"$(vipsheader -f jpeg-chroma-subsample "$src")" "chroma subsampling of $src's master"
done
mkdir -p pipelines
printf 'orient\ntrim\noutput quality=92 subsample=off\n' > pipelines/full-colour.pipeline
expect_status 0 planche clean --pipeline full-colour --force
for m in masters/*.jpg; do
	equals "$(vipsheader -f jpeg-chroma-subsample "$m")" "4:4:4" "$m with subsample=off"
done
rm pipelines/full-colour.pipeline
ok "masters keep the scan's chroma subsampling, or full colour when asked"

mkdir -p pipelines
printf '# brighter\norient\nlevels black=1 white=99\noutput format=png\n' > pipelines/gallica.pipeline
expect_status 0 planche pipelines
contains "$OUT" "collection" "the collection's pipeline is listed"
expect_status 0 planche pipelines --steps
for s in orient banner border deskew trim levels despeckle output; do
	grep -q "^$s " <<<"$OUT" || fail "step $s missing from pipelines --steps"
done
contains "$OUT" "subsample=keep" "an option with its default"
expect_status 0 planche clean
contains "$OUT" "$n done" "a changed pipeline makes everything pending"
ls masters/*.png >/dev/null || fail "the new pipeline's PNG masters"
[ "$(ls masters | grep -c '\.jpg$' || true)" = 0 ] || fail "old masters left behind: $(ls masters)"
ok "a changed pipeline cleans again, and replaced masters are removed"

printf 'orient\nlevels black=2\nfrobnicate strength=3\n' > pipelines/broken.pipeline
expect_status 1 planche clean --pipeline broken --force
contains "$ERR" "broken.pipeline:3" "file and line of the error"
contains "$ERR" "frobnicate" "what is wrong"
contains "$OUT" "0 done" "nothing processed with a broken pipeline"
ok "a broken pipeline is reported with file and line, and nothing is processed"
rm pipelines/broken.pipeline pipelines/gallica.pipeline

victim=$(jq -r '.[1].path' q.json)
cp "$victim" victim.bak
head -c 2000 victim.bak > "$victim"
expect_status 1 planche clean --force
contains "$ERR" "$(basename "$victim")" "the broken image is named"
contains "$OUT" "$((n - 1)) done, 1 failed" "the batch goes on"
equals "$(planche query status:failed --format json | jq -r '.[0].path')" "$victim" "recorded as failed"
cp victim.bak "$victim"
ok "a broken image is reported and recorded, the batch goes on, exit 1"

expect_status 0 planche set "$first_id" crop=10,20,200,150 skip=deskew
expect_status 0 planche clean
contains "$OUT" "done" "override makes it pending"
rec=$(planche show "$first_id" --format json)
equals "$(jq -r .last_run.master_width <<<"$rec")x$(jq -r .last_run.master_height <<<"$rec")" "200x150" "manual crop size"
equals "$(jq -r .overrides.crop <<<"$rec")" "10,20,200,150" "override kept"
expect_status 0 planche clean --force
rec=$(planche show "$first_id" --format json)
equals "$(jq -r .last_run.master_width <<<"$rec")" "200" "--force keeps overrides"
expect_status 0 planche clean --force --drop-overrides
rec=$(planche show "$first_id" --format json)
equals "$(jq -r '.overrides | length' <<<"$rec")" "0" "--drop-overrides"
ok "manual corrections are applied, kept by --force, dropped by --drop-overrides"

# Killed mid-batch, then started again: finishes, with no half-written master.
"$GEN" --count 6 --megapixels 3 --no-truth-images more >/dev/null
expect_status 0 planche add more
# The same collection cleaned without interruption, for comparison.
cp -a . ../uninterrupted
(cd ../uninterrupted && "$PLANCHE" clean --force -j 2 >/dev/null 2>&1) || fail "uninterrupted clean"
for delay in 0.15 0.4 0.8 1.5; do
	# The binary itself, not the shell function: $! must be what is killed.
	"$PLANCHE" clean --force -j 2 >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -9 "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
done
expect_status 0 planche clean
leftovers=$(find masters -name '.*tmp*' | wc -l)
equals "$leftovers" 0 "temporary files after an interrupted run"
for m in $(planche query --format json | jq -r '.[].master'); do
	vipsheader "$m" >/dev/null 2>&1 || fail "$m is not a whole image"
	vips avg "$m" >/dev/null 2>&1 || fail "$m does not decode"
done
equals "$(sqlite3 planche.db 'PRAGMA integrity_check')" "ok" "catalogue integrity"
final_state() {
	sqlite3 "$1/planche.db" "SELECT i.path, i.status, r.master_path, r.master_sha256 FROM items i
		JOIN runs r ON r.id = (SELECT max(id) FROM runs WHERE item_id = i.id) ORDER BY i.path"
}
diff <(final_state .) <(final_state ../uninterrupted) > state.diff || \
	fail "the state differs from an uninterrupted run: $(head -5 state.diff)"
equals "$(ls masters | sort)" "$(ls ../uninterrupted/masters | sort)" "the masters on disk"
ok "a batch killed with SIGKILL and started again finishes as an uninterrupted one would, every master whole"

done_testing
