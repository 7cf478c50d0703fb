"""Exports for a projector and the web: light by default, readable colours, nothing remote.

These tests read the files as text (no browser needed); the pictures were also looked at,
rendered with rsvg-convert and headless Chromium.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from oms_cli.views.themes import PALETTES, ExportTheme, contrast, hex_colour

from .conftest import Invoke

AA = 4.5
"""WCAG 2 level AA contrast for body text."""

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
    background = re.search(r'<rect fill="(#[0-9a-f]{6})"', svg)
    assert background is not None
    text = set(re.findall(r"fill: (#[0-9a-f]{6})", svg))  # the style of each run of text
    text |= set(re.findall(r'<text[^>]* fill="(#[0-9a-f]{6})"', svg))  # the window's title
    return background[1], text


def html_colours(page: str) -> tuple[str, set[str]]:
    """The background of a page and every colour its text is written in."""
    background = re.search(r"background-color: (#[0-9a-f]{6})", page)
    assert background is not None
    return background[1], set(re.findall(r"(?<![-\w])color: (#[0-9a-f]{6})", page))


@pytest.mark.parametrize("theme", list(ExportTheme))
def test_every_text_colour_of_each_theme_reads_at_4_5_to_1(theme: ExportTheme) -> None:
    """Text, dimmed text and each of the eight colours: at least 4.5:1 on the background."""
    palette = PALETTES[theme]
    ratios = [contrast(colour, palette.background) for colour in palette.text_colours()]
    assert min(ratios) >= AA, ratios


def test_contrast_is_computed_as_wcag_defines_it() -> None:
    """Black on white is 21:1, a colour on itself 1:1, and rich's old red on dark about 3.5:1."""
    assert contrast((0, 0, 0), (255, 255, 255)) == pytest.approx(21)
    assert contrast((120, 120, 120), (120, 120, 120)) == pytest.approx(1)
    assert contrast(hex_colour("#cd3131"), hex_colour("#0c0c0c")) < AA


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
        expected = PALETTES[ExportTheme(theme or "light")].background
        assert hex_colour(background) == expected
        low = {
            c: contrast(hex_colour(c), expected)
            for c in text
            if contrast(hex_colour(c), expected) < AA
        }
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
    svg_text = re.sub(
        r"<text[^>]*>[^<]*</text>", "", svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    )
    assert "http" not in svg_text  # every address in the picture is in its text
    page_text = re.sub(r'<a href="https?://[^"]*">', "", page)
    assert re.findall(r"https?://", page_text) == re.findall(
        r"https?://", re.sub(r"<[^>]*>", "", page_text)
    )


def test_html_has_a_title_a_viewport_wrapping_and_links(cli: Invoke, tmp_path: Path) -> None:
    """A page: titled as the command, fit for a phone, lines that wrap, every source a link."""
    page = export(cli, tmp_path, RESULTS[0], "out.html")
    assert "<title>oms check</title>" in page
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert "white-space: pre-wrap" in page
    assert '<a href="http://www.orpha.net/consor/cgi-bin/OC_Exp.php?Lng=EN&Expert=1183">' in page
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
    assert max(len(line) for line in text.splitlines()) <= 60


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
        assert f"step&#160;{number}&#160;of&#160;5" in svg  # the window's title
        assert f"Step&#160;{number}&#160;of&#160;5" in svg
        assert f"Step&#160;{number % 5 + 1}&#160;of&#160;5" not in svg
        assert "not&#160;a&#160;diagnosis" in svg


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

    from oms_cli.views import export, slides

    calls: list[Path] = []

    def fails_at_the_third(path: Path, *args: object, **kwargs: object) -> object:
        calls.append(path)
        if len(calls) == 3:
            raise export.ExportError("--export: no space left")
        path.write_text("step", encoding="utf-8")
        return None

    monkeypatch.setattr(slides, "export_result", fails_at_the_third)
    result = cli("demo", "scan-pending", "--export", str(tmp_path / "other.svg"), "--steps")
    assert result.exit_code == 2
    assert "no space left" in result.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == ["case-4.svg"]
