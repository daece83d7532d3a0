"""Opens report pages in headless Chromium at each width and checks three things a reader
would notice: every <img> loaded (naturalWidth > 0), nothing wider than the viewport
(documentElement.scrollWidth <= innerWidth; the widest offending elements are named), and no
severe entry in the browser's console log. Run by .ci/browser-test.sh.

Usage: python browser-check.py CHROMIUM CHROMEDRIVER WIDTHS PAGE...   (WIDTHS like 1400,390)
"""
import pathlib, sys
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

chromium, chromedriver, widths = sys.argv[1], sys.argv[2], [int(w) for w in sys.argv[3].split(",")]
pages = [pathlib.Path(p).resolve() for p in sys.argv[4:]]

options = webdriver.ChromeOptions()
options.binary_location = chromium
for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
            "--hide-scrollbars", "--window-size=1400,1000"):
    options.add_argument(arg)
options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
driver = webdriver.Chrome(service=Service(executable_path=chromedriver), options=options)
driver.set_script_timeout(30)

IMAGES = """return Array.from(document.images).filter(i => !(i.complete && i.naturalWidth > 0))
                 .map(i => i.getAttribute('src'));"""
# Elements reaching past the right edge whose overflow no ancestor clips or scrolls; of nested
# offenders only the outermost is named.
OVERFLOW = """
const w = window.innerWidth, out = [];
const clipped = e => { for (let a = e.parentElement; a && a !== document.documentElement; a = a.parentElement)
    if (getComputedStyle(a).overflowX !== 'visible') return true; return false; };
for (const e of document.body.querySelectorAll('*')) {
  const r = e.getBoundingClientRect();
  if (r.right <= w + 0.5 || clipped(e)) continue;
  if (out.some(o => o.el.contains(e))) continue;
  out.push({el: e, right: Math.round(r.right)});
}
const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
  (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\\s+/).join('.') : '');
const path = e => { const p = []; for (; e && e !== document.body; e = e.parentElement) p.unshift(name(e)); return p.join(' > '); };
return {scrollWidth: document.documentElement.scrollWidth, innerWidth: w,
        offenders: out.slice(0, 8).map(o => path(o.el) + ' (right edge ' + o.right + ' px) "' +
                   (o.el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 60) + '"')};
"""

failures = 0
try:
    for width in widths:
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": width, "height": 1000, "deviceScaleFactor": 1, "mobile": False})
        for page in pages:
            driver.get_log("browser")  # drop entries from the page before
            driver.get(page.as_uri())
            driver.execute_async_script("""const done = arguments[arguments.length - 1];
                for (const i of document.images) i.loading = 'eager';  // lazy images below the fold too
                Promise.all(Array.from(document.images).map(i => i.decode().catch(() => null))).then(() => done());""")
            problems = []
            broken = driver.execute_script(IMAGES)
            if broken:
                problems.append("images not loaded: " + ", ".join(map(str, broken)))
            o = driver.execute_script(OVERFLOW)
            if o["scrollWidth"] > o["innerWidth"]:
                problems.append(f"scrolls sideways: scrollWidth {o['scrollWidth']} > innerWidth {o['innerWidth']}"
                                + "".join("\n      " + x for x in o["offenders"]))
            severe = [e["message"] for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
            if severe:
                problems.append("console errors:" + "".join("\n      " + m for m in severe))
            rel = page.relative_to(pathlib.Path.cwd()) if page.is_relative_to(pathlib.Path.cwd()) else page
            images = driver.execute_script("return document.images.length;")
            if problems:
                failures += 1
                print(f"browser-test: FAIL {rel} at {width} px")
                for p in problems:
                    print("    " + p)
            else:
                print(f"browser-test: ok   {rel} at {width} px ({images} images)")
finally:
    driver.quit()
sys.exit(1 if failures else 0)
