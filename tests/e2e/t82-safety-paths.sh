#!/usr/bin/env bash
# Paths planche reads or deletes (#15): originals are regular files inside
# the collection or the folders added, settings name files of the
# collection's own, and rm deletes only what it made or what was added.
. "$(dirname "$0")/lib.sh"
for tool in jq sqlite3 timeout; do
	command -v $tool >/dev/null && continue
	[ "${CI:-}" = true ] && fail "$tool is needed"
	echo "skip: no $tool"; exit 77
done

planche init coll >/dev/null
make_image outside/secret.jpg 90 70
echo "victim" > outside/victim.txt
cd coll
make_image scans/inside.jpg 60 80
make_image scans/plain.png 50 40
ln -s /etc/passwd scans/passwd.jpg
ln -s "$WORK/outside/secret.jpg" scans/secret.jpg
ln -s inside.jpg scans/alias.jpg
ln -s /etc scans/etc-folder
mkfifo scans/pipe.jpg

# ---- add ----
expect_status 0 timeout 60 "$PLANCHE" add scans
contains "$ERR" "scans/passwd.jpg: skipped: a symbolic link to /etc/passwd, outside the collection" "a link to /etc/passwd"
contains "$ERR" "scans/secret.jpg: skipped: a symbolic link to $WORK/outside/secret.jpg" "a link to an image outside"
contains "$ERR" "scans/etc-folder: skipped: a symbolic link to /etc" "a link to a folder outside"
contains "$ERR" "scans/pipe.jpg: skipped: not a regular file" "a FIFO"
paths=$(planche query --format json | jq -r '.[].path' | sort | tr '\n' ' ')
equals "$paths" "scans/inside.jpg scans/plain.png " "only the regular files inside, a link inside under its target's path"
ok "add reads only regular files inside the collection or the folder added; links out are skipped, FIFOs too"

# A link pointed elsewhere later changes nothing.
ln -sf /etc/hostname scans/alias.jpg
expect_status 0 planche add scans
contains "$ERR" "scans/alias.jpg: skipped: a symbolic link to /etc/hostname" "a link re-pointed out"
equals "$(planche query --format json | jq length)" 2 "nothing new registered"
# The recorded original itself replaced by a link to a file outside: not read.
inside_id=$(planche query --format json | jq -r '.[] | select(.path == "scans/inside.jpg") | .id')
mv scans/inside.jpg "$WORK/inside.jpg"
ln -s "$WORK/outside/secret.jpg" scans/inside.jpg
planche clean --pipeline none >/dev/null 2>&1 || true
rec=$(planche show "$inside_id" --format json)
equals "$(jq -r .status <<<"$rec")" failed "an original replaced by a link"
contains "$(jq -r .error <<<"$rec")" "symbolic link" "the reason recorded"
lacks "$(jq -r .sha256 <<<"$rec")" "$(sha256sum "$WORK/outside/secret.jpg" | cut -d' ' -f1)" "the outside file's checksum"
[ "$(jq -r .master <<<"$rec")" = null ] || fail "a master was made through the link"
rm scans/inside.jpg
mv "$WORK/inside.jpg" scans/inside.jpg
expect_status 0 planche add scans
equals "$(planche show "$inside_id" --format json | jq -r .status)" registered "the file back, added again"
ok "an original replaced by a link is not read: recorded as failed with the reason"

# What the user names on the command line is theirs to add, under its real path.
expect_status 0 planche add scans/secret.jpg
contains "$OUT" "added     $WORK/outside/secret.jpg" "an explicit link is added as the file it leads to"
ok "a file named on the command line through a link is registered under its real path"

# ---- rm ----
expect_status 0 planche clean --pipeline none
plain=$(planche query --format json | jq -r '.[] | select(.path == "scans/plain.png") | .id')
master=$(planche show "$plain" --format json | jq -r .master)
[ -f "$master" ] || fail "no master for plain.png"
# A catalogue whose master path leads out of masters/.
sqlite3 planche.db "UPDATE runs SET master_path = 'masters/../../outside/victim.txt' WHERE item_id = $plain"
expect_status 1 planche rm --delete-files "$plain"
contains "$ERR" "masters/../../outside/victim.txt: not deleted: it is not inside masters/" "says why"
equals "$(cat "$WORK/outside/victim.txt")" victim "the file outside the collection"
# A master that is a link to a file outside.
secret=$(planche query --format json | jq -r '.[] | select(.path | endswith("secret.jpg")) | .id')
smaster=$(planche show "$secret" --format json | jq -r .master)
rm "$smaster"
ln -s "$WORK/outside/victim.txt" "$smaster"
expect_status 1 planche rm --delete-files "$secret"
contains "$ERR" "not deleted" "a master linked out"
equals "$(cat "$WORK/outside/victim.txt")" victim "the link's target"
# An original changed since it was added is not the one to delete.
inside_id=$(planche query --format json | jq -r '.[] | select(.path == "scans/inside.jpg") | .id')
cp scans/inside.jpg "$WORK/inside.bak"
echo changed >> scans/inside.jpg
expect_status 1 planche rm --delete-originals "$inside_id"
contains "$ERR" "scans/inside.jpg: not deleted: its content is not the one recorded" "a changed original"
[ -f scans/inside.jpg ] || fail "a changed original was deleted"
ok "rm --delete-files/--delete-originals resolve the real path: nothing outside masters/, no other file"

# ---- introduction= and theme.css ----
make_image scans/more.jpg 70 90
planche add scans/more.jpg >/dev/null
planche clean --pipeline none >/dev/null
rm -f "$smaster"
intro() { sed -i "s|^#*introduction=.*|introduction=$1|" planche.conf; }
for bad in /etc/passwd ../../../../../../../../etc/hostname /dev/zero "$WORK/outside/victim.txt"; do
	intro "$bad"
	expect_status 1 timeout 60 "$PLANCHE" build
	contains "$ERR" "planche.conf: introduction=$bad" "introduction=$bad refused, naming the setting"
	contains "$ERR" "not a file inside" "introduction=$bad: why"
done
[ ! -e site/index.html ] || ! grep -q "root:" site/index.html || fail "/etc/passwd published"
ln -s /etc/passwd linked-intro.md
intro linked-intro.md
expect_status 1 "$PLANCHE" build
contains "$ERR" "not a file inside" "an introduction linked out of the collection"
mkfifo fifo.md
intro fifo.md
expect_status 1 timeout 60 "$PLANCHE" build
contains "$ERR" "not a regular file" "an introduction that is a FIFO"
head -c 2000000 /dev/zero | tr '\0' 'a' > huge.md
intro huge.md
expect_status 1 "$PLANCHE" build
contains "$ERR" "too large" "a 2 MB introduction"
printf '# Welcome\n\nPrints *here*.\n' > docs.md
ln -s docs.md alias.md
intro alias.md
expect_status 0 "$PLANCHE" build
contains "$(cat site/index.html)" "Prints <em>here</em>" "an introduction of the collection's own (even through a link inside)"
ok "introduction= must be a regular file inside the collection, of at most 1 MiB"

ln -s /etc/passwd theme.css
expect_status 1 "$PLANCHE" build
contains "$ERR" "theme.css: not a file inside" "a theme.css linked out"
grep -q "root:" site/assets/theme.css && fail "/etc/passwd published as theme.css"
rm theme.css
echo 'body { color: #222 }' > theme.css
expect_status 0 "$PLANCHE" build
equals "$(cat site/assets/theme.css)" 'body { color: #222 }' "the collection's theme.css"
ok "theme.css is read only from the collection itself"

done_testing
