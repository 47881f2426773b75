#!/usr/bin/env bash
# The main path (add, clean, query, show, build) under valgrind memcheck: no
# memory errors, no definite leaks, and no libvips object left alive at exit.
# Skipped in the sanitizer build, where AddressSanitizer does this job
# (tests/run.sh does not run it there).
#
# libvips lists every live image and operation in a table of its own, so an
# image never freed (a decoder held in a reference cycle: one per image of a
# batch, memory growing with the batch) is "still reachable" to valgrind,
# never "definitely lost". VIPS_LEAK makes libvips report at exit what is
# still alive; that must be nothing.
. "$(dirname "$0")/lib.sh"
[ -z "${PLANCHE_SANITIZED:-}" ] || { echo "skip: sanitizer build"; exit 77; }
need valgrind

vg() {
	VIPS_LEAK=1 valgrind --leak-check=full --errors-for-leak-kinds=definite \
		--show-leak-kinds=definite --error-exitcode=3 -q "$PLANCHE" "$@"
}
# no_leaks WHAT: nothing definitely lost, no VipsObject, VipsArea or tracked
# buffer alive at exit, in the last command's stderr.
no_leaks() {
	lacks "$ERR" "definitely lost" "$1"
	lacks "$ERR" "objects alive" "$1: libvips objects never freed"
	lacks "$ERR" "VipsArea alive" "$1: libvips areas never freed"
	lacks "$ERR" "allocations," "$1: libvips buffers never freed"
}

planche init coll >/dev/null
cd coll
# Small images: valgrind runs some fifty times slower. Besides a plain JPEG,
# the paths an original can take into sRGB: alpha to flatten, and CMYK with
# its profile.
make_image scans/btv1b8451605w_f12.jpg 200 260
make_image "$WORK/grey.jpg" 180 140
vips bandjoin_const "$WORK/grey.jpg" scans/alpha.png 180
vips colourspace "$WORK/grey.jpg" "$WORK/rgb.v" srgb
vips icc_export "$WORK/rgb.v" scans/cmyk.jpg --output-profile cmyk
echo "broken" > scans/broken.jpg

expect_status 1 vg add scans
contains "$ERR" "broken.jpg" "the broken file is reported"
no_leaks "add"
ok "add: no memory errors or leaks, broken file included"

expect_status 0 vg clean
no_leaks "clean"
ok "clean: no memory errors or leaks"

# Every step that builds on the full image, with corrections that make them
# act: a quarter turn, a slant, levels by hand, and despeckle (in no shipped
# pipeline). clean --force also decodes the previews again (add's are gone).
mkdir -p pipelines
printf 'orient\nborder\ndeskew\ntrim\nlevels black=1 white=99\ndespeckle\noutput format=png\n' \
	> pipelines/everything.pipeline
expect_status 0 planche set 1 rotate=90 angle=1.5 levels=12,240
expect_status 0 planche set 2 angle=-2
expect_status 0 vg clean --force --pipeline everything
no_leaks "clean with every step"
expect_status 0 planche show 1
for step in orient deskew levels despeckle; do
	grep -Eq "^ +$step +applied" <<<"$OUT" || fail "$step did not act: $OUT"
done
ok "clean, every step acting: no memory errors or leaks"

expect_status 0 vg set 1 title="Titre" tags=a,b
no_leaks "set"
expect_status 0 vg query --format json titre
contains "$OUT" "Titre" "query after set"
no_leaks "query"
ok "set, query: no memory errors or leaks"

expect_status 0 vg build
no_leaks "build"
ok "build: no memory errors or leaks"

done_testing
