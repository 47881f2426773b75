#!/usr/bin/env bash
# The benchmark's generator and scorer (tests/gen/): every kind of case is
# drawn with its truth, the scorer passes a perfect cleaner's results (the
# generator's own, from --perfect) and fails results that do not belong to
# the cases. Small cases: a few seconds.
. "$(dirname "$0")/lib.sh"
need_gen

kinds="plate text spread sideways blank mount black faded"
expect_status 0 "$GEN" --count 8 --megapixels 0.3 --perfect cases
truth=$(cat cases/truth.json)
i=0
for k in $kinds; do
	n=$(printf '%03d' $i)
	[ -s "cases/case-$n.jpg" ] || fail "case-$n.jpg ($k) was not written"
	contains "$truth" "\"kind\" : \"$k\"" "truth.json names kind $k"
	i=$((i + 1))
done
for field in '"page"' '"content"' '"upright_rotation"' '"near_blank" : true' '"paper_chroma"' \
	'"alt_page" : [' '"upright_rotation" : 90'; do
	contains "$truth" "$field" "truth.json"
done
ok "one case of each kind, with page, content, turn, paper and near-blank truth"

expect_status 0 "$GEN" --score --min-pass 100 cases cases/perfect.json
contains "$OUT" "passing (crop, turn, skew, chroma, contrast or near-blank): 8/8" "perfect results"
for k in $kinds; do
	contains "$OUT" "$k 1/1" "the perfect $k case"
done
ok "the scorer passes the perfect cleaner's results on every kind"

# The same results judged against other cases (another seed): most fail.
expect_status 0 "$GEN" --count 8 --megapixels 0.3 --seed 2 --no-truth-images other
expect_status 3 "$GEN" --score --min-pass 100 --collection cases other cases/perfect.json
lacks "$OUT" "8/8 = 100.0 %" "results that belong to other cases"
ok "results that do not fit the truth fail"

expect_status 0 "$GEN" --count 2 --megapixels 0.3 --kinds plate --no-truth-images plates
lacks "$(cat plates/truth.json)" '"kind" : "text"' "--kinds plate"
expect_status 2 "$GEN" --kinds plate,etching out
contains "$ERR" "etching is no kind" "an unknown kind"
ok "--kinds chooses the kinds and refuses unknown ones"

done_testing
