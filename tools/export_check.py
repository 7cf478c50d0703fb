"""Look at every export as a picture: pages in headless Chromium at 390, 1280 and 1920 px wide.

``python -m tools.export_check [FOLDER]`` (``make exports``) writes the exports of a few commands
to FOLDER (default: a new temporary folder, kept), takes a screenshot of each page at the three
widths and of each picture at its own size (``*.png`` beside them, to be looked at), and measures
in the browser what a screenshot can hide. It fails (exit 1), naming the file and width, when

- a table's header cell wraps onto a second line (the "Src" header of the old export did);
- a page is wider than the window (a phone must never scroll sideways);
- a slide is not 16:9, or its smallest text is under 24 px on a 1920x1080 slide.

Not part of ``make test``: it needs Debian's ``chromium`` (``apt-get install -y chromium``).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

WIDTHS = (390, 1280, 1920)
SLIDE_WIDTH = 1920
MIN_SLIDE_TEXT_PX = 24

EXPORTS: tuple[tuple[str, ...], ...] = (
    ("check", "--opsoclonus", "--ataxia", "--no-input", "--export", "check.html"),
    (
        "check",
        "--opsoclonus",
        "--ataxia",
        "--age-group",
        "adult",
        "--no-input",
        "--export",
        "check-adult.html",
    ),
    ("check", "--opsoclonus", "--ataxia", "--no-input", "--what-if", "--export", "what-if.html"),
    ("check", "--opsoclonus", "--ataxia", "--no-input", "--export", "check.svg"),
    (
        "check",
        "--opsoclonus",
        "--ataxia",
        "--no-input",
        "--export",
        "check-slide.svg",
        "--shape",
        "slide",
    ),
    (
        "check",
        "--opsoclonus",
        "--ataxia",
        "--no-input",
        "--export",
        "check-dark.html",
        "--theme",
        "dark",
    ),
    ("criteria", "--export", "criteria.html"),
    ("criteria", "--export", "criteria.svg"),
    ("criteria", "--export", "criteria-slide.svg", "--shape", "slide"),
    ("info", "--export", "info.html"),
    ("info", "--all", "--export", "info-all.html"),
    ("info", "symptoms", "--export", "symptoms-slide.svg", "--shape", "slide"),
    ("demo", "--export", "demo-list.html"),
    ("demo", "scan-pending", "--export", "case.html"),
    ("demo", "scan-pending", "--export", "step.svg", "--steps"),
    ("quiz", "--seed", "7", "--count", "3", "--export", "quiz.html"),
)

# Run in the page once it has loaded; its findings go to the title, which --dump-dom prints.
MEASURE = """
<script>
addEventListener("load", () => {
  // A header's text wraps when its characters lie on more than one line (the cell itself is as
  // tall as its row, so its height says nothing).
  const wrapped = [...document.querySelectorAll("th")].filter((th) => {
    const range = document.createRange();
    range.selectNodeContents(th);
    const tops = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
    return th.offsetParent !== null && tops.size > 1;
  }).map((th) => th.textContent);
  const wide = document.documentElement.scrollWidth > innerWidth;
  document.title = JSON.stringify({wrapped, wide, width: document.documentElement.scrollWidth});
});
</script>
"""


def chromium() -> str:
    """The Chromium to run; exit with a hint when there is none."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    sys.exit("export_check: no chromium found; apt-get install -y chromium")


def browse(browser: str, *args: str) -> str:
    """Run headless Chromium with ``args``; its standard output."""
    command = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", *args]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    return result.stdout


def check_page(browser: str, page: Path) -> list[str]:
    """Screenshots of a page at each width, and the problems measured at each."""
    problems: list[str] = []
    measured = page.with_name(f".measure-{page.name}")
    measured.write_text(
        page.read_text(encoding="utf-8").replace("</body>", f"{MEASURE}</body>"), encoding="utf-8"
    )
    for width in WIDTHS:
        shot = page.with_name(f"{page.stem}-{width}.png")
        browse(browser, f"--window-size={width},1200", f"--screenshot={shot}", page.as_uri())
        dom = browse(browser, f"--window-size={width},1200", "--dump-dom", measured.as_uri())
        found = re.search(r"<title>(\{.*?\})</title>", dom)
        if found is None:
            problems.append(f"{page.name} at {width} px: not measured (no result from the page)")
            continue
        result = json.loads(found[1].replace("&quot;", '"'))
        if result["wrapped"]:
            problems.append(f"{page.name} at {width} px: header wraps: {result['wrapped']}")
        if result["wide"]:
            problems.append(f"{page.name} at {width} px: page {result['width']} px wide")
    measured.unlink()
    return problems


def check_picture(browser: str, picture: Path) -> list[str]:
    """A screenshot of a picture at its size (slides at 1920x1080); a slide's shape and text."""
    svg = picture.read_text(encoding="utf-8")
    box = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg)
    if box is None:
        return [f"{picture.name}: no viewBox"]
    width, height = float(box[1]), float(box[2])
    slide = "slide" in picture.name or "step" in picture.name
    size = (SLIDE_WIDTH, SLIDE_WIDTH * 9 // 16) if slide else (round(width), round(height))
    shot = picture.with_suffix(".png")
    browse(browser, f"--window-size={size[0]},{size[1]}", f"--screenshot={shot}", picture.as_uri())
    if not slide:
        return []
    problems = []
    if abs(width / height - 16 / 9) > 0.002:
        problems.append(f"{picture.name}: {width:g}x{height:g} is not 16:9")
    smallest = min(float(px) for px in re.findall(r"font-size:\s*([\d.]+)px", svg))
    if smallest * SLIDE_WIDTH / width < MIN_SLIDE_TEXT_PX:
        problems.append(f"{picture.name}: text {smallest * SLIDE_WIDTH / width:.1f} px on a slide")
    return problems


def main() -> None:
    """Write the exports, look at each, print what was found; exit 1 on any problem."""
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="oms-"))
    folder.mkdir(parents=True, exist_ok=True)
    oms = Path(sys.executable).with_name("oms")
    for args in EXPORTS:
        done = subprocess.run([str(oms), *args, "--force"], cwd=folder, timeout=60, check=False)
        if done.returncode not in {0, 1, 3}:  # a verdict's exit code is fine; 2 is not
            sys.exit(f"export_check: oms {' '.join(args)} failed ({done.returncode})")
    browser = chromium()
    problems: list[str] = []
    for page in sorted(folder.glob("*.html")):
        problems += check_page(browser, page)
    for picture in sorted(folder.glob("*.svg")):
        problems += check_picture(browser, picture)
    print(f"export_check: screenshots in {folder}")
    for problem in problems:
        print(f"  {problem}")
    if problems:
        sys.exit(1)
    print("export_check: every page and picture passed")


if __name__ == "__main__":
    main()
