#!/usr/bin/env bash
# The catalogue for the long run: import (bulk metadata), export (CSV, JSON,
# Dublin Core, BagIt), verify (fixity) and rm.
. "$(dirname "$0")/lib.sh"
need sqlite3 jq xmllint

planche init coll >/dev/null
cd coll
sed -i 's/^#author=.*/author=Musée des Planches \& Co/' planche.conf
make_image scans/btv1b8451605w_f12.jpg 100 120
make_image "scans/ia/plate two.png" 90 80
make_image scans/plain.tif 50 60
make_image scans/tricky.jpg 70 70
planche add scans >/dev/null
planche add "scans/ia/plate two.png" --source https://archive.org/details/cu31924013351766/page/n12 \
	--title "Une planche" --creator "Gavarni" --date "1843-1845" >/dev/null
tricky_title='Le "Chauvet", <b>pl. 1</b> & fils'
planche add scans/tricky.jpg --title "$tricky_title" --creator "Honoré Daumier" \
	--date "vers 1860" --tag caricature --tag "Paris" --rights "CC BY 4.0" \
	--notes $'a note\non two lines' >/dev/null
planche set scans/tricky.jpg description=$'Tab\there, bell\x07 and \'quotes\'' >/dev/null
# A Commons identifier and a title 'set' kept with its spaces: both must
# survive the round trip below.
planche set scans/plain.tif identifier="https://commons.wikimedia.org/wiki/File:Honoré_Daumier_-_Les_Gens_(1).jpg" \
	title="  spaced  " >/dev/null
expect_status 0 planche clean --pipeline none
contains "$OUT" "4 done, 0 failed" "fixture masters"

# ---- export csv/json/dc ----
expect_status 0 planche export --format csv --out out/
[ -f out/catalogue.csv ] && [ -f out/datapackage.json ] || fail "export --out DIR writes the CSV and datapackage.json"
header=$(head -1 out/catalogue.csv | tr -d '\r')
contains "$header" "file,sha256,identifier,title,creator,date" "CSV header"
fields=$(jq -r '[.resources[0].schema.fields[].name] | join(",")' out/datapackage.json)
equals "$fields" "$header" "datapackage.json fields are the CSV header, in order"
equals "$(jq -r '.resources[0].path' out/datapackage.json)" "catalogue.csv" "resource path"
equals "$(jq -r '.resources[0].schema.fields[] | select(.name == "width") | .type' out/datapackage.json)" \
	"integer" "typed fields"
equals "$(jq -r '[.resources[0].schema.fields[].type] | unique | join(",")' out/datapackage.json)" \
	"datetime,integer,string" "only Frictionless types"
ok "export --format csv --out DIR: a sheet with a Frictionless datapackage.json that describes it"

expect_status 0 planche export --format json --out js
jq -e . js/catalogue.json >/dev/null || fail "catalogue.json is not JSON"
equals "$(jq length js/catalogue.json)" 4 "one object per image"
rec=$(jq '.[] | select(.file == "scans/tricky.jpg")' js/catalogue.json)
equals "$(jq -r .title <<<"$rec")" "$tricky_title" "quotes and markup survive in JSON"
equals "$(jq -r .notes <<<"$rec")" $'a note\non two lines' "newline survives in JSON"
equals "$(jq -r .description <<<"$rec")" $'Tab\there, bell and \'quotes\'' "a control character XML cannot carry is dropped from JSON too"
equals "$(jq -r '.tags | join(",")' <<<"$rec")" "Paris,caricature" "tags as an array"
equals "$(jq -r .width <<<"$rec")" 70 "numbers as numbers"
equals "$(jq -r .master <<<"$rec")" "$(planche show scans/tricky.jpg --format json | jq -r .master)" "master"
jfields=$(jq -r '[.resources[0].schema.fields[].name] | join(",")' js/datapackage.json)
equals "$jfields" "$(jq -r '.[0] | keys_unsorted | join(",")' js/catalogue.json)" "datapackage fields are the JSON keys"
equals "$(jq -r '.resources[0].schema.fields[] | select(.name == "tags") | .type' js/datapackage.json)" "array" "tags typed as array"
equals "$(jq -r '.resources[0].format' js/datapackage.json)" "json" "JSON resource"
# Frictionless: a tabular-data-resource is CSV (or inline rows), never format json
equals "$(jq -r '[.profile, .resources[0].profile] | join(",")' js/datapackage.json)" "data-package,data-resource" \
	"a JSON resource is not declared tabular"
equals "$(jq -r '[.profile, .resources[0].profile] | join(",")' out/datapackage.json)" \
	"tabular-data-package,tabular-data-resource" "the CSV one is"
ok "export --format json: typed, escaped objects and a datapackage.json for them"

# The Frictionless Data library itself (npm's datapackage) on both packages:
# descriptors against their profiles, and the CSV's rows cast by its schema.
DP="$SRCDIR/tests/browser/validate-datapackage.mjs"
if command -v node >/dev/null && [ -d "$SRCDIR/tests/browser/node_modules/datapackage" ]; then
	node "$DP" out >"$WORK/dp.txt" 2>&1 || fail "the CSV export's data package: $(cat "$WORK/dp.txt")"
	node "$DP" js >"$WORK/dp.txt" 2>&1 || fail "the JSON export's data package: $(cat "$WORK/dp.txt")"
	ok "both data packages pass the Frictionless library's validation, rows cast by the schema"
else
	missing "npm's datapackage is not installed (bash .ci/install-deps --tests installs it)"
fi

expect_status 0 planche export --format dc --out dc.xml
xmllint --noout dc.xml || fail "the Dublin Core export is not well-formed XML"
x() { xmllint --xpath "$1" dc.xml; }
equals "$(x "count(//*[local-name()='dc'])")" 4 "one oai_dc record per image"
rec4="(//*[local-name()='dc'])[4]"
equals "$(x "string($rec4/*[local-name()='title'])")" "$tricky_title" "title escaped in XML"
equals "$(x "count($rec4/*[local-name()='subject'])")" 2 "tags as subjects"
equals "$(x "string($rec4/*[local-name()='creator'])")" "Honoré Daumier" "creator"
contains "$(x "string($rec4/*[local-name()='rights'][1])")" "creativecommons.org/licenses/by/4.0" "rights URI"
equals "$(x "string($rec4/*[local-name()='type'])")" "StillImage" "type"
equals "$(x "string($rec4/*[local-name()='format'])")" "image/jpeg" "format"
equals "$(x "string((//*[local-name()='dc'])[1]/*[local-name()='identifier'][1])")" \
	"ark:/12148/btv1b8451605w/f12" "the ARK, with its view, as identifier"
equals "$(x "count((//*[local-name()='dc'])[1]/*[local-name()='identifier'])")" 1 "in one form"
equals "$(x "string((//*[local-name()='dc'])[1]/*[local-name()='source'])")" \
	"https://gallica.bnf.fr/ark:/12148/btv1b8451605w/f12.item" "source: the URL, not the credit line"
# The published schemas, found offline through a catalogue (tests/fixtures/dc/README.md).
XML_CATALOG_FILES="$SRCDIR/tests/fixtures/dc/catalog.xml" \
	xmllint --noout --nonet --schema "$SRCDIR/tests/fixtures/dc/records.xsd" dc.xml ||
	fail "the Dublin Core export is not valid against oai_dc.xsd"
[ "$(x "namespace-uri($rec4)")" = "http://www.openarchives.org/OAI/2.0/oai_dc/" ] || fail "oai_dc namespace"
ok "export --format dc: well-formed oai_dc records, everything escaped"

expect_status 2 planche export --format marc
ok "an unknown format is a usage error"

# ---- import ----
expect_status 0 planche import out/catalogue.csv
contains "$OUT" "0 updated, 4 unchanged, 0 failed" "round trip"
planche export --format csv --out again.csv
cmp out/catalogue.csv again.csv || fail "export -> import changed the catalogue (even updated_at counts)"
ok "a round trip export -> import changes nothing"

ia_sha=$(sha256sum "scans/ia/plate two.png" | cut -d' ' -f1)
cat > sheet.csv <<CSV
file,sha256,identifier,title,creator,date,tags,rights
scans/plain.tif,,,Nouveau titre,Cham,1845,"x; y",public domain
,$ia_sha,,"Titre, par le hash",,,,
,,ark:/12148/btv1b8451605w/f12,Par l'ARK,,,,
nothere.jpg,,,Fantôme,,,,
scans/tricky.jpg,,ark:/12148/btv1b8451605x,Mauvais ARK,,,,
scans/tricky.jpg,"bad"quote,,,,,,
,,,Sans clé,,,,
scans/tricky.jpg,,,,,un jour,,
CSV
expect_status 1 planche import --dry-run sheet.csv
contains "$OUT" "would update scans/plain.tif" "dry run says what it would do"
planche export --format csv --out dry.csv
cmp out/catalogue.csv dry.csv || fail "--dry-run wrote to the catalogue"
expect_status 1 planche import sheet.csv
contains "$ERR" "sheet.csv:5: no image at 'nothere.jpg'" "unmatched row by line"
contains "$ERR" "sheet.csv:6: ark:/12148/btv1b8451605x" "bad ARK row by line"
contains "$ERR" "sheet.csv:7:" "malformed CSV row by line"
contains "$ERR" "sheet.csv:8: no file, sha256 or identifier" "row without a key"
contains "$ERR" "sheet.csv:9: date 'un jour'" "a date not understood is reported"
lacks "$ERR" "sheet.csv:2:" "good rows are not reported"
contains "$OUT" "4 updated, 0 unchanged, 4 failed" "summary"
rec=$(planche show scans/plain.tif --format json)
equals "$(jq -r .title <<<"$rec")" "Nouveau titre" "matched by path"
equals "$(jq -r .creator <<<"$rec")/$(jq -r .year_min <<<"$rec")" "Cham/1845" "creator and date"
equals "$(jq -r '.tags | join(",")' <<<"$rec")" "x,y" "tags"
contains "$(jq -r .rights <<<"$rec")" "publicdomain/mark" "rights normalised"
equals "$(planche show "scans/ia/plate two.png" --format json | jq -r .title)" "Titre, par le hash" "matched by hash"
equals "$(planche show scans/btv1b8451605w_f12.jpg --format json | jq -r .title)" "Par l'ARK" "matched by identifier"
rec=$(planche show scans/tricky.jpg --format json)
equals "$(jq -r .title <<<"$rec")" "$tricky_title" "the bad ARK row is not applied"
equals "$(jq -r .identifier <<<"$rec")" "null" "the bad ARK is not recorded"
equals "$(jq -r .date <<<"$rec")" "un jour" "the date is kept as written"
ok "import: good rows applied by path, hash or identifier; bad rows reported by line and left out (exit 1)"

printf 'file,sha256,title\nscans/plain.tif,,Autre\nscans/tricky.jpg,,Encore\nscans/plain.tif,%s,Conflit\n' \
	"$ia_sha" > conflict.csv
expect_status 1 planche import conflict.csv
contains "$ERR" "conflict.csv:4:" "path and hash naming two images"
equals "$(planche show scans/plain.tif --format json | jq -r .title)" "Autre" "the good rows of a sheet with a bad one"
ok "a row whose path and hash disagree is refused"

# ---- bag ----
expect_status 0 planche export --bag bag
(cd bag && sha256sum --quiet -c manifest-sha256.txt) || fail "a manifest checksum is wrong"
(cd bag && sha256sum --quiet -c tagmanifest-sha256.txt) || fail "a tag manifest checksum is wrong"
equals "$(cut -d' ' -f3- bag/manifest-sha256.txt | sort)" "$(cd bag && find data -type f | sort)" \
	"the manifest lists exactly the payload"
equals "$(grep -c . bag/manifest-sha256.txt)" 4 "one master per image"
equals "$(cat bag/bagit.txt)" $'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8' "bagit.txt"
oxum="$(find bag/data -type f -printf '%s\n' | awk '{s += $1} END {print s}').$(find bag/data -type f | wc -l)"
equals "$(sed -n 's/^Payload-Oxum: //p' bag/bag-info.txt)" "$oxum" "Payload-Oxum"
equals "$(sed -n 's/^Source-Organization: //p' bag/bag-info.txt)" "Musée des Planches & Co" "Source-Organization"
grep -q '^metadata/catalogue.json$' <(cut -d' ' -f3- bag/tagmanifest-sha256.txt) ||
	fail "the catalogue's metadata is among the tag files"
equals "$(jq length bag/metadata/catalogue.json)" 4 "one record per image"
equals "$(jq -r '.[] | select(.path == "scans/ia/plate two.png") | .bag_files[0]' bag/metadata/catalogue.json)" \
	"data/$(planche show "scans/ia/plate two.png" --format json | jq -r .master)" \
	"each record names its files in the bag"
equals "$(sed -n 's/^Planche-Images: //p' bag/bag-info.txt)" 4 "bag-info says how many images"
grep -q '^Bag-Size: ' bag/bag-info.txt || fail "Bag-Size"
grep -q "^Bagging-Date: $(date +%Y-%m-%d)$" bag/bag-info.txt || fail "Bagging-Date"
equals "$(cut -d' ' -f3 bag/tagmanifest-sha256.txt | sort | tr '\n' ' ')" \
	"bag-info.txt bagit.txt manifest-sha256.txt metadata/catalogue.json " "tag manifest covers the tag files"
master=$(planche show scans/tricky.jpg --format json | jq -r .master)
cmp "$master" "bag/data/$master" || fail "master content in the bag"
ok "export --bag: a BagIt bag of the masters whose manifests check out"

expect_status 0 planche export --bag bag2 --originals
(cd bag2 && sha256sum --quiet -c manifest-sha256.txt) || fail "manifest of the bag with originals"
equals "$(grep -c . bag2/manifest-sha256.txt)" 8 "masters and originals"
cmp "scans/ia/plate two.png" "bag2/data/originals/scans/ia/plate two.png" || fail "original in the bag"
expect_status 1 planche export --bag bag
contains "$ERR" "already exists" "an existing bag is not overwritten"
ok "export --bag --originals adds the originals; an existing bag is left alone"

# ---- verify ----
expect_status 0 planche verify
contains "$OUT" "8 ok, 0 changed, 0 missing" "clean collection"
cp "$master" saved-master
printf 'x' >> "$master"
mv scans/plain.tif saved-plain.tif
cp saved-master masters/extra.jpg
expect_status 1 planche verify
contains "$OUT" "changed     $master" "changed master named"
contains "$OUT" "missing     scans/plain.tif" "missing original named"
contains "$OUT" "unrecorded  masters/extra.jpg" "extra master named"
contains "$OUT" "1 changed, 1 missing" "summary"
expect_status 1 planche export --bag bag3
contains "$ERR" "$master" "the bag names the changed file"
[ ! -e bag3 ] || fail "no bag is left behind when a checksum does not match"
mv saved-plain.tif scans/plain.tif
cp saved-master "$master"
rm masters/extra.jpg
expect_status 0 planche verify
ok "verify: changed, missing and unrecorded files are named (exit 1); a mended collection passes"

# ---- rm ----
plain_master=$(planche show scans/plain.tif --format json | jq -r .master)
expect_status 1 planche rm scans/plain.tif no-such-image
equals "$(planche query --format json | jq length)" 4 "nothing removed when a name is wrong"
expect_status 0 planche rm scans/plain.tif
expect_status 1 planche show scans/plain.tif
equals "$(planche query --format json | jq length)" 3 "gone from query"
expect_status 0 planche query Autre --format json
equals "$(jq length <<<"$OUT")" 0 "gone from the full-text index"
[ -f scans/plain.tif ] && [ -f "$plain_master" ] || fail "rm without --delete-files deleted files"
ia_master=$(planche show "scans/ia/plate two.png" --format json | jq -r .master)
expect_status 0 planche rm --delete-files "scans/ia/plate two.png"
[ ! -e "$ia_master" ] || fail "--delete-files keeps the master"
[ -f "scans/ia/plate two.png" ] || fail "--delete-files deleted the original"
expect_status 0 planche rm --delete-originals scans/tricky.jpg
[ ! -e scans/tricky.jpg ] && [ ! -e "$master" ] || fail "--delete-originals deletes original and master"
equals "$(sqlite3 planche.db 'SELECT count(*) FROM runs; SELECT count(*) FROM tags; SELECT count(*) FROM items_fts' | tr '\n' ' ')" \
	"1 0 1 " "runs, tags and full text go with the images"
ok "rm forgets images; files go only with --delete-files (masters) or --delete-originals"

# The preview add keeps for clean goes with an image removed before it was cleaned.
make_image scans/late.jpg 300 200
expect_status 0 planche add scans/late.jpg
equals "$(ls .previews | wc -l)" 1 "the preview add kept"
echo "mine" > .previews/notes.txt
expect_status 0 planche rm scans/late.jpg
equals "$(ls -A .previews)" "notes.txt" "only the removed image's preview goes, not a file planche did not make"
rm .previews/notes.txt
expect_status 0 planche clean --pipeline none
[ ! -e .previews ] || fail "an empty preview folder stayed"
ok "rm takes the preview of an image not yet cleaned, and nothing else"

done_testing
