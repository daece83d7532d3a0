#!/bin/sh
# The reports in a real browser (issue 20 item 6): headless Chromium opens reports/index.html and
# one report of each kind (experiment, sweep, classic control) at 1400 px and 390 px wide and
# checks that every <img> loaded, that nothing overflows the viewport horizontally (the
# offending elements are named) and that no page logs a console error; see
# .ci/browser-check.py. A deliberately broken page must fail all three checks, so a check that
# passes everything cannot pass. Debian's chromium and chromium-driver are installed when
# missing (as root or with sudo), selenium from PyPI in a venv under /tmp. In CI (CI=true) a
# browser that cannot be installed is a failure; elsewhere the script says so and skips.
# Run by `make test`; tests the reports as committed, it does not regenerate them.
set -eu
cd "$(dirname "$0")/.."
START=$(date +%s)
say() { echo "browser-test [$(( $(date +%s) - START ))s]: $*"; }
skip() {
    if [ "${CI:-}" = "true" ]; then say "FAIL: $*" >&2; exit 1; fi
    say "SKIPPED ($*; CI installs it and fails without it)"; exit 0
}
PAGES="reports/index.html reports/driving-loop/index.html reports/label-bias-sweep/index.html reports/pendulum/index.html"
WIDTHS=1400,390
venv=${BROWSER_TEST_VENV:-/tmp/understudy-browser-venv}
CHROMIUM=$(command -v chromium || true)
CHROMEDRIVER=$(command -v chromedriver || true)

if [ -z "$CHROMIUM" ] || [ -z "$CHROMEDRIVER" ]; then
    if [ "$(id -u)" = 0 ]; then SUDO=; elif sudo -n true 2>/dev/null; then SUDO=sudo; else skip "chromium is not installed and installing it needs root"; fi
    command -v apt-get > /dev/null || skip "chromium is not installed and there is no apt-get"
    say "installing chromium and chromium-driver"
    { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium chromium-driver; } > /tmp/browser-test-apt.log 2>&1 \
        || { tail -20 /tmp/browser-test-apt.log >&2; skip "cannot install chromium"; }
    CHROMIUM=$(command -v chromium || true)
    CHROMEDRIVER=$(command -v chromedriver || true)
    [ -n "$CHROMIUM" ] && [ -n "$CHROMEDRIVER" ] || skip "chromium installed but chromium or chromedriver not on PATH"
fi
if ! "$venv/bin/python" -c "import selenium" 2>/dev/null; then
    { python3 -m venv "$venv" && "$venv/bin/pip" install -q "selenium==4.51.0"; } || skip "cannot install selenium from PyPI"
fi
for page in $PAGES; do [ -f "$page" ] || { say "FAIL: $page is missing" >&2; exit 1; }; done
say "$("$CHROMIUM" --version 2>/dev/null)"

# The control: a broken image, a 600 px box and a console error must each be reported.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/broken"
cat > "$tmp/broken/index.html" <<'HTML'
<!doctype html><html><head><meta name="viewport" content="width=device-width"></head><body>
<img src="figures/missing.png"><div style="width:600px">wide</div><script>console.error("deliberate")</script>
</body></html>
HTML
if "$venv/bin/python" .ci/browser-check.py "$CHROMIUM" "$CHROMEDRIVER" 390 "$tmp/broken/index.html" > "$tmp/broken.log" 2>&1 \
   || ! grep -q "images not loaded" "$tmp/broken.log" || ! grep -q "scrolls sideways" "$tmp/broken.log" \
   || ! grep -q "deliberate" "$tmp/broken.log"; then
    cat "$tmp/broken.log" >&2; say "FAIL: the deliberately broken page was not caught" >&2; exit 1
fi

if "$venv/bin/python" .ci/browser-check.py "$CHROMIUM" "$CHROMEDRIVER" "$WIDTHS" $PAGES; then
    say "ok ($(echo $PAGES | wc -w) pages at $WIDTHS px; a broken page caught)"
else
    say "FAIL (see above)" >&2; exit 1
fi
