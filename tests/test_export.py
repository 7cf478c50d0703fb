"""Tests for --export: each format written and well formed, files never clobbered or left half."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from oms_cli.content.cases import CASE_BY_ID, CASES
from oms_cli.exitcodes import ExitCode
from oms_cli.views import export
from oms_cli.views.export import EXTENSIONS
from tests.conftest import Invoke

SVG_NS = "{http://www.w3.org/2000/svg}"


class TagChecker(HTMLParser):
    """Collects text and checks that every opened element is closed, in order."""

    VOID = frozenset({"meta", "link", "br", "hr", "img", "input", "col", "area", "base", "wbr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []
        self.errors: list[str] = []
        self.seen: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Open an element (void elements close themselves)."""
        self.seen.add(tag)
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        """Close the element opened last; anything else is an error."""
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        """Keep the text."""
        self.text.append(data)


def parse_html(text: str) -> TagChecker:
    """Parse HTML, failing the test when an element is left open or closed out of order."""
    checker = TagChecker()
    checker.feed(text)
    checker.close()
    assert checker.errors == []
    assert checker.stack == []
    return checker


def svg_text(path: Path) -> str:
    """All text drawn in an SVG file, parsed as XML, spaces normalised."""
    root = ET.parse(path).getroot()  # noqa: S314  (our own freshly written file, not untrusted)
    assert root.tag == f"{SVG_NS}svg"
    # One <text> a line: lines joined by a space, as a reader would read them.
    drawn = " ".join("".join(element.itertext()) for element in root.iter(f"{SVG_NS}text"))
    return " ".join(drawn.replace("\xa0", " ").split())


# --- each format, from `oms check` --------------------------------------------------------------


def test_check_export_keeps_the_verdict_exit_code(cli: Invoke, tmp_path: Path) -> None:
    """With --export the exit code is still the verdict's; stdout stays empty; stderr says where."""
    target = tmp_path / "r.txt"
    result = cli("check", "--no-opsoclonus", "--no-neuroblastoma", "--export", str(target))
    assert result.exit_code == ExitCode.NOT_MET
    assert result.stdout == ""
    assert result.stderr == f"oms: wrote {target}\n"
    assert "Criteria not met" in target.read_text(encoding="utf-8")


@pytest.mark.parametrize("extension", EXTENSIONS)
def test_check_exports_every_format(cli: Invoke, tmp_path: Path, extension: str) -> None:
    """Each extension gives its format, with the verdict and a source in it."""
    target = tmp_path / f"result{extension}"
    result = cli(
        "check", "--opsoclonus", "--ataxia", "--sleep", "--no-input", "--export", str(target)
    )
    assert result.exit_code == ExitCode.MET
    content = target.read_text(encoding="utf-8")
    if extension == ".svg":
        text = svg_text(target)
    elif extension == ".html":
        checker = parse_html(content)
        assert {"html", "head", "body", "main", "h1", "h2", "table", "th", "ul"} <= checker.seen
        assert "pre" not in checker.seen  # a document, not a picture of a terminal
        text = "".join(checker.text)
    else:
        text = content
        assert "\x1b" not in text
    text = " ".join(text.split())
    assert "Criteria met: 3 of 4 met" in text
    assert "[4]" in text
    assert "Orphanet" in text
    assert "not a diagnosis" in text


def test_markdown_export_is_the_markdown_renderer(cli: Invoke, tmp_path: Path) -> None:
    """.md is exactly what --format markdown prints: verdict in bold, sources listed."""
    target = tmp_path / "result.md"
    flags = ("check", "--opsoclonus", "--ataxia", "--sleep", "--no-input")
    cli(*flags, "--export", str(target))
    printed = cli(*flags, "--format", "markdown").stdout
    written = target.read_text(encoding="utf-8")
    assert written == printed
    assert "**Criteria met: 3 of 4 met" in written
    assert "## Sources" in written
    assert "- [4] Opsoclonus-myoclonus syndrome. Orphanet." in written


def test_extension_is_case_insensitive(cli: Invoke, tmp_path: Path) -> None:
    """An upper-case extension (.SVG) is accepted."""
    target = tmp_path / "R.SVG"
    result = cli("check", "--opsoclonus", "--no-input", "--export", str(target))
    assert result.exit_code == ExitCode.UNDETERMINED
    svg_text(target)


# --- `oms demo` ---------------------------------------------------------------------------------


def test_demo_case_exports_an_svg_picture(cli: Invoke, tmp_path: Path) -> None:
    """`oms demo CASE --export case.svg` draws the whole walk-through, titled with the command."""
    target = tmp_path / "case.svg"
    result = cli("demo", "scan-pending", "--export", str(target))
    assert result.exit_code == ExitCode.OK
    assert result.stdout == ""
    text = svg_text(target)
    assert "Step 5 of 5" in text
    assert "Criteria undetermined" in text
    assert "Fictional case" in text
    assert "<title>oms demo scan-pending</title>" in target.read_text(encoding="utf-8")


def test_demo_case_exports_markdown_with_verdict_and_sources(cli: Invoke, tmp_path: Path) -> None:
    """A case exported to .md has the verdict, the teaching point and its sources."""
    target = tmp_path / "case.md"
    assert cli("demo", "adult", "--export", str(target)).exit_code == ExitCode.OK
    text = target.read_text(encoding="utf-8")
    assert "**Criteria met: 3 of 4 met" in text
    assert "## Sources" in text
    assert "[3] Pranzatelli MR" in text
    assert CASE_BY_ID["adult"].teaching[0].text in text


def test_demo_all_and_list_export_html(cli: Invoke, tmp_path: Path) -> None:
    """--all and the list both export to well-formed HTML."""
    every = tmp_path / "all.html"
    listing = tmp_path / "list.html"
    assert cli("demo", "--all", "--export", str(every)).exit_code == ExitCode.OK
    assert cli("demo", "--export", str(listing)).exit_code == ExitCode.OK
    every_text = "".join(parse_html(every.read_text(encoding="utf-8")).text)
    assert every_text.count("5. Teaching point") == len(CASES)
    assert "scan-pending" in "".join(parse_html(listing.read_text(encoding="utf-8")).text)


@pytest.mark.parametrize("extension", EXTENSIONS)
def test_info_topic_exports_every_format(cli: Invoke, tmp_path: Path, extension: str) -> None:
    """`oms info TOPIC --export FILE` writes that topic, cited, in the format of the extension."""
    target = tmp_path / f"prognosis{extension}"
    result = cli("info", "prognosis", "--export", str(target))
    assert result.exit_code == ExitCode.OK
    assert result.stdout == ""
    if extension == ".svg":
        text = svg_text(target)
    elif extension == ".html":
        text = "".join(parse_html(target.read_text(encoding="utf-8")).text)
    else:
        text = target.read_text(encoding="utf-8")
    assert "Relapses" in text
    assert "[3]" in text
    assert "not a diagnosis" in text


def test_info_export_refuses_an_existing_file(cli: Invoke, tmp_path: Path) -> None:
    """`oms info --export` never replaces a file without --force."""
    target = tmp_path / "info.md"
    target.write_text("keep\n", encoding="utf-8")
    assert cli("info", "--export", str(target)).exit_code == ExitCode.USAGE
    assert target.read_text(encoding="utf-8") == "keep\n"
    assert cli("info", "--export", str(target), "--force").exit_code == ExitCode.OK
    assert target.read_text(encoding="utf-8").startswith("# Opsoclonus-myoclonus syndrome")


def test_export_keeps_colour_under_no_color(cli: Invoke, tmp_path: Path) -> None:
    """An exported picture keeps its colours even with NO_COLOR set (it is not a terminal)."""
    target = tmp_path / "case.html"
    cli("demo", "all-four", "--export", str(target))  # the cli fixture sets NO_COLOR=1
    assert "color: #" in target.read_text(encoding="utf-8")


# --- never clobber, never half --------------------------------------------------------------------


@pytest.mark.parametrize("command", [("check", "--opsoclonus"), ("demo", "adult")])
def test_existing_file_is_refused_and_left_untouched(
    cli: Invoke, tmp_path: Path, command: tuple[str, ...]
) -> None:
    """Without --force an existing file is kept byte for byte: exit 2 and a message."""
    target = tmp_path / "out.md"
    target.write_text("precious notes\n", encoding="utf-8")
    before = target.stat()
    result = cli(*command, "--export", str(target))
    assert result.exit_code == ExitCode.USAGE
    assert (
        result.stderr
        == f"oms: error: --export: '{target}' already exists; add --force to replace it\n"
    )
    assert target.read_text(encoding="utf-8") == "precious notes\n"
    assert target.stat().st_mtime_ns == before.st_mtime_ns
    assert sorted(tmp_path.iterdir()) == [target]


def test_force_replaces_an_existing_file(cli: Invoke, tmp_path: Path) -> None:
    """With --force an existing file is replaced by the export."""
    target = tmp_path / "out.md"
    target.write_text("old\n", encoding="utf-8")
    result = cli("demo", "adult", "--export", str(target), "--force")
    assert result.exit_code == ExitCode.OK
    assert target.read_text(encoding="utf-8").startswith("# Teaching case:")
    assert sorted(tmp_path.iterdir()) == [target]


def test_unknown_extension_exits_2_naming_the_valid_ones(cli: Invoke, tmp_path: Path) -> None:
    """An unknown extension is exit 2, naming .svg, .html, .md and .txt; nothing is written."""
    target = tmp_path / "out.pdf"
    result = cli("check", "--opsoclonus", "--export", str(target))
    assert result.exit_code == ExitCode.USAGE
    for extension in (".svg", ".html", ".md", ".txt"):
        assert extension in result.stderr
    assert "'out.pdf'" in result.stderr
    assert result.stderr.endswith("; see 'oms check --help'\n")  # a usage error, as the others
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("problem", ["folder", "missing-folder"])
def test_unwritable_targets_exit_2(cli: Invoke, tmp_path: Path, problem: str) -> None:
    """A folder, or a file in a folder that does not exist, is exit 2 with a one-line message."""
    if problem == "folder":
        target = tmp_path / "pictures.svg"
        target.mkdir()
    else:
        target = tmp_path / "nowhere" / "out.svg"
    result = cli("demo", "adult", "--export", str(target))
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr.startswith("oms: error: --export: ")
    assert result.stderr.count("\n") == 1
    assert result.stdout == ""


def test_only_the_needed_factory_is_called(tmp_path: Path) -> None:
    """Markdown export never builds the terminal view, and picture exports never the Markdown."""

    def must_not_run() -> str:
        raise AssertionError("factory called for the wrong format")

    export.write(str(tmp_path / "a.md"), False, must_not_run, lambda: "# hi\n", "oms")
    assert (tmp_path / "a.md").read_text(encoding="utf-8") == "# hi\n"
    export.write(str(tmp_path / "a.txt"), False, lambda: "plain words", must_not_run, "oms")
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "plain words\n"


def test_files_written_by_the_whole_process_are_complete(tmp_path: Path) -> None:
    """Files oms writes are closed before the process ends, never left for the collector.

    Run through the real entry point, which pauses the collector and freezes every object at
    exit (oms_cli/__main__.py), so a file left open there could lose its end.
    """
    picture, verdicts = tmp_path / "info.svg", tmp_path / "verdicts.csv"
    cases = tmp_path / "cases.csv"
    cases.write_text(
        "id,opsoclonus,myoclonus,sleep\n" + "".join(f"P{n},yes,yes,yes\n" for n in range(5000)),
        encoding="utf-8",
    )
    runs = [
        ("info", "--all", "--export", str(picture)),
        ("batch", str(cases), "--output", str(verdicts)),
    ]
    for args in runs:
        result = subprocess.run(
            [sys.executable, "-m", "oms_cli", *args], capture_output=True, timeout=60, check=False
        )
        assert result.returncode == 0, result.stderr[-2000:]
    assert "not a diagnosis" in svg_text(picture)  # parsed whole, to its last line
    lines = verdicts.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 5001
    assert lines[-1] == "P4999,met,3,1,unknown,met,met,met"


# --- pages that are documents ---------------------------------------------------------------------

DOCUMENTS = {
    "check": ("check", "--opsoclonus", "--ataxia", "--no-input"),
    "criteria": ("criteria",),
    "info": ("info", "symptoms"),
    "demo": ("demo", "scan-pending"),
}


class Outline(TagChecker):
    """A page's headings, table headers and cells, and list items, as a reader meets them."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[str] = []
        self.headers: list[str] = []
        self.cells: list[str] = []
        self.items = 0
        self._open: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Note where the text of a heading, header or cell starts."""
        super().handle_starttag(tag, attrs)
        if tag in {"h1", "h2", "th", "td"}:
            self._open = []
        self.items += tag == "li"

    def handle_endtag(self, tag: str) -> None:
        """Keep the text of a heading, header or cell."""
        super().handle_endtag(tag)
        if self._open is not None and tag in {"h1", "h2", "th", "td"}:
            text = "".join(self._open).strip()
            {"th": self.headers, "td": self.cells}.get(tag, self.headings).append(text)
            self._open = None

    def handle_data(self, data: str) -> None:
        """Collect text."""
        super().handle_data(data)
        if self._open is not None:
            self._open.append(data)


def outline(page: str) -> Outline:
    """Parse a page (well-formed, as `parse_html` checks) into its outline."""
    checker = Outline()
    checker.feed(page)
    checker.close()
    assert checker.errors == []
    assert checker.stack == []
    return checker


@pytest.mark.parametrize("command", list(DOCUMENTS))
def test_html_exports_are_documents_with_headings_tables_and_lists(
    cli: Invoke, tmp_path: Path, command: str
) -> None:
    """An HTML export is the command's Markdown as a document, not a <pre> picture of a terminal.

    Headings in order (one h1), a real table with its headers, lists, a stylesheet for print, no
    preformatted block; on a phone each table row stacks with its column's name on each cell.
    """
    target = tmp_path / "page.html"
    result = cli(*DOCUMENTS[command], "--export", str(target))
    assert result.exit_code in {0, 3}, result.stderr
    page = target.read_text(encoding="utf-8")
    shape = outline(page)
    assert "pre" not in shape.seen
    assert len([tag for tag in shape.headings if tag]) >= 2
    assert shape.headings[-1] == "Sources"
    assert shape.items >= 2
    assert "@media print" in page
    assert "th { white-space: nowrap;" in page
    if command != "info":  # a topic is prose and lists; the others have a table
        assert shape.headers
        assert len(shape.cells) >= len(shape.headers)
        labels = re.findall(r'<td data-label="([^"]*)"', page)
        assert len(labels) == len(shape.cells)  # every cell labelled with its column's header
        assert set(labels) == set(shape.headers)
        assert labels[0] == shape.headers[0]


def test_html_shows_text_from_markdown_as_text_never_as_markup() -> None:
    """Markdown holding HTML (a name from input, say) is escaped: no element is made from it."""
    from oms_cli.views.pictures import html_page

    page = html_page("# T\n\n<script>alert(1)</script> <b>x</b>\n", "<t>", "light", 100)
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<title>&lt;t&gt;</title>" in page


@pytest.mark.parametrize("extension", EXTENSIONS)
def test_criteria_exports_every_format(cli: Invoke, tmp_path: Path, extension: str) -> None:
    """`oms criteria --export FILE`: the rule and the four criteria, cited, in every format."""
    target = tmp_path / f"criteria{extension}"
    result = cli("criteria", "--export", str(target))
    assert result.exit_code == ExitCode.OK, result.stderr
    assert result.stdout == ""
    assert result.stderr == f"oms: wrote {target}\n"
    raw = target.read_text(encoding="utf-8")
    if extension == ".svg":
        text = svg_text(target)
    elif extension == ".html":
        text = "".join(parse_html(raw).text)
    else:
        text = raw
    text = " ".join(text.split())
    assert "any 3 of 4 criteria" in text
    assert "Opsoclonus" in text
    assert "behavior_sleep" in text
    assert "[4]" in text
    assert "not a diagnosis" in text
    again = cli("criteria", "--export", str(target))
    assert again.exit_code == ExitCode.USAGE
    assert "already exists; add --force" in again.stderr
    assert cli("criteria", "--export", str(target), "--force").exit_code == ExitCode.OK


def test_after_the_questions_an_export_still_shows_its_verdict(
    cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Six questions answered at a terminal, the result written to a file: the verdict on screen.

    Only the file and the replay line were shown (QA at a real terminal).
    """
    import sys

    from oms_cli.views import output

    monkeypatch.setattr(output, "is_terminal", lambda stream: stream is sys.stderr)
    answers = "c\ny\ny\ny\nn\ny\ny\n"  # the age group, then the six findings
    result = cli("check", "-i", "--export", str(tmp_path / "case.md"), input=answers)
    assert result.exit_code == ExitCode.MET, result.stderr
    assert result.stderr.rstrip().endswith("Criteria met: 4 of 4 met, 3 needed")
    assert (tmp_path / "case.md").exists()
