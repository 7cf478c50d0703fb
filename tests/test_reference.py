"""docs/reference.md is the real `--help` of every command (`make reference`)."""

from __future__ import annotations

import pytest

from oms_cli.cli.app import app
from tools import reference


@pytest.fixture(scope="module")
def help_texts() -> dict[str, str]:
    """Every command's help, rendered once, from a caller whose terminal settings are hostile.

    Forced colour and other widths in the caller must not change the text: the generator
    renders in a child with a fixed environment.
    """
    with pytest.MonkeyPatch.context() as patch:
        for name, value in {
            "FORCE_COLOR": "1",
            "COLUMNS": "200",
            "TERMINAL_WIDTH": "150",
            "TERM": "xterm-256color",
        }.items():
            patch.setenv(name, value)
        patch.delenv("NO_COLOR", raising=False)
        return reference.help_texts()


def test_the_reference_page_matches_help(help_texts: dict[str, str]) -> None:
    """The section between the markers is exactly what `--help` prints; else run make reference."""
    page = reference.PAGE.read_text(encoding="utf-8")
    assert reference.page_section(page) == reference.section(help_texts), (
        "docs/reference.md differs from --help: run `make reference`"
    )


def test_every_command_is_in_the_reference(help_texts: dict[str, str]) -> None:
    """`oms` and each of its visible commands have a help block, in the order `oms --help` lists."""
    names = [
        (info.name or getattr(info.callback, "__name__", "")).replace("_", "-")
        for info in app.registered_commands
        if not info.hidden
    ]
    assert list(help_texts) == ["oms", *(f"oms {name}" for name in names)]
    for command, text in help_texts.items():
        assert f"Usage: {command} " in text


def test_the_rendering_is_plain_and_fixed_width(help_texts: dict[str, str]) -> None:
    """No escape sequences, and lines exactly as wide as the fixed width, whatever the caller."""
    section = reference.section(help_texts)
    assert "\x1b" not in section
    blocks = section.split("```text\n")[1:]
    widths = [len(line) for block in blocks for line in block.split("```")[0].splitlines()[1:]]
    assert max(widths) == reference.WIDTH


def test_the_reference_is_the_pages_last_section() -> None:
    """The generated section ends its page, so that text can be added above it."""
    page = reference.PAGE.read_text(encoding="utf-8")
    assert page.endswith(reference.END + "\n")
    assert page.count(reference.BEGIN) == 1


def test_the_readme_carries_no_copy_of_the_reference() -> None:
    """The README points to the reference instead of holding a second copy that could drift."""
    readme = (reference.ROOT / "README.md").read_text(encoding="utf-8")
    assert reference.BEGIN not in readme
    assert "docs/reference.md" in readme


def test_regenerating_replaces_only_the_section() -> None:
    """Text around the markers is kept; a page without them gets the section appended."""
    old = reference.section({"oms": " Usage: oms old\n"})
    new = reference.section({"oms": " Usage: oms new\n"})
    page = f"# Title\n\nIntro.\n\n{old}"
    assert reference.with_section(page, new) == f"# Title\n\nIntro.\n\n{new}"
    assert reference.with_section(page + "Tail.\n", new) == f"# Title\n\nIntro.\n\n{new}Tail.\n"
    assert reference.with_section("# Title\n", new) == f"# Title\n\n{new}"
    assert reference.page_section(reference.with_section(page, new)) == new
    assert reference.page_section("# Title\n") is None
