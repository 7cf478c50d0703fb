"""The column layout every table for people uses (`oms_cli.views.grid`)."""

from __future__ import annotations

import io
from collections import Counter

from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Text

from oms_cli.views.grid import Column, Grid, share


def lines_of(grid: Grid, width: int, *, ascii_only: bool = False) -> list[str]:
    """The grid printed at ``width`` columns, without colour, as lines."""
    encoding = "ascii" if ascii_only else "utf-8"
    console = Console(
        file=io.TextIOWrapper(io.BytesIO(), encoding=encoding),
        width=width,
        color_system=None,
        legacy_windows=False,
        force_terminal=False,
        _environ={},
    )
    with console.capture() as captured:
        console.print(grid, crop=False)  # as oms prints: the grid crops, except URLs
    return captured.get().split("\n")[:-1]


def test_share_gives_narrow_columns_what_they_want_and_splits_the_rest() -> None:
    assert share([5, 50, 50], 45) == [5, 20, 20]
    assert share([5, 10], 45) == [5, 10]
    assert share([30, 30], 41) == [20, 21]
    assert share([8, 40], 3) == [1, 2]  # never below one column each


@given(
    wanted=st.lists(st.integers(min_value=0, max_value=200), min_size=1, max_size=6),
    room=st.integers(min_value=0, max_value=400),
)
def test_share_never_gives_more_than_wanted_nor_more_than_the_room(
    wanted: list[int], room: int
) -> None:
    widths = share(wanted, room)
    needs = [max(1, want) for want in wanted]  # a column is at least 1 wide
    assert all(1 <= width <= need for width, need in zip(widths, needs, strict=True))
    if room >= len(wanted):
        assert sum(widths) <= room
    if sum(needs) <= room:
        assert widths == needs


def test_a_header_row_sits_on_its_rule_and_cells_wrap_in_their_column() -> None:
    grid = Grid(
        [Column("Name", wrap=False), Column("Two-line\nheading"), Column("N", justify="right")],
        [("alpha", "one two three four five six seven", "7"), ("b", "short", "12")],
        gap=2,
        header=True,
    )
    # Name: 5 wide; N wants 2 and gets it; the middle column takes the other 19 of 30.
    assert lines_of(grid, 30) == [
        "       Two-line",
        "Name   heading               N",
        "──────────────────────────────",
        "alpha  one two three four    7",
        "       five six seven",
        "b      short                12",
    ]


def test_lines_carry_no_padding_at_their_end() -> None:
    grid = Grid([Column(), Column(), Column()], [("a", "", ""), ("bb", "c", "")], gap=3)
    assert lines_of(grid, 40) == ["a", "bb   c"]


def test_a_word_longer_than_its_column_is_folded_and_kept_whole() -> None:
    """A long word that is not a URL folds within the column, losing no character."""
    word = "Pneumonoultramicroscopic" + "x" * 40
    grid = Grid([Column(wrap=False), Column()], [("[4]", f"See {word}")])
    lines = lines_of(grid, 30)
    assert all(len(line) <= 30 for line in lines)
    assert "".join(line[4:] for line in lines[1:]) == word


def test_a_url_longer_than_its_column_is_never_split() -> None:
    """A URL gets a line of its own, whole, even past the column: folded it could not be copied.

    The words around it still wrap within the column.
    """
    url = "https://example.org/" + "x" * 40
    grid = Grid([Column(wrap=False), Column()], [("[4]", f"See the page at {url} for more words")])
    lines = lines_of(grid, 30)
    assert lines == ["[4] See the page at", f"    {url}", "    for more words"]


def test_a_column_that_does_not_wrap_is_cut_with_an_ellipsis_at_a_fixed_width() -> None:
    grid = Grid(
        [Column(wrap=False, width=6, overflow="ellipsis"), Column()], [("UNDETERMINED", "x")]
    )
    assert lines_of(grid, 40) == ["UNDET… x"]


def test_plain_string_cells_take_the_column_style_and_text_cells_keep_their_own() -> None:
    grid = Grid([Column(style="dim"), Column(style="dim")], [("[1]", Text("said", style="bold"))])
    console = Console(
        file=io.StringIO(), width=40, force_terminal=True, color_system="standard", _environ={}
    )
    with console.capture() as captured:
        console.print(grid)
    assert "\x1b[2m[1]" in captured.get()
    assert "\x1b[1msaid" in captured.get()


def test_an_ascii_only_terminal_gets_an_ascii_rule() -> None:
    grid = Grid([Column("A"), Column("B")], [("1", "2")], header=True)
    assert lines_of(grid, 20, ascii_only=True)[1] == "---"


@given(
    cells=st.lists(
        st.tuples(
            st.text(alphabet="ab cd\n", max_size=60),
            st.text(alphabet="efg h", max_size=80),
        ),
        min_size=1,
        max_size=5,
    ),
    width=st.integers(min_value=20, max_value=120),
)
def test_every_character_is_shown_and_no_line_is_wider_than_the_console(
    cells: list[tuple[str, str]], width: int
) -> None:
    grid = Grid([Column(wrap=False, width=3), Column(), Column()], gap=2)
    for first, second in cells:
        grid.add_row("•", first, second)
    lines = lines_of(grid, width)
    assert all(len(line) <= width for line in lines)
    shown = Counter("".join(lines).replace(" ", ""))
    expected = Counter("".join(f"•{first}{second}" for first, second in cells))
    del expected[" "], expected["\n"]
    assert shown == expected
