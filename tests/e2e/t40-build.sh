#!/usr/bin/env bash
# The static gallery: a complete site, valid HTML, XML and IIIF, nothing that
# reaches another host, hostile metadata escaped everywhere, incremental
# rebuilds, themes, French, and the preview server.
. "$(dirname "$0")/lib.sh"
need_gen
need jq xmllint curl
SRCDIR=${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}

planche init coll >/dev/null
cd coll
mkdir scans
"$GEN" -n 3 -m 1 --no-truth-images gen >/dev/null
# Gallica names, so that the images have ARKs (two views of one document).
mv gen/case-000.jpg scans/btv1b8451605w_f1.jpg
mv gen/case-001.jpg scans/btv1b8451605w_f2.jpg
mv gen/case-002.jpg scans/bpt6k205233j.f3.jpg
expect_status 0 planche add scans
ids=$(planche query --format json | jq -r '.[].id' | tr '\n' ' ')
set -- $ids
first=$1 second=$2 third=$3
planche set "$first" title='<script>alert(1)</script>' creator='"><img src=x onerror=alert(2)>' \
	date='vers 1865' description=$'Line\x01 & <b>bold</b> ../../etc/passwd' \
	tags='<i>t</i>,caricature' >/dev/null
planche set "$second" title='Les Gens de justice' creator='Honoré Daumier' date=1845 tags=justice >/dev/null
planche set "$third" title='Le Défenseur' creator='Paul Gavarni' date=1843 >/dev/null
expect_status 0 planche clean
printf '# About\n\nPrints from *Gallica* & <script>x</script> [more](about.html).\n' > intro.md
sed -i 's|^#introduction=.*|introduction=intro.md|; s|^#base-url=.*|base-url=https://prints.example.org/c/|' planche.conf

expect_status 0 planche build
contains "$OUT" "3 images published" "summary"
for f in index.html browse/index.html search/index.html search/index.json feed.xml sitemap.xml \
	robots.txt iiif/collection.json "items/$first/index.html" "items/$first/manifest.json" \
	"iiif/$first/info.json" "media/$first/master.jpg" creators/index.html decades/index.html \
	tags/index.html sources/index.html documents/index.html assets/planche.css; do
	[ -f "site/$f" ] || fail "site/$f is missing"
done
ok "build writes pages, feed, sitemap, search index, manifests, tiles and media"
if [ -f site/assets/openseadragon/openseadragon.min.js ]; then
	lacks "$ERR" "zoom viewer" "no warning when the viewer is found"
	ok "the zoom viewer (OpenSeadragon) is copied into the site"
else
	missing "OpenSeadragon is not installed (bash .ci/install-deps installs it in src/gallery)"
fi

HV="$SRCDIR/tests/browser/node_modules/.bin/html-validate"
if [ -x "$HV" ]; then
	echo '{"extends": ["html-validate:recommended"]}' > "$WORK/hv.json"
	pages=$(find site -name '*.html' | sort)
	"$HV" --config "$WORK/hv.json" $pages || fail "html-validate found problems"
	ok "every page ($(echo "$pages" | wc -l)) passes html-validate:recommended"
else
	missing "html-validate is not installed (bash .ci/install-deps --tests installs it)"
fi

xmllint --noout site/feed.xml site/sitemap.xml || fail "feed or sitemap is not well-formed XML"
[ "$(xmllint --xpath 'count(//*[local-name()="entry"])' site/feed.xml)" = 3 ] || fail "feed entries"
grep -q '<loc>https://prints.example.org/c/items/' site/sitemap.xml || fail "sitemap holds item pages"
grep -q 'Sitemap: https://prints.example.org/c/sitemap.xml' site/robots.txt || fail "robots.txt names the sitemap"
ok "feed and sitemap are well-formed XML with absolute addresses"

for id in $ids; do
	m="site/items/$id/manifest.json"
	jq -e '."@context" == "http://iiif.io/api/presentation/3/context.json" and .type == "Manifest"
		and (.id | startswith("https://prints.example.org/c/")) and (.label | length > 0)
		and (.requiredStatement.value.none[0] | contains("gallica.bnf.fr"))
		and (.rights | startswith("http")) and (.homepage[0].id | startswith("https://gallica.bnf.fr/ark:/12148/"))
		and (.partOf[0].type == "Collection") and (.navDate | test("^[0-9]{4}-01-01T"))
		and .items[0].type == "Canvas" and .items[0].width > 0
		and .items[0].items[0].items[0].body.service[0].profile == "level0"' "$m" >/dev/null \
		|| fail "$m lacks a required field"
	info="site/iiif/$id/info.json"
	jq -e '.type == "ImageService3" and .profile == "level0" and (.tiles[0].scaleFactors | length > 0)' "$info" >/dev/null \
		|| fail "$info"
	# Every size info.json lists exists as full/W,H/0/default.jpg.
	for s in $(jq -r '.sizes[] | "\(.width),\(.height)"' "$info"); do
		[ -f "site/iiif/$id/full/$s/0/default.jpg" ] || fail "$info lists $s, not made"
	done
done
# The two views of btv1b8451605w by their document's manifest, the other image by its own.
view=$(planche show scans/btv1b8451605w_f1.jpg --format json | jq -r .id)
lone=$(planche show scans/bpt6k205233j.f3.jpg --format json | jq -r .id)
doc=$(grep -l "items/$view/index.html" site/documents/*/index.html | head -1)
doc=${doc#site/}
equals "$(jq -r '[.items[] | select(.type == "Manifest" and (.thumbnail[0].id | length > 0)) | .id] | sort | join(" ")' \
	site/iiif/collection.json)" \
	"https://prints.example.org/c/${doc%index.html}manifest.json https://prints.example.org/c/items/$lone/manifest.json" \
	"the IIIF collection lists the document and the other image"
jq -e '.type == "Collection"' site/iiif/collection.json >/dev/null || fail "IIIF collection"
ok "IIIF manifests, image services and the collection carry their required fields"

# Nothing is requested from another host: no absolute src, srcset, stylesheet
# or script; absolute addresses only where they name things (sources, rights,
# namespaces, the site's own base-url).
texts=$(find site -type f \( -name '*.html' -o -name '*.xml' -o -name '*.json' -o -name '*.js' -o -name '*.css' -o -name '*.txt' \) -not -path 'site/assets/openseadragon/*')
if grep -lE '(src|srcset|poster|data)="(https?:)?//' $texts; then fail "a page loads something from another host"; fi
if grep -lE '<link[^>]+rel="(stylesheet|icon|preload|modulepreload)"[^>]+href="(https?:)?//' $texts; then fail "a stylesheet from another host"; fi
if grep -lE 'url\((https?:)?//' $(find site -name '*.css'); then fail "CSS loads from another host"; fi
hosts=$(grep -ohE 'https?://[^/"<> ]+' $texts | sort -u | grep -vxE 'https?://(prints\.example\.org|gallica\.bnf\.fr|archive\.org|commons\.wikimedia\.org|creativecommons\.org|rightsstatements\.org|iiif\.io|purl\.org|www\.openarchives\.org|www\.sitemaps\.org|www\.w3\.org|schema\.org)' || true)
[ -z "$hosts" ] || fail "pages name other hosts: $hosts"
grep -q 'http-equiv="Content-Security-Policy" content="default-src '"'"'self'"'"'' site/index.html || fail "CSP"
ok "no page loads or names an outside host; every page has a same-site CSP"

# A server shows 404.html at the address asked, in any folder: its links start
# from base-url's path, not from where it happens to be.
grep -q '<link rel="stylesheet" href="/c/assets/planche.css">' site/404.html || fail "the 404 page's stylesheet from the site's path"
grep -q '<a href="/c/index.html">' site/404.html || fail "the 404 page leads home from any folder"
ok "404.html works at any depth"

for bad in '<script>alert' '<img src=x' '<i>t</i>' '<b>bold' '<script>x'; do
	hit=$(grep -rlF "$bad" site --include='*.html' --include='*.xml' --include='*.json' --include='*.js' || true)
	[ -z "$hit" ] || fail "'$bad' reaches $hit unescaped"
done
grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' "site/items/$first/index.html" || fail "the title is shown, escaped"
grep -q 'alt="&lt;script&gt;alert(1)&lt;/script&gt;"' "site/items/$first/index.html" || fail "alt text is the title"
if grep -q $'\x01' "site/items/$first/index.html"; then fail "control characters reach pages"; fi
ok "markup in titles, creators, tags and descriptions is escaped in pages, feed, sitemap and JSON"

grep -q 'loading="lazy"' site/browse/index.html || fail "lazy loading"
grep -qE 'type="image/webp" srcset="[^"]+ [0-9]+w, [^"]+ [0-9]+w, [^"]+ [0-9]+w"' site/browse/index.html || fail "three widths in WebP"
grep -qE '<img src="[^"]+\.jpg" srcset="[^"]+" sizes="[^"]+" width="[0-9]+" height="[0-9]+"' site/browse/index.html || fail "JPEG fallback with width and height"
grep -q 'href="https://gallica.bnf.fr/ark:/12148/' "site/items/$first/index.html" || fail "identifier links to its source"
grep -q 'DCTERMS.title' "site/items/$first/index.html" || fail "Dublin Core"
grep -q 'property="og:image" content="https://prints.example.org/c/media/' "site/items/$first/index.html" || fail "Open Graph"
grep -q '<script type="application/ld+json">' "site/items/$first/index.html" || fail "schema.org JSON-LD"
ok "grids use <picture> with WebP srcset and JPEG fallback; item pages carry DC, OG and JSON-LD"

# Every picture a page names is in the site: src and each srcset candidate,
# WebP where there is one and the largest size's JPEG where there is not.
for page in site/index.html site/browse/index.html site/items/*/index.html; do
	d=$(dirname "$page")
	for u in $(grep -oE '(src|srcset)="[^"]*"' "$page" | sed -E 's/^[a-z]+="//; s/"$//' |
		tr ',' '\n' | awk '{print $1}' | grep -E '\.(jpg|webp)$'); do
		[ -f "$d/$u" ] || fail "$page names $u, which the site does not have"
	done
done
ok "every picture a page names in src or srcset is in the site"

expect_status 0 planche build
contains "$OUT" "0 remade" "no-change rebuild remakes no image"
contains "$OUT" " 0 files written" "no-change rebuild writes nothing"
ok "a rebuild with no change redoes nothing"

planche set "$second" title='Les Gens de justice, retitled' >/dev/null
expect_status 0 planche build
contains "$OUT" "0 remade" "a metadata edit remakes no image"
grep -q 'retitled' "site/items/$second/index.html" || fail "the edit reaches the page"
grep -q 'retitled' site/feed.xml || fail "the edit reaches the feed"
ok "an edited title rewrites pages, not images"

echo 'body { background: #123; }' > theme.css
sed -i 's/^language=.*/language=fr/' planche.conf
expect_status 0 planche build
cmp -s theme.css site/assets/theme.css || fail "theme.css copied"
grep -q '<html lang="fr">' site/index.html || fail "French pages"
grep -q 'Dernières entrées' site/index.html || fail "French interface text"
ok "a theme.css restyles the site; language=fr gives a French interface"

sed -i 's/^download-originals=.*/download-originals=true/' planche.conf
expect_status 0 planche build
[ -f "site/media/$third/original.jpg" ] || fail "the original is offered"
orig=$(planche show "$third" --format json | jq -r .path)
cmp -s "site/media/$third/original.jpg" "$orig" || fail "the original is untouched"
grep -q "media/$third/original.jpg" "site/items/$third/index.html" || fail "the page links the original"
ok "download-originals=true offers the untouched original"

# An image whose master is gone leaves the site with all its files.
master=$(planche show "$third" --format json | jq -r .master)
rm "$master"
expect_status 0 planche build
for d in "items/$third" "media/$third" "iiif/$third"; do
	[ ! -e "site/$d" ] || fail "site/$d is left behind"
done
if grep -q "items/$third/" site/index.html site/feed.xml site/sitemap.xml site/search/index.json; then
	fail "links to a removed image remain"
fi
ok "an image that is gone is removed from pages, feed, sitemap, search and media"

expect_status 0 planche build --out "$WORK/elsewhere"
[ -f "$WORK/elsewhere/index.html" ] || fail "--out"
expect_status 2 planche build --out .
contains "$ERR" "holds a collection" "--out into the collection is refused"
ok "--out writes the site elsewhere, never into a collection"

# Without OpenSeadragon the site is built all the same, and the build says so once.
expect_status 0 env PLANCHE_OSD_DIR="$WORK/no-viewer" "$PLANCHE" build --out "$WORK/no-viewer-site"
equals "$(grep -c 'warning: the site has no zoom viewer' <<<"$ERR")" 1 "one warning per build, not per page"
[ ! -e "$WORK/no-viewer-site/assets/openseadragon" ] || fail "no viewer copied"
if grep -rq 'openseadragon.min.js' "$WORK/no-viewer-site" --include='*.html'; then fail "pages load a viewer that is not there"; fi
ok "a build that finds no zoom viewer says so once and pages do without it"

"$PLANCHE" serve --port 0 > "$WORK/serve.log" 2>&1 &
serve_pid=$!
for _ in $(seq 50); do grep -q '^Serving' "$WORK/serve.log" && break; sleep 0.1; done
url=$(sed -n 's/.* at \(http[^ ]*\) .*/\1/p' "$WORK/serve.log")
contains "$url" "http://127.0.0.1:" "serves on the loopback interface"
code=$(curl -s -o /dev/null -w '%{http_code}' "${url}index.html")
equals "$code" 200 "home page"
code=$(curl -s -o /dev/null -w '%{http_code}' "${url}items/$first")
equals "$code" 301 "a folder without its slash is redirected"
code=$(curl -s --path-as-is -o /dev/null -w '%{http_code}' "${url}../planche.db")
[ "$code" != 200 ] || fail "'..' escapes the site"
code=$(curl -s --path-as-is -o /dev/null -w '%{http_code}' "${url}%2e%2e/planche.conf")
[ "$code" != 200 ] || fail "'%2e%2e' escapes the site"
kill "$serve_pid"
wait "$serve_pid" 2>/dev/null || true
ok "serve previews the site on 127.0.0.1 and refuses paths out of it"

done_testing
