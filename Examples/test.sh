#!/bin/sh
# Builds and tests Examples/DrivingLoopExample, a package that uses ours as a user's would, and
# checks the golden-image workflow end to end: the first run records (and fails, saying so),
# the second passes, a damaged image fails naming actual/expected/diff files outside the source
# tree. Run by `make test`; its .build is its own, so it rebuilds the libraries it uses.
set -eu
cd "$(dirname "$0")/DrivingLoopExample"
SWIFT=${SWIFT:-swift}
goldens=Tests/DrivingLoopExampleTests/__Goldens__
artifacts=$(mktemp -d)
trap 'rm -rf "$artifacts"' EXIT
rm -rf "$goldens/DrivingStudyTests"
unset UNDERSTUDY_RECORD UNDERSTUDY_GOLDEN_FAILURES

$SWIFT build --build-tests
step() { echo "Examples: $*"; }

step "first run records the missing golden and fails"
if $SWIFT test --skip-build --filter daggerPath > "$artifacts/first.log" 2>&1; then
    cat "$artifacts/first.log"; echo "Examples: the first run passed; it should record and fail"; exit 1
fi
grep -q "recorded a new golden image" "$artifacts/first.log" || { cat "$artifacts/first.log"; exit 1; }
test -f "$goldens/DrivingStudyTests/daggerPath_matchesItsGolden.1.png"

step "second run compares and passes, with every other test"
$SWIFT test --skip-build > "$artifacts/second.log" 2>&1 || { cat "$artifacts/second.log"; exit 1; }

step "a damaged region fails, naming the artifacts outside the source tree"
if TMPDIR="$artifacts" EXAMPLE_DAMAGE=1 $SWIFT test --skip-build --filter daggerPath > "$artifacts/third.log" 2>&1; then
    cat "$artifacts/third.log"; echo "Examples: the damaged image passed"; exit 1
fi
failures="$artifacts/understudy-golden-failures/DrivingStudyTests"
for kind in actual expected diff; do
    grep -q "$failures/daggerPath_matchesItsGolden.1.$kind.png" "$artifacts/third.log" || { cat "$artifacts/third.log"; exit 1; }
    test -f "$failures/daggerPath_matchesItsGolden.1.$kind.png"
done
rm -rf "$goldens/DrivingStudyTests"
step "ok"
