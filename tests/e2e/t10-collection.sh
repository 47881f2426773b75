#!/usr/bin/env bash
# The collection: init, the command line's conventions, help and errors.
. "$(dirname "$0")/lib.sh"
need sqlite3

expect_status 0 planche --version
contains "$OUT" "planche " "--version"
ok "--version prints the version"

expect_status 0 planche help
contains "$OUT" "add" "help lists commands"
contains "$OUT" "query" "help lists commands"
ok "help lists the commands"

expect_status 2 planche frobnicate
contains "$ERR" "frobnicate" "unknown command"
ok "an unknown command is a usage error (exit 2)"

expect_status 2 planche --frob
ok "an unknown global option is a usage error"

expect_status 0 planche add --help
contains "$OUT" "--csv" "add --help"
ok "COMMAND --help shows its options"

expect_status 2 planche query --no-such-option
ok "an unknown command option is a usage error"

mkdir empty
expect_status 1 planche -C empty query
contains "$ERR" "planche init" "outside a collection"
[ "$(printf '%s\n' "$ERR" | wc -l)" -eq 1 ] || fail "outside a collection: one line expected, got: $ERR"
ok "outside a collection: one line saying so, exit 1"

expect_status 0 planche init coll
[ -f coll/planche.db ] || fail "init made no planche.db"
[ -f coll/planche.conf ] || fail "init made no planche.conf"
[ -d coll/masters ] || fail "init made no masters/"
ok "init makes the catalogue, the settings and masters/"

version=$(sqlite3 coll/planche.db 'PRAGMA user_version')
[ "$version" -ge 1 ] || fail "schema version is $version"
journal=$(sqlite3 coll/planche.db 'PRAGMA journal_mode')
equals "$journal" "wal" "journal mode"
ok "the catalogue is versioned (user_version=$version) and in WAL mode"

echo "title=Kept" >> coll/planche.conf
expect_status 0 planche init coll
grep -q "title=Kept" coll/planche.conf || fail "init again overwrote planche.conf"
ok "init again keeps what is there"

mkdir -p coll/sub/deeper
expect_status 0 planche -C coll/sub/deeper query
ok "-C and commands work from a folder inside the collection"

done_testing
