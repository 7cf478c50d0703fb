"""The README's command reference is the real `--help` of every command (`make reference`)."""

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


def test_the_readme_reference_matches_help(help_texts: dict[str, str]) -> None:
    """The section between the markers is exactly what `--help` prints; else run make reference."""
    readme = reference.README.read_text(encoding="utf-8")
    assert reference.readme_section(readme) == reference.section(help_texts), (
        "README.md's command reference differs from --help: run `make reference`"
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


def test_the_reference_is_the_readmes_last_section() -> None:
    """The generated section ends the README, so that other sections can be merged above it."""
    readme = reference.README.read_text(encoding="utf-8")
    assert readme.endswith(reference.END + "\n")
    assert readme.count(reference.BEGIN) == 1


def test_regenerating_replaces_only_the_section() -> None:
    """Text around the markers is kept; a README without them gets the section appended."""
    old = reference.section({"oms": " Usage: oms old\n"})
    new = reference.section({"oms": " Usage: oms new\n"})
    readme = f"# Title\n\nIntro.\n\n{old}"
    assert reference.with_section(readme, new) == f"# Title\n\nIntro.\n\n{new}"
    assert reference.with_section(readme + "Tail.\n", new) == f"# Title\n\nIntro.\n\n{new}Tail.\n"
    assert reference.with_section("# Title\n", new) == f"# Title\n\n{new}"
    assert reference.readme_section(reference.with_section(readme, new)) == new
    assert reference.readme_section("# Title\n") is None
