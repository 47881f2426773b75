#!/usr/bin/env bash
# planche behaves the same whatever the locale (issue #12). The main path
# (add with non-ASCII titles and creators, set with dot decimals, clean,
# build, query, show, export) runs on the same generated scans under C,
# C.UTF-8, fr_FR.UTF-8 and de_DE.UTF-8, each in a fresh collection at the
# same place. The catalogue (minus timestamps), the masters (byte for byte),
# the site and every output must be those made under C.UTF-8, and no '?' may
# stand for a letter. A locale that is not installed fails the test on CI
# (CI=true) and skips it elsewhere, once the installed ones have passed.
. "$(dirname "$0")/lib.sh"
need_gen
for tool in jq sqlite3 locale; do
	command -v "$tool" >/dev/null || { echo "skip: no $tool"; exit 77; }
done

reference=C.UTF-8
locales=("$reference" C fr_FR.UTF-8 de_DE.UTF-8)
installed() { [ "$1" = C ] || [ "$(LC_ALL=$1 locale charmap 2>/dev/null)" = UTF-8 ]; }
missing=()
for l in "${locales[@]}"; do
	installed "$l" || missing+=("$l")
done
if [ ${#missing[@]} -gt 0 ] && [ "${CI:-}" = true ]; then
	fail "locale(s) not installed: ${missing[*]} (see 'locale -a'; .ci/install-deps --tests generates them)"
fi

"$GEN" --example scans >/dev/null 2>&1

# planche under $loc alone: LC_ALL, and no LANG, LANGUAGE or other LC_*.
pl() {
	env -u LANG -u LANGUAGE -u LC_CTYPE -u LC_NUMERIC -u LC_COLLATE -u LC_MESSAGES \
		-u LC_TIME -u LC_MONETARY -u CHARSET LC_ALL="$loc" "$PLANCHE" "$@"
}

# Times and durations out, so that runs compare. Only dot decimals are taken
# out: a '0,5 s' stays, and differs.
scrub() {
	sed -i -E -e 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:?[0-9]{2})/TIME/g' \
		-e 's/[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2} UTC/TIME/g' \
		-e 's/[0-9]+\.[0-9]+ s([^a-zA-Z]|$)/N s\1/g' \
		-e 's/[0-9]+\.[0-9]+ images\/s/N images\/s/g' \
		-e 's/"seconds" ?: ?[0-9.e+-]+/"seconds": N/g' "$@"
}

# The catalogue's tables, without the times and the runs' ids (clean runs
# images in parallel, so runs are numbered in the order they end).
dump_catalogue() {
	LC_ALL=C.UTF-8 sqlite3 -readonly -header -csv planche.db "
		SELECT * FROM documents ORDER BY id;
		SELECT id, path, size, mtime, sha256, format, width, height, status, error,
		       document_id, title, creator, date, year_min, year_max, description, publisher,
		       institution, source, credit, rights, notes, pipeline FROM items ORDER BY id;
		SELECT * FROM exif ORDER BY item_id;
		SELECT * FROM identifiers ORDER BY item_id, position;
		SELECT * FROM tags ORDER BY item_id, tag;
		SELECT item_id, pipeline, pipeline_hash, inputs_hash, original_sha256, status, error,
		       master_path, master_size, master_sha256, master_width, master_height, region,
		       angle FROM runs ORDER BY item_id, id;
		SELECT r.item_id, s.position, s.step, s.params, s.measured, s.applied
		       FROM run_steps s JOIN runs r ON r.id = s.run_id ORDER BY r.item_id, r.id, s.position;
		SELECT item_id, key, value FROM overrides ORDER BY item_id, key;
		SELECT rowid, * FROM items_fts ORDER BY rowid;"
}

gravure=scans/btv1b25099815n_f3.jpg
strasse=scans/btv1b42464495k_f1.jpg

# The main path under $1, in $WORK/coll; what it made and printed goes to
# $WORK/runs/$1.
run_in() {
	loc=$1
	local r=$WORK/runs/$1
	rm -rf "$WORK/coll"
	mkdir -p "$r"
	expect_status 0 pl init "$WORK/coll"
	cp -a scans "$WORK/coll/scans" # same bytes, same times
	cd "$WORK/coll"
	sed -i 's/^title=.*/title=Musée des Planches/; s/^language=.*/language=fr/' planche.conf

	expect_status 0 pl add --csv scans/example.csv
	echo "$OUT" >"$r/add.out"
	expect_status 0 pl add "$gravure" --title "Gravé à Paris" --creator "Honoré Daumier" \
		--date "vers 1860" --tag "Straße" --tag "gravure"
	echo "$OUT" >>"$r/add.out"
	expect_status 0 pl add "$strasse" --title="Straße in Köln" --creator="Gustave Doré" \
		--description="« Ærø », ça coûte ½ franc — 1,5 fois plus"
	echo "$OUT" >>"$r/add.out"
	id=$(pl show "$gravure" --format json | jq .id)

	expect_status 2 pl set "$id" angle=-0,8
	contains "$ERR" "not '-0,8'" "$loc: a comma is refused in an angle"
	echo "$ERR" >"$r/set-refused.err"
	expect_status 2 pl set "$id" rotate=45
	contains "$ERR" "rotate is 0, 90, 180 or 270" "$loc: a quarter turn only"
	expect_status 0 pl set "$id" angle=-0.8 levels=2.5,97.5 rotate=0
	expect_status 0 pl set "$strasse" crop=40,30,1000,1400 skip=banner,border

	expect_status 0 pl clean
	sort <<<"$OUT" >"$r/clean.out"
	expect_status 0 pl build
	echo "$OUT" >"$r/build.out"

	expect_status 0 pl query
	echo "$OUT" >"$r/query.txt"
	echo "$ERR" >>"$r/query.txt"
	expect_status 0 pl query --format csv
	echo "$OUT" >"$r/query.csv"
	expect_status 0 pl query --format json
	echo "$OUT" >"$r/query.json"
	expect_status 0 pl query daumier "year:1855..1865" --format csv
	echo "$OUT" >"$r/query-daumier.csv"
	expect_status 0 pl query --sql "SELECT title, angle, region FROM items JOIN runs ON runs.item_id = items.id ORDER BY items.id"
	echo "$OUT" >"$r/query-sql.csv"
	expect_status 0 pl show "$id"
	echo "$OUT" >"$r/show.txt"
	expect_status 0 pl show "$strasse" --format json
	echo "$OUT" >"$r/show.json"
	expect_status 0 pl export --format csv --out "$r/export-csv/"
	expect_status 0 pl export --format json --out "$r/export-json/"
	expect_status 0 pl export --format dc --out "$r/export-dc.xml"
	expect_status 0 pl pipelines --steps
	echo "$OUT" >"$r/pipelines.txt"
	dump_catalogue >"$r/catalogue.csv"
	cp -a masters site "$r/"
	cd "$WORK"
}

for l in "${locales[@]}"; do
	installed "$l" || continue
	run_in "$l"
	scrub $(grep -rIl '' "$WORK/runs/$l")
done
ok "the main path runs under ${locales[*]}$([ ${#missing[@]} = 0 ] || echo " (not ${missing[*]})")"

# Under the reference, what the other locales must match is right.
ref=$WORK/runs/$reference
for f in query.txt query.csv query.json show.txt export-csv/catalogue.csv site/items/"$id"/index.html; do
	contains "$(cat "$ref/$f")" "Gravé à Paris" "$f"
done
contains "$(cat "$ref/show.txt")" "Honoré Daumier" "show"
contains "$(cat "$ref/show.txt")" "override       angle=-0.8" "the angle as set"
contains "$(cat "$ref/show.txt")" "override       levels=2.5,97.5" "the levels as set"
contains "$(cat "$ref/show.txt")" '"angle":-0.8,"confidence":1,"source":"manual"' "deskew took the angle"
contains "$(cat "$ref/show.txt")" '"black":2.5,"white":97.5' "levels took the black and white"
contains "$(cat "$ref/show.json")" "Straße in Köln" "show --format json"
contains "$(cat "$ref/show.json")" "« Ærø », ça coûte ½ franc — 1,5 fois plus" "a description"
contains "$(cat "$ref/query.json")" '"angle" : -0.8' "the angle in JSON, with a dot"
contains "$(cat "$ref/export-dc.xml")" "Gustave Doré" "Dublin Core"
contains "$(cat "$ref/catalogue.csv")" "Straße" "the catalogue"
ok "under $reference the titles, creators and corrections are kept as written"

for l in "${locales[@]}"; do
	installed "$l" || continue
	hits=$(grep -rIn -e 'Grav?' -e 'Honor? ' -e 'Stra?e' -e 'K?ln' -e 'Dor?' "$WORK/runs/$l" | head -3 || true)
	[ -z "$hits" ] || fail "$l: a '?' stands for a letter: $hits"
	[ "$l" = "$reference" ] && continue
	# .planche-site.state holds the checksums of the pages as written, times in them.
	files=$(diff -rq --exclude=.planche-site.state "$ref" "$WORK/runs/$l" 2>&1 || true)
	[ -z "$files" ] || fail "$l differs from $reference:
$(head -5 <<<"$files")
$(diff -r --exclude=.planche-site.state "$ref" "$WORK/runs/$l" 2>&1 | head -12 | cut -c1-240)"
done
ok "catalogue, masters, site and outputs are the same in every locale, and no letter became '?'"

done_testing
if [ ${#missing[@]} -gt 0 ]; then
	echo "skip: locale(s) not installed: ${missing[*]} (see 'locale -a'; on CI the test fails)"
	exit 77
fi
