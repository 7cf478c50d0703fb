"""Exports for a projector and the web: light by default, readable colours, nothing remote.

These tests read the files as text (no browser needed); the pictures were also looked at,
rendered with rsvg-convert and headless Chromium.
"""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path

import pytest

from oms_cli.content.cases import CASES
from oms_cli.views.themes import ANSI, ExportTheme, palette

from .conftest import Invoke
from .test_export import svg_text

AA = 4.5
"""WCAG 2 level AA contrast for body text."""


def luminance(colour: str) -> float:
    """The relative luminance of ``#rrggbb``, as WCAG 2 defines it."""

    def linear(channel: str) -> float:
        value = int(channel, 16) / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(colour[start : start + 2]) for start in (1, 3, 5))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: str, second: str) -> float:
    """The WCAG 2 contrast ratio of two colours (``#rrggbb``), from 1 (none) to 21."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


RESULTS = [
    ("check", "--opsoclonus", "--ataxia", "--age-group", "adult", "--no-input"),
    ("info", "--all"),
    ("demo", "scan-pending"),
]


def export(cli: Invoke, tmp_path: Path, args: tuple[str, ...], name: str, *extra: str) -> str:
    """Export a result to ``name`` in ``tmp_path`` and return the file's text."""
    target = tmp_path / name
    result = cli(*args, "--export", str(target), *extra)
    assert result.exit_code in {0, 1, 3}, result.stderr
    return target.read_text(encoding="utf-8")


def svg_colours(svg: str) -> tuple[str, set[str]]:
    """The background of an SVG picture and every colour its text is drawn in."""
    background = re.search(r'<rect width="100%" height="100%" fill="(#[0-9a-f]{6})"', svg)
    assert background is not None
    return background[1], set(re.findall(r"fill: (#[0-9a-f]{6})", svg))  # each run's style


def html_colours(page: str) -> tuple[str, set[str]]:
    """The background of a page and every colour its text is written in."""
    background = re.search(r"background-color: (#[0-9a-f]{6})", page)
    assert background is not None
    screen = page.split("@media print", maxsplit=1)[0]  # print: black on white, whatever the theme
    return background[1], set(re.findall(r"(?<![-\w])color: (#[0-9a-f]{6})", screen))


@pytest.mark.parametrize("theme", list(ExportTheme))
def test_every_text_colour_of_each_theme_reads_at_4_5_to_1(theme: ExportTheme) -> None:
    """Text, dimmed text and each of the eight colours: at least 4.5:1 on the background."""
    colours = dict(palette(theme))
    background = colours.pop("background")
    assert set(colours) == {"foreground", "dim", *ANSI}
    ratios = [contrast(colour, background) for colour in colours.values()]
    assert min(ratios) >= AA, ratios


def test_contrast_is_computed_as_wcag_defines_it() -> None:
    """Black on white is 21:1, a colour on itself 1:1, and rich's old red on dark about 3.5:1."""
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#787878", "#787878") == pytest.approx(1)
    assert contrast("#cd3131", "#0c0c0c") < AA


@pytest.mark.parametrize("args", RESULTS, ids=[args[0] for args in RESULTS])
@pytest.mark.parametrize("theme", [None, "dark"])
def test_exported_text_is_readable_in_every_colour_it_uses(
    cli: Invoke, tmp_path: Path, args: tuple[str, ...], theme: str | None
) -> None:
    """Every colour that text is drawn in, in the SVG and the HTML, reads at 4.5:1 or more.

    Dimmed text (citations, labels) included: rich would blend it to about 3:1.
    """
    extra = ("--theme", theme) if theme else ()
    for name, colours in (("out.svg", svg_colours), ("out.html", html_colours)):
        background, text = colours(export(cli, tmp_path, args, name, *extra))
        expected = palette(theme or "light")["background"]
        assert background == expected
        low = {c: contrast(c, expected) for c in text if contrast(c, expected) < AA}
        assert low == {}, name
        assert len(text) >= 2  # the colours really were found: at least text and dimmed text
        (tmp_path / name).unlink()


@pytest.mark.parametrize("args", RESULTS, ids=[args[0] for args in RESULTS])
def test_exports_load_nothing_from_the_network(
    cli: Invoke, tmp_path: Path, args: tuple[str, ...]
) -> None:
    """No font, style sheet, script or image from elsewhere: a file looks the same offline.

    The only addresses left are the sources' own, as text and (in HTML) as links to follow.
    """
    svg = export(cli, tmp_path, args, "out.svg")
    page = export(cli, tmp_path, args, "out.html")
    for text in (svg, page):
        assert not re.search(r"url\(\s*[\"']?\s*(https?:)?//", text)
        assert "@import" not in text
        assert not re.search(r"<(link|script|img|iframe|object|embed)\b", text)
        assert not re.search(r"\bsrc\s*[=:]", text)
    svg_links = re.sub(r'<a href="(https?://[^"]*)">(<tspan[^>]*>)\1</tspan></a>', "", svg)
    svg_rest = re.sub(r"<tspan[^>]*>[^<]*</tspan>", "", svg_links)
    # Every address in the picture is in its text, as a link to itself.
    assert "http" not in svg_rest.replace('xmlns="http://www.w3.org/2000/svg"', "")
    page_text = re.sub(r'<a href="https?://[^"]*">', "", page)
    assert re.findall(r"https?://", page_text) == re.findall(
        r"https?://", re.sub(r"<[^>]*>", "", page_text)
    )


def test_html_has_a_title_a_viewport_wrapping_and_links(cli: Invoke, tmp_path: Path) -> None:
    """A page: titled as the command, fit for a phone, lines that wrap, every source a link."""
    page = export(cli, tmp_path, RESULTS[0], "out.html")
    assert "<title>oms check</title>" in page
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    orphanet = "http://www.orpha.net/consor/cgi-bin/OC_Exp.php?Lng=EN&amp;Expert=1183"
    assert f'<a href="{orphanet}">{orphanet}</a>' in page
    assert '<a href="http://www.omsusa.org/pranzatelli-Brochure1.htm">' in page
    assert '<html lang="en">' in page


def test_width_makes_a_wider_picture(cli: Invoke, tmp_path: Path) -> None:
    """--width sets the columns of the export: a wider, shorter picture for a 16:9 slide."""

    def view_box(svg: str) -> tuple[float, float]:
        found = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg)
        assert found is not None
        return float(found[1]), float(found[2])

    standard = view_box(export(cli, tmp_path, RESULTS[0], "standard.svg"))
    wide = view_box(export(cli, tmp_path, RESULTS[0], "wide.svg", "--width", "140"))
    assert wide[0] > standard[0] * 1.3
    assert wide[1] < standard[1]
    text = export(cli, tmp_path, RESULTS[0], "narrow.txt", "--width", "60")
    # Lines fit the width, except an address longer than its column: kept whole, never cut.
    assert max(len(line) for line in text.splitlines() if "://" not in line) <= 60
    assert "\n       http://www.orpha.net/consor/cgi-bin/OC_Exp.php?Lng=EN&Expert=1183\n" in text


@pytest.mark.parametrize(
    ("extra", "says"),
    [
        (("--theme", "dark"), "--theme applies to --export only"),
        (("--width", "120"), "--width applies to --export only"),
        (("--export", "x.md", "--width", "80"), "--width does not apply to --export .md"),
        (("--export", "x.txt", "--theme", "dark"), "--theme does not apply to --export .txt"),
        (("--export", "x.svg", "--width", "20"), "20 is not in the range 40<=x<=200"),
    ],
)
def test_export_options_that_cannot_apply_are_refused(
    cli: Invoke, extra: tuple[str, ...], says: str
) -> None:
    """--theme and --width without an export, or for a format they do not shape: exit 2."""
    result = cli("check", "--opsoclonus", "--no-input", *extra)
    assert result.exit_code == 2
    assert says in result.stderr


def test_steps_writes_one_picture_a_step(cli: Invoke, tmp_path: Path) -> None:
    """--steps: case-1.svg to case-5.svg, one step each, titled with it, then the disclaimer."""
    target = tmp_path / "case.svg"
    result = cli("demo", "scan-pending", "--export", str(target), "--steps")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"oms: wrote {tmp_path}/case-1.svg to {tmp_path}/case-5.svg\n"
    assert not target.exists()
    for number in range(1, 6):
        svg = (tmp_path / f"case-{number}.svg").read_text(encoding="utf-8")
        assert f"<title>oms demo scan-pending · step {number} of 5</title>" in svg
        drawn = svg_text(tmp_path / f"case-{number}.svg")
        assert f"Step {number} of 5" in drawn
        assert f"Step {number % 5 + 1} of 5" not in drawn
        assert "not a diagnosis" in drawn


@pytest.mark.parametrize(
    "args",
    [
        ("demo", "--steps"),
        ("demo", "--export", "x.svg", "--steps"),
        ("demo", "--all", "--export", "x.svg", "--steps"),
        ("demo", "scan-pending", "--export", "x.md", "--steps"),
    ],
)
def test_steps_needs_an_export_of_one_case_as_a_picture(
    cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    """Without --export, without one CASE, or to Markdown (which has no steps): exit 2."""
    monkeypatch.chdir(tmp_path)
    result = cli(*args)
    assert result.exit_code == 2
    assert "--steps needs --export FILE" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_steps_write_all_or_none(
    cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An existing step file stops the run before any is written; a failure removes the written."""
    (tmp_path / "case-4.svg").write_text("mine", encoding="utf-8")
    result = cli("demo", "scan-pending", "--export", str(tmp_path / "case.svg"), "--steps")
    assert result.exit_code == 2
    assert "case-4.svg' already exists" in result.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == ["case-4.svg"]

    fail_at_the_nth(monkeypatch, "fsync", 3, errno.ENOSPC)
    result = cli("demo", "scan-pending", "--export", str(tmp_path / "other.svg"), "--steps")
    assert result.exit_code == 2
    assert "other-3.svg': No space left on device" in result.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == ["case-4.svg"]


def fail_at_the_nth(monkeypatch: pytest.MonkeyPatch, call: str, nth: int, code: int) -> None:
    """Make the ``nth`` call of ``os.fsync`` (a full disk) or ``os.replace`` fail with ``code``.

    ``os.replace`` counts only the calls that put a temporary file in place.
    """
    real = getattr(os, call)
    calls: list[object] = []

    def failing(*args: object) -> object:
        if call == "replace" and ".tmp" not in str(args[0]):
            return real(*args)
        calls.append(args)
        if len(calls) == nth:
            raise OSError(code, os.strerror(code))
        return real(*args)

    monkeypatch.setattr(os, call, failing)


@pytest.mark.parametrize(
    ("call", "code"),
    [("fsync", errno.ENOSPC), ("replace", errno.EPERM)],
    ids=["disk-full", "cannot-replace"],
)
@pytest.mark.parametrize("failing", [1, 4, 5])
def test_steps_failing_at_step_n_keep_the_earlier_steps_of_the_user(
    cli: Invoke,
    *,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    call: str,
    code: int,
    failing: int,
) -> None:
    """--steps --force over an earlier run, failing at step N: all five earlier files untouched.

    A full disk while step N is written, or step N's file that cannot be replaced after steps 1
    to N-1 were: either way the user's case-1..5.svg keep their text, and no new file remains.
    """
    earlier = {f"case-{n}.svg": f"the earlier step {n}" for n in range(1, 6)}
    for name, text in earlier.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    fail_at_the_nth(monkeypatch, call, failing, code)
    target = str(tmp_path / "case.svg")
    result = cli("demo", "scan-pending", "--export", target, "--steps", "--force")
    assert result.exit_code == 2, result.stderr
    assert f"case-{failing}.svg': {os.strerror(code)}" in result.stderr
    assert "none of the files was written or replaced" in result.stderr
    assert result.stderr.count("\n") == 1
    left = {path.name: path.read_text(encoding="utf-8") for path in tmp_path.iterdir()}
    assert left == earlier


# --- pictures without a frame; slides -------------------------------------------------------------


def view_box(svg: str) -> tuple[float, float]:
    """The width and height of a picture, in its own units."""
    found = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg)
    assert found is not None
    return float(found[1]), float(found[2])


def smallest_text_on_a_slide(svg: str, slide_width: int = 1920) -> float:
    """The smallest text of a picture, in pixels, shown across a slide ``slide_width`` wide.

    Every font size the picture declares, scaled as the picture is to fill the slide.
    """
    sizes = [float(size) for size in re.findall(r"font-size:\s*([\d.]+)px", svg)]
    sizes += [float(size) for size in re.findall(r'font-size="([\d.]+)"', svg)]
    assert sizes
    return min(sizes) * slide_width / view_box(svg)[0]


@pytest.mark.parametrize("args", RESULTS, ids=[args[0] for args in RESULTS])
def test_pictures_have_no_window_frame(cli: Invoke, tmp_path: Path, args: tuple[str, ...]) -> None:
    """A picture is its text on a plain background: no window, no title bar, no coloured dots."""
    svg = export(cli, tmp_path, args, "out.svg")
    assert "<circle" not in svg
    assert not re.search(r"#(ff5f57|febc2e|28c840)", svg)  # rich's traffic-light colours
    assert " rx=" not in svg  # no rounded window
    assert len(re.findall(r"<rect ", svg)) == 1  # the background, nothing else
    assert re.search(r"<title>oms [a-z]+", svg)  # named for readers, not drawn


@pytest.mark.parametrize(
    "args",
    [
        ("check", "--opsoclonus", "--ataxia", "--no-input"),
        ("check", "--opsoclonus", "--myoclonus", "--sleep", "--no-neuroblastoma", "--no-input"),
        ("criteria",),
        ("info", "overview"),
        ("demo",),
    ],
    ids=["check", "check-met", "criteria", "info", "demo-list"],
)
def test_a_slide_is_16_9_with_text_of_24_px_or_more(
    cli: Invoke, tmp_path: Path, args: tuple[str, ...]
) -> None:
    """--shape slide: a 16:9 picture whose smallest text is at least 24 px on a 1920x1080 slide."""
    svg = export(cli, tmp_path, args, "slide.svg", "--shape", "slide")
    width, height = view_box(svg)
    assert width / height == pytest.approx(16 / 9, rel=1e-3)
    assert smallest_text_on_a_slide(svg) >= 24


def test_steps_are_slides_with_text_of_24_px_or_more(cli: Invoke, tmp_path: Path) -> None:
    """--steps: 16:9 slides of one size (one text size), text 24 px or more; fit keeps its shape."""
    for case in CASES:
        target = tmp_path / f"{case.id}.svg"
        result = cli("demo", case.id, "--export", str(target), "--steps")
        assert result.exit_code == 0, result.stderr
        boxes = set()
        for number in range(1, 6):
            svg = (tmp_path / f"{case.id}-{number}.svg").read_text(encoding="utf-8")
            width, height = view_box(svg)
            assert width / height == pytest.approx(16 / 9, rel=1e-3), (case.id, number)
            assert smallest_text_on_a_slide(svg) >= 24, (case.id, number)
            boxes.add((width, height))
        # One scale for the deck: the text does not change size from slide to slide.
        assert len(boxes) == 1, (case.id, boxes)
    fit = tmp_path / "fit.svg"
    assert cli("demo", "adult", "--export", str(fit), "--steps", "--shape", "fit").exit_code == 0
    width, height = view_box((tmp_path / "fit-4.svg").read_text(encoding="utf-8"))
    assert width / height != pytest.approx(16 / 9, rel=1e-2)


def test_a_view_too_tall_for_a_slide_is_refused(cli: Invoke, tmp_path: Path) -> None:
    """A whole case does not fit one slide at 24 px: one line naming the limit, exit 2, no file."""
    target = tmp_path / "case.svg"
    result = cli("demo", "scan-pending", "--export", str(target), "--shape", "slide")
    assert result.exit_code == 2
    assert result.stderr.startswith("oms: error: --shape slide: the picture has ")
    assert "at least 24 px tall" in result.stderr
    assert result.stderr.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("extra", "says"),
    [
        (("--shape", "slide"), "--shape applies to --export only"),
        (("--export", "x.html", "--shape", "slide"), "--shape applies to an .svg picture only"),
        (("--export", "x.md", "--shape", "slide"), "--shape does not apply to --export .md"),
    ],
)
def test_shape_applies_to_pictures_only(cli: Invoke, extra: tuple[str, ...], says: str) -> None:
    """--shape without an export, or for a page or text: exit 2 with one line."""
    result = cli("criteria", *extra)
    assert result.exit_code == 2
    assert says in result.stderr
