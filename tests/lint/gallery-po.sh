#!/usr/bin/env bash
# Every string the gallery shows has a French translation: the strings marked
# for translation in src/gallery/*.c (_, N_, gal_ntr) are extracted afresh and
# matched against src/gallery/po/fr.po; a string missing there, left empty,
# marked fuzzy, or whose printf directives differ fails, named. To mend:
#   xgettext --from-code=UTF-8 --add-comments=TRANSLATORS: -k_ -kN_ -kgal_ntr:1,2 \
#     -o /tmp/gallery.pot src/gallery/*.c
#   msgmerge --update --no-fuzzy-matching --no-wrap src/gallery/po/fr.po /tmp/gallery.pot
# then write the empty msgstr lines. Skips (77) without gettext's tools, fails
# so on CI.
set -euo pipefail
root=${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
for tool in xgettext msgmerge msgattrib msgfmt; do
	if ! command -v "$tool" >/dev/null; then
		echo "$tool not found (Debian's gettext package; bash .ci/install-deps installs it)"
		case ${CI:-} in ''|0|false|no) exit 77 ;; *) exit 1 ;; esac
	fi
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$root"
xgettext --from-code=UTF-8 -k_ -kN_ -kgal_ntr:1,2 -o "$tmp/gallery.pot" src/gallery/*.c
msgmerge --quiet --no-fuzzy-matching --no-wrap src/gallery/po/fr.po "$tmp/gallery.pot" -o "$tmp/fr.po"
bad=0
# An obsolete entry (#~) is a string no longer in the code: harmless, not counted.
missing=$(msgattrib --untranslated --no-obsolete --no-wrap "$tmp/fr.po" | grep '^msgid ' | grep -v '^msgid ""$' || true)
if [[ -n $missing ]]; then
	echo "src/gallery/po/fr.po: no French for these gallery strings:"
	echo "$missing"
	bad=1
fi
fuzzy=$(msgattrib --only-fuzzy --no-obsolete --no-wrap "$tmp/fr.po" | grep '^msgid ' | grep -v '^msgid ""$' || true)
if [[ -n $fuzzy ]]; then
	echo "src/gallery/po/fr.po: fuzzy (unchecked) translations, which gettext ignores:"
	echo "$fuzzy"
	bad=1
fi
# --check: a msgstr's printf directives must match its msgid's (c-format).
if ! msgfmt --check -o /dev/null "$tmp/fr.po"; then
	echo "src/gallery/po/fr.po: msgfmt --check fails (above)"
	bad=1
fi
n=$(grep -c '^msgid ' "$tmp/gallery.pot")
[[ $bad == 0 ]] && echo "ok: the $((n - 1)) gallery strings all have a French translation"
exit $bad
