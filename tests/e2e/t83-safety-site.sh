#!/usr/bin/env bash
# What a build may publish and what it may touch (#15): nothing whose
# checksum is not the catalogue's, no symbolic link, no file it did not
# write overwritten or deleted, well-formed XML whatever a title holds, and
# a full disk that leaves what the build says it leaves.
. "$(dirname "$0")/lib.sh"
for tool in jq xmllint sqlite3; do
	command -v $tool >/dev/null && continue
	[ "${CI:-}" = true ] && fail "$tool is needed"
	echo "skip: no $tool"; exit 77
done
no_root_part() {
	[ "${CI:-}" = true ] && fail "$1 needs root and mount namespaces (unshare -m), which CI must give"
	echo "# skipped: $1 (needs root and unshare -m)"
}
can_mount() { [ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null; }
# Files below a folder, planche's record and journal aside.
files_in() { find "$1" -type f ! -name .planche-site.state ! -name .planche-site.journal | sort; }

planche init coll >/dev/null
cd coll
make_image scans/one.jpg 300 400
make_image scans/two.png 320 420
make_image scans/three.jpg 280 360
planche add scans >/dev/null
expect_status 0 planche clean --pipeline none
id_of() { planche query --format json | jq -r ".[] | select(.path == \"scans/$1\") | .id"; }
one=$(id_of one.jpg) two=$(id_of two.png) three=$(id_of three.jpg)
sed -i 's/^download-originals=.*/download-originals=true/' planche.conf

# ---- characters XML cannot carry ----
planche set "$one" title=$'Noncharacters \xef\xbf\xbe\xef\xbf\xbf\xef\xb7\x90 and a bell \x07 here' \
	creator=$'Ca\x01m' >/dev/null
expect_status 0 planche build
xmllint --noout site/feed.xml || fail "feed.xml is not well-formed with noncharacters in a title"
contains "$(cat site/feed.xml)" "Noncharacters  and a bell  here" "the title, without what XML cannot carry"
planche export --format dc --out dc.xml >/dev/null
xmllint --noout dc.xml || fail "the Dublin Core export is not well-formed with noncharacters"
jq -e . "site/items/$one/manifest.json" >/dev/null || fail "manifest is not JSON"
lacks "$(cat "site/items/$one/manifest.json" site/search/index.json)" $'\xef\xbf\xbe' "U+FFFE in JSON"
ok "U+FFFE, U+FFFF, U+FDD0 and C0 controls in a title: feed.xml, the DC export and JSON stay well-formed"

# ---- only checked originals and masters, never a link ----
[ -f "site/media/$two/original.png" ] || fail "download-originals offers the original"
[ -z "$(find site -type l)" ] || fail "a symbolic link in the site: $(find site -type l)"
cp scans/two.png "$WORK/two.png"
# The recorded original becomes a link to a file outside the collection.
rm scans/two.png
ln -s /etc/passwd scans/two.png
expect_status 1 planche build --out "$WORK/fresh"
contains "$ERR" "image $two left out" "a linked original stops its image"
contains "$ERR" "symbolic link" "says why"
[ ! -e "$WORK/fresh/media/$two" ] || fail "media/$two published from a link"
[ -z "$(find "$WORK/fresh" -type l)" ] || fail "a symbolic link in the site"
grep -rqs "root:" "$WORK/fresh" && fail "/etc/passwd reached the site"
# The original replaced by other content of the same name.
rm scans/two.png
{ cat "$WORK/two.png"; echo tampered; } > scans/two.png
expect_status 1 planche build --out "$WORK/fresh2"
contains "$ERR" "its content is not the one recorded" "a changed original is not published"
[ ! -e "$WORK/fresh2/media/$two/original.png" ] || fail "a changed original was published"
cp "$WORK/two.png" scans/two.png
# A master whose bytes are not its run's.
master=$(planche show "$three" --format json | jq -r .master)
cp "$master" "$WORK/master3"
cp scans/one.jpg "$master"
expect_status 1 planche build --out "$WORK/fresh3"
contains "$ERR" "image $three left out" "a changed master stops its image"
cmp -s "$WORK/fresh3/media/$three/master.jpg" scans/one.jpg && fail "a changed master was published"
cp "$WORK/master3" "$master"
# A master replaced by a link to a file of the very same bytes: its checksum
# would pass, but a link is not the file recorded.
mv "$master" "$WORK/master3.same"
ln -s "$WORK/master3.same" "$master"
expect_status 1 planche build --out "$WORK/fresh5"
contains "$ERR" "symbolic link" "a master that is a link"
[ -z "$(find "$WORK/fresh5" -type l)" ] || fail "a symbolic link in the site"
expect_status 1 planche export --bag "$WORK/bag"
contains "$ERR" "a symbolic link, not the file recorded" "a bag takes no link either"
rm "$master"
mv "$WORK/master3.same" "$master"
expect_status 0 planche build --out "$WORK/fresh4"
cmp "$WORK/fresh4/media/$two/original.png" scans/two.png || fail "the original, as recorded"
[ -z "$(find "$WORK/fresh4" -type l)" ] || fail "a symbolic link in the site"
ok "originals and masters reach a site only with their recorded SHA-256, never as a link"

# ---- build --out: the user's files are the user's ----
mine=$WORK/mine
mkdir -p "$mine/tags" "$mine/docs"
for f in index.html feed.xml robots.txt tags/index.html; do echo "my own $f" > "$mine/$f"; done
expect_status 1 planche build --out "$mine"
contains "$ERR" "not empty, and not a site planche made" "a folder planche did not make"
contains "$ERR" "--force" "says how to go on"
for f in index.html feed.xml robots.txt tags/index.html; do
	equals "$(cat "$mine/$f")" "my own $f" "$f untouched without --force"
done
expect_status 0 planche build --out "$mine" --force
contains "$(cat "$mine/index.html")" "<!DOCTYPE html>" "--force writes the site there"
echo "notes" > "$mine/media/$one/my-notes.txt"
echo "report" > "$mine/docs/.report.tmp-final.odt"
echo "shell" > "$mine/.bashrc.tmp-1"
echo "stray" > "$mine/iiif/$one/mine.txt"
planche rm "$one" >/dev/null
expect_status 0 planche build --out "$mine"
[ ! -e "$mine/items/$one/index.html" ] || fail "the removed image's page stays"
[ ! -e "$mine/media/$one/master.jpg" ] || fail "the removed image's master stays"
equals "$(cat "$mine/media/$one/my-notes.txt")" notes "a note in media/N after rm and a rebuild"
equals "$(cat "$mine/iiif/$one/mine.txt")" stray "a file in iiif/N after rm and a rebuild"
equals "$(cat "$mine/docs/.report.tmp-final.odt")" report "a file named like a temporary"
equals "$(cat "$mine/.bashrc.tmp-1")" shell "a dot-file named like a temporary"
ok "build --out refuses a folder it did not make; with --force, and after rm, only its own files go"

# A file of the user's where planche is about to write is not overwritten.
make_image scans/four.jpg 260 300
planche add scans/four.jpg >/dev/null
planche clean --pipeline none >/dev/null
four=$(id_of four.jpg)
mkdir -p "$mine/items/$four"
echo "mine" > "$mine/items/$four/index.html"
expect_status 1 planche build --out "$mine"
contains "$ERR" "items/$four/index.html: a file planche did not write is in the way" "says which"
equals "$(cat "$mine/items/$four/index.html")" mine "the user's file at a name planche writes"
rm "$mine/items/$four/index.html"
expect_status 0 planche build --out "$mine"
expect_status 0 planche build --out "$mine"
contains "$OUT" "0 files written" "a rebuild after that writes nothing"
ok "a file of the user's at a name planche writes stops the build, and stays"

# ---- a full disk ----
if can_mount; then
	rm -rf "$WORK/small" && mkdir "$WORK/small"
	for i in 5 6 7; do make_image "scans/big$i.jpg" $((1400 + i)) 1900; done
	planche add scans >/dev/null
	planche clean --pipeline none >/dev/null
	# Room for half of what the site needs.
	planche build --out "$WORK/measure" >/dev/null
	half=$(( $(du -sk "$WORK/measure" | cut -f1) / 2 ))
	unshare -m bash -c "
		mount -t tmpfs -o size=${half}k tmpfs '$WORK/small' || exit 9
		'$PLANCHE' build --out '$WORK/small' > '$WORK/full.out' 2> '$WORK/full.err'
		echo \$? > '$WORK/full.status'
		find '$WORK/small' -type f ! -name .planche-site.state ! -name .planche-site.journal | sort > '$WORK/full.files'
		[ -f '$WORK/small/.planche-site.state' ] && cp '$WORK/small/.planche-site.state' '$WORK/full.state'
		# Room again: the next build finishes, without --force.
		mount -o remount,size=64m '$WORK/small'
		'$PLANCHE' build --out '$WORK/small' > '$WORK/again.out' 2> '$WORK/again.err'
		echo \$? > '$WORK/again.status'
		find '$WORK/small' -type f ! -name .planche-site.state ! -name .planche-site.journal | sort > '$WORK/again.files'
		ls -a '$WORK/small' > '$WORK/again.ls'
	" || fail "could not mount a small file system"
	equals "$(cat "$WORK/full.status")" 1 "build on a full disk fails"
	contains "$(cat "$WORK/full.err")" "No space left on device" "says the disk is full"
	said=$(cat "$WORK/full.out")
	echo "# on a full disk, build said: $said"
	contains "$said" "build stopped" "does not claim the site was published"
	left=$(grep -c . "$WORK/full.files" || true)
	case "$said" in
	*"were removed again; nothing was added"*)
		equals "$left" 0 "files left after 'removed again'" ;;
	*"are kept and recorded"*)
		n=$(sed -n 's/build stopped: \([0-9]*\) files.*/\1/p' <<<"$said")
		equals "$left" "$n" "files left, as the message counts them"
		# the state's lines: "f HASH REL", and "t ID KEY" then its files after tabs
		recorded=$(awk -F'\t' '/^f / { sub(/^f [^ ]* /, ""); print }
			/^t / { for (i = 2; i <= NF; i++) if ($i != "") print $i }' "$WORK/full.state" |
			sort -u | sed "s|^|$WORK/small/|")
		equals "$(sort "$WORK/full.files")" "$(sort <<<"$recorded")" "every file left is in the record" ;;
	*) fail "the message does not say what is left: $said" ;;
	esac
	equals "$(cat "$WORK/again.status")" 0 "the next build, with room, finishes: $(cat "$WORK/again.err")"
	contains "$(cat "$WORK/again.out")" "images published" "and publishes"
	lacks "$(cat "$WORK/again.ls")" ".planche-site.journal" "the journal is gone once a build finishes"
	ok "a build on a full disk says what it leaves, leaves that, and the next one finishes"
else
	no_root_part "build on a full disk"
fi

done_testing
