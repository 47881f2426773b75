#!/usr/bin/env bash
# Provenance that travels (issue #16): sources from any archive, creators,
# dates, documents, exports that validate.
. "$(dirname "$0")/lib.sh"
need jq curl xmllint vipsheader

planche init coll >/dev/null
cd coll
make_image scans/eiteritz.jpg 100 140
make_image scans/herold.jpg 90 120
make_image scans/huck.jpg 80 100

# ---- 1. sources from other archives ----
expect_status 0 planche add scans/eiteritz.jpg \
	--source "https://www.deutschestextarchiv.de/book/view/eiteritz_affe_1719?p=206"
lacks "$ERR" "not a Gallica" "a DTA URL is not refused"
expect_status 0 planche add scans/herold.jpg --source "http://resolver.staatsbibliothek-berlin.de/SBB0000F29300010000"
lacks "$ERR" "not a Gallica" "a resolver URL is not refused"
expect_status 0 planche add scans/huck.jpg --source "https://www.gutenberg.org/files/76/76-h/images/c02-22.jpg" \
	--title "They tip-toed along" --creator "Mark Twain; E. W. Kemble (ill.)"
rec=$(planche show scans/eiteritz.jpg --format json)
equals "$(jq -r .source <<<"$rec")" "deutsches-textarchiv" "the archive is named"
contains "$rec" "dta:eiteritz_affe_1719" "its identifier is read"
equals "$(planche show scans/huck.jpg --format json | jq -r .creator)" "Mark Twain; E. W. Kemble (ill.)" \
	"the creators are stored as written"
equals "$(planche show dta:eiteritz_affe_1719 --format json | jq -r .path)" "scans/eiteritz.jpg" \
	"show finds an image by another archive's identifier"
ok "add keeps source URLs of other archives, named and with their identifiers"

expect_status 0 planche export --format csv --out csv
grep -q 'https://www.deutschestextarchiv.de/book/view/eiteritz_affe_1719?p=206' csv/catalogue.csv ||
	fail "the export gives the URL, which reads back"
expect_status 0 planche import csv/catalogue.csv
equals "$(planche show scans/eiteritz.jpg --format json | jq -r .source)" "deutsches-textarchiv" "import keeps it"
ok "export and import keep the source URL"

# ---- 7. a mistyped ARK, and a sheet run again ----
make_image sheet/one.jpg 40 50
make_image sheet/two.jpg 41 50
printf 'file,identifier,title\none.jpg,ark:/12148/btv1b8451605w/f3,One\ntwo.jpg,ark:/12148/btv1b8451605x,Two\n' > sheet/s.csv
expect_status 1 planche add --csv sheet/s.csv
contains "$ERR" "s.csv:3: " "the mistyped ARK is reported by its line"
contains "$ERR" "wrong check character" "and what is wrong"
expect_status 1 planche add sheet/two.jpg --ark ark:/12148/btv1b8451605x
contains "$ERR" "btv1b8451605x" "--ark: the mistyped ARK is named, with a non-zero exit"
printf 'file,identifier,title\none.jpg,ark:/12148/btv1b8451605w/f3,One\n' > sheet/ok.csv
expect_status 0 planche add --csv sheet/ok.csv
stamp=$(planche show sheet/one.jpg --format json | jq -r .updated_at)
sleep 1.1
expect_status 0 planche add --csv sheet/ok.csv
contains "$OUT" "0 updated, 0 moved, 1 unchanged" "an unchanged sheet counts its rows unchanged"
equals "$(planche show sheet/one.jpg --format json | jq -r .updated_at)" "$stamp" "and keeps updated_at"
ok "a mistyped ARK exits non-zero, by line from a sheet; an unchanged sheet changes nothing"

# ---- 2. dates ----
make_image scans/century.jpg 60 80
make_image scans/undated.jpg 60 80
expect_status 0 planche add scans/century.jpg --date "XIXe siècle"
expect_status 0 planche add scans/undated.jpg --date "s.d."
lacks "$ERR" "not understood" "'s.d.' is understood"
planche set scans/eiteritz.jpg date="vers 1719" >/dev/null
equals "$(planche show scans/century.jpg --format json | jq -c '[.year_min, .year_max]')" "[1800,1899]" \
	"a century is 1800-1899"
equals "$(planche show scans/eiteritz.jpg --format json | jq -c '[.year_min, .year_max]')" "[1714,1724]" \
	"'vers' widens by 5 years"
ok "dates: centuries, 'vers' and 's.d.'"

# ---- 3. documents ----
make_image book/p10.jpg 50 70
make_image book/p2.jpg 52 70
make_image book/cover.jpg 54 70
expect_status 0 planche add book/p10.jpg book/p2.jpg --document "Huckleberry Finn (1885)"
expect_status 0 planche add book/cover.jpg
expect_status 0 planche set book/cover.jpg document="Huckleberry Finn (1885)"
equals "$(planche show book/p2.jpg --format json | jq -r .document_title)" "Huckleberry Finn (1885)" \
	"add --document names the document"
equals "$(planche show book/cover.jpg --format json | jq -r .document)" \
	"$(planche show book/p10.jpg --format json | jq -r .document)" "set document= joins the same document"
expect_status 0 planche export --format csv --out doccsv
contains "$(head -1 doccsv/catalogue.csv)" "document" "the sheet has a document column"
grep -q 'Huckleberry Finn (1885)' doccsv/catalogue.csv || fail "the export carries the document"
expect_status 0 planche set book/cover.jpg document=
equals "$(planche show book/cover.jpg --format json | jq -r .document_title)" "null" "set document= leaves it"
expect_status 0 planche import doccsv/catalogue.csv
equals "$(planche show book/cover.jpg --format json | jq -r .document_title)" "Huckleberry Finn (1885)" \
	"import reads the document column"
ok "a document field groups views (add --document, set document=, export, import)"

# In the document's manifest a view is named by its own title, and one
# titled only as its document (p2, p10) by its place in it.
expect_status 0 planche set book/cover.jpg title="Cover"
expect_status 0 planche clean --pipeline none
expect_status 0 planche build
century=$(planche show scans/century.jpg --format json | jq -r .id)
equals "$(jq -r .navDate "site/items/$century/manifest.json")" "1800-01-01T00:00:00Z" "navDate of a century"
grep -q '1800–1899' site/decades/index.html || fail "a century is filed under 1800–1899"
lacks "$(cat site/decades/index.html)" "1800–1809" "not under its first decade"
ok "build files a century under 1800–1899"

docdir=$(dirname "$(grep -l 'Huckleberry Finn (1885)' site/documents/*/index.html | head -1)")
[ -n "$docdir" ] && [ -f "$docdir/manifest.json" ] || fail "the document has a page and a manifest"
p2=$(planche show book/p2.jpg --format json | jq -r .id)
p10=$(planche show book/p10.jpg --format json | jq -r .id)
cover=$(planche show book/cover.jpg --format json | jq -r .id)
equals "$(jq -r '[.items[].id | capture("items/(?<n>[^/]+)/canvas").n] | join(",")' "$docdir/manifest.json")" \
	"$cover,$p2,$p10" "one canvas per view, in view order"
equals "$(jq -r '.type' "$docdir/manifest.json")" "Manifest" "a IIIF manifest"
order=$(grep -o "items/[^/]*/index.html" "$docdir/index.html" | sed 's|items/||; s|/index.html||' | awk '!s[$0]++' | tr '\n' ',')
equals "$order" "$cover,$p2,$p10," "the document page lists its views in view order"
[ -f "site/items/$p2/manifest.json" ] || fail "the per-image manifests stay"
equals "$(jq -r '[.items[].label | to_entries[0] | "\(.key):\(.value[0])"] | join(",")' "$docdir/manifest.json")" \
	"none:Cover,en:View 2,en:View 3" "canvases labelled by title, else by their place"
jq -r '.items[] | select(.type == "Manifest") | .id' site/iiif/collection.json | grep -qxF "${docdir#site/}/manifest.json" ||
	fail "the collection lists the document's manifest"
jq -r '.items[].id' site/iiif/collection.json | grep -qxF "items/$p2/manifest.json" &&
	fail "the collection lists a view of a document on its own"
ok "build: a document page and a IIIF manifest with one labelled canvas per view, in view order, in the collection"
id=$(planche show scans/eiteritz.jpg --format json | jq -r .id)
page="site/items/$id/index.html"
grep -q 'href="https://www.deutschestextarchiv.de/book/view/eiteritz_affe_1719?p=206"' "$page" ||
	fail "the item page links its source"
grep -q 'Deutsches Textarchiv: eiteritz_affe_1719' "$page" || fail "the link is named after its archive"
equals "$(jq -r '.homepage[0].id' "site/items/$id/manifest.json")" \
	"https://www.deutschestextarchiv.de/book/view/eiteritz_affe_1719?p=206" "manifest homepage"
grep -q 'Deutsches Textarchiv' site/sources/index.html || fail "the sources page names the archive"
grep -q 'Staatsbibliothek zu Berlin' site/sources/index.html || fail "the sources page names SBB"
ok "build: source link, manifest homepage and the sources page name the archive"

huck=$(planche show scans/huck.jpg --format json | jq -r .id)
grep -q 'class="t">Mark Twain<' site/creators/index.html || fail "the first creator has a page"
grep -q 'class="t">E. W. Kemble (ill.)<' site/creators/index.html || fail "the second creator has a page"
equals "$(jq -c '[.metadata[] | select(.label[][0] == "Creator") | .value.none[]]' "site/items/$huck/manifest.json")" \
	'["Mark Twain","E. W. Kemble (ill.)"]' "IIIF metadata lists each creator"
equals "$(grep -c 'name="DCTERMS.creator"' "site/items/$huck/index.html")" 2 "one DCTERMS.creator each"
expect_status 0 planche export --format dc --out dc.xml
equals "$(grep -c '<dc:creator>' dc.xml)" 2 "one dc:creator each"
ok "creators written 'A; B' are listed one by one in pages, manifests and Dublin Core"

# ---- 5. the site ----
[ -f site/404.html ] || fail "a 404.html"
grep -q 'href="/index.html"' site/404.html || fail "the 404 page leads home, from the server's root without base-url"
lacks "$(cat site/sitemap.xml)" "404.html" "the 404 page is not in the sitemap"
[ -f "site/media/$huck/before.jpg" ] || fail "the original is shown as a derivative made at build"
grep -q "media/$huck/before.jpg" "site/items/$huck/index.html" || fail "the item page shows before and after"
lacks "$(cat "site/items/$huck/index.html")" "scans/huck.jpg" "the raw original is not linked"
equals "$(vipsheader -f width "site/media/$huck/before.jpg")" 80 "before.jpg is the original's width at most"
grep -q 'class="source-link" rel="external" href="https://www.gutenberg.org/' "site/items/$huck/index.html" ||
	fail "the source link is beside the picture"
entries=$(grep -c '<entry>' site/feed.xml)
equals "$(grep -c '<summary>' site/feed.xml)" "$entries" "every Atom entry has a summary"
equals "$(grep -c 'rel="enclosure" type="image/jpeg"' site/feed.xml)" "$entries" "every Atom entry has a picture"
xmllint --noout site/feed.xml || fail "the feed is well-formed"
ok "site: 404.html, before and after, the source link by the credit, Atom pictures and summaries"

# ---- 6. masters keep the original's resolution and capture EXIF ----
if command -v exiftool >/dev/null || [ -n "${CI:-}" ]; then
	make_image scans/scan400.jpg 120 160
	vips copy scans/scan400.jpg "scans/scan400b.jpg[Q=90]" --xres 15.748 --yres 15.748
	mv scans/scan400b.jpg scans/scan400.jpg
	exiftool -q -overwrite_original -Make=Epson -Model="Perfection V850" \
		-DateTimeOriginal="2024:01:02 03:04:05" scans/scan400.jpg
	expect_status 0 planche add scans/scan400.jpg --title "Le Chauvet" --creator Anonyme --date "vers 1860" \
		--rights "CC BY 4.0" --source "https://www.deutschestextarchiv.de/book/view/x?p=3"
	expect_status 0 planche clean --pipeline none
	m=$(planche show scans/scan400.jpg --format json | jq -r .master)
	equals "$(exiftool -s3 -XResolution "$m")" 400 "a 400 dpi scan's master says 400 dpi"
	equals "$(exiftool -s3 -Make -Model -DateTimeOriginal "$m" | tr '\n' '|')" \
		"Epson|Perfection V850|2024:01:02 03:04:05|" "make, model and date taken"
	equals "$(exiftool -s3 -XMP-dc:Date "$m")" "" "a free-text date is not in dc:date"
	equals "$(exiftool -s3 -XMP-iptcExt:ArtworkCircaDateCreated "$m")" "vers 1860" "it is the artwork's circa date"
	equals "$(exiftool -s3 -XMP-iptcExt:ArtworkTitle "$m")" "Le Chauvet" "artwork title"
	equals "$(exiftool -s3 -XMP-xmpRights:WebStatement "$m")" "https://creativecommons.org/licenses/by/4.0/" "web statement"
	equals "$(exiftool -s3 -XMP-xmpRights:Marked "$m")" "True" "marked"
	equals "$(exiftool -s3 -XMP-dc:Rights "$m")" "CC BY 4.0" "dc:rights in words"
	equals "$(exiftool -s3 -XMP-dc:Source "$m")" "https://www.deutschestextarchiv.de/book/view/x?p=3" "dc:source a URL"
	equals "$(exiftool -validate -warning -a -s3 "$m" | head -1)" "OK" "exiftool -validate finds no warning"
	# only metadata: a new title makes a master with the very same pixels
	cp "$m" "$WORK/before-master.jpg"
	planche set scans/scan400.jpg title="Le Chauvet, autre titre" >/dev/null
	expect_status 0 planche clean --force --pipeline none
	vips subtract "$m" "$WORK/before-master.jpg" "$WORK/diff.v"
	vips abs "$WORK/diff.v" "$WORK/absdiff.v"
	equals "$(vips max "$WORK/absdiff.v")" 0.000000 "the metadata changes nothing in the pixels"
	ok "masters keep resolution and capture EXIF; their XMP validates"
else
	echo "# skipped: exiftool not found (bash .ci/install-deps --tests installs it)"
fi

# ---- 4. IIIF without base-url ----
planche set scans/huck.jpg rights="CC BY 4.0" >/dev/null
expect_status 0 planche build
contains "$ERR" "base-url is not set" "build warns that IIIF ids are relative"
equals "$(jq -r .rights "site/items/$huck/manifest.json")" "http://creativecommons.org/licenses/by/4.0/" \
	"CC licences in IIIF rights in their http form"
{
	"$PLANCHE" serve --port 0 > "$WORK/serve.log" 2>&1 &
	serve_pid=$!
	for _ in $(seq 50); do grep -q '^Serving' "$WORK/serve.log" && break; sleep 0.1; done
	url=$(sed -n 's/.* at \(http[^ ]*\) .*/\1/p' "$WORK/serve.log")
	curl -s -D "$WORK/headers" -o "$WORK/m.json" "${url}items/$huck/manifest.json"
	grep -qi '^Access-Control-Allow-Origin: \*' "$WORK/headers" || fail "serve sends CORS on JSON"
	equals "$(jq -r .id "$WORK/m.json")" "${url}items/$huck/manifest.json" "the manifest id is absolute"
	svc=$(jq -r '.items[0].items[0].items[0].body.service[0].id' "$WORK/m.json")
	equals "$svc" "${url}iiif/$huck" "the image service id is absolute"
	equals "$(curl -s "$svc/info.json" | jq -r .id)" "${url}iiif/$huck" "info.json id is absolute"
	kill "$serve_pid"
	wait "$serve_pid" 2>/dev/null || true
	ok "serve makes a site without base-url usable by IIIF viewers"
}

done_testing
