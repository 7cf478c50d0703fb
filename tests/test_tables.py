"""Tables and labelled lists for people, as `oms_cli.views.render` prints them (`emit`)."""

from __future__ import annotations

import io
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console, RenderableType
from rich.table import Column
from rich.text import Text

from oms_cli.views.render import Labelled, bullets, emit, headed_table


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No colour and no width from the environment: the tests choose both."""
    for name in ("COLUMNS", "LINES", "FORCE_COLOR", "NO_COLOR", "TERM"):
        monkeypatch.delenv(name, raising=False)


def lines_of(view: RenderableType, width: int, *, encoding: str = "utf-8") -> list[str]:
    """``view`` as `emit` prints it at ``width`` columns off a terminal, as lines."""
    stream = io.TextIOWrapper(io.BytesIO(), encoding=encoding)
    out = Console(file=stream, width=width, color_system=None, force_terminal=False)
    emit(view, out)
    stream.seek(0)
    return stream.read().split("\n")[:-1]


def test_a_header_row_sits_on_its_rule_and_cells_wrap_in_their_column() -> None:
    """The header in bold over a rule as wide as the table; two spaces between columns."""
    table = headed_table(Column("Name", no_wrap=True), "Words", Column("N", justify="right"))
    table.add_row("alpha", "one two three four five six seven", "7")
    table.add_row("b", "short", "12")
    assert lines_of(table, 30) == [
        "Name   Words                 N",
        "──────────────────────────────",
        "alpha  one two three four    7",
        "       five six seven",
        "b      short                12",
    ]


def test_lines_carry_no_padding_at_their_end() -> None:
    """rich pads every cell to its column; `emit` leaves no space at the end of a line."""
    table = headed_table("A", "B", "C")
    table.add_row("a", "", "")
    table.add_row("bb", "c", "")
    assert all(line == line.rstrip() for line in lines_of(table, 40))


def test_a_word_longer_than_its_column_is_folded_and_kept_whole() -> None:
    """A long word that is not a URL folds within the width, losing no character."""
    word = "Pneumonoultramicroscopic" + "x" * 40
    lines = lines_of(Labelled([("[4]", Text(f"See {word}"))]), 30)
    assert all(len(line) <= 30 for line in lines)
    assert "".join(line[4:] for line in lines[1:]) == word


def test_a_url_longer_than_its_column_is_never_split() -> None:
    """A URL gets a line of its own, whole, even past the width: folded it could not be copied.

    The words around it still wrap within the width.
    """
    url = "https://example.org/" + "x" * 40
    text = Text(f"See the page at {url} for more words")
    assert lines_of(Labelled([("[4]", text)]), 30) == [
        "[4] See the page at",
        f"    {url}",
        "    for more words",
    ]


def test_labels_take_their_style_and_texts_keep_their_own() -> None:
    """A list's labels are styled as it says (dim source numbers); a text's own spans stay."""
    out = Console(file=io.StringIO(), width=40, force_terminal=True, color_system="standard")
    with out.capture() as captured:
        emit(Labelled([("[1]", Text.assemble(("said", "bold")))], label_style="dim"), out)
    assert "\x1b[2m[1]" in captured.get()
    assert "\x1b[1msaid" in captured.get()


def test_an_ascii_only_terminal_gets_an_ascii_table() -> None:
    """Where only ASCII can be written, rich draws the table's rule with ASCII characters."""
    table = headed_table("A", "B")
    table.add_row("1", "2")
    lines = lines_of(table, 20, encoding="ascii")
    assert all(line.isascii() for line in lines)
    assert set(lines[1]) <= {"-", "+", "|"}


@given(
    cells=st.lists(
        st.tuples(st.text(alphabet="ab cd\n", max_size=60), st.text(alphabet="efg h", max_size=80)),
        min_size=1,
        max_size=5,
    ),
    width=st.integers(min_value=20, max_value=120),
)
def test_every_character_is_shown_and_no_line_is_wider_than_the_console(
    cells: list[tuple[str, str]], width: int
) -> None:
    """Bullets and a table: whatever the text and the width, nothing is lost or runs past it."""
    table = headed_table(Column("•", no_wrap=True, width=1), "x", "y")
    for first, second in cells:
        table.add_row("•", first, second)
    view = bullets(Text(first + second) for first, second in cells)
    for shown_view, header in ((table, "•xy"), (view, "")):
        lines = lines_of(shown_view, width)
        assert all(len(line) <= width for line in lines)
        shown = Counter("".join(lines).replace(" ", "").replace("─", ""))
        expected = Counter(header + "".join(f"•{first}{second}" for first, second in cells))
        del expected[" "], expected["\n"]
        assert shown == expected
