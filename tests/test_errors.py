"""One error style: a single line on standard error, "did you mean", and where help is."""

from __future__ import annotations

import pytest

from oms_cli.files.textsafe import closest

from .conftest import Invoke


@pytest.mark.parametrize(
    ("args", "command", "says"),
    [
        (("chek",), "oms", "no such command 'chek' (did you mean 'check'?)"),
        (
            ("check", "--opsoclonu"),
            "oms check",
            "no such option: --opsoclonu (did you mean --opsoclonus?)",
        ),
        (
            ("check", "-f", "jsn"),
            "oms check",
            "'jsn' is not one of 'text', 'json', 'markdown', 'fhir' (did you mean 'json'?)",
        ),
        (("check", "--age-group", "teen"), "oms check", "'teen' is not one of 'child', 'adult'"),
        (("check", "--format"), "oms check", "option '--format' requires an argument"),
        (("batch",), "oms batch", "missing argument 'FILE'"),
        (("demo", "--al"), "oms demo", "no such option: --al (did you mean --all?)"),
        (("batch", "-", "--format", "tabel"), "oms batch", "(did you mean 'table'?)"),
        (("schema", "chek"), "oms schema", "'chek' is not one of 'check', 'batch-row' (did you"),
        (
            ("info", "progonsis"),
            "oms info",
            "unknown topic 'progonsis' (did you mean 'prognosis'?)",
        ),
        (
            ("demo", "scan-pendng"),
            "oms demo",
            "unknown case 'scan-pendng' (did you mean 'scan-pending'?)",
        ),
        (("info", "zzz"), "oms info", "unknown topic 'zzz'; choose one of: overview, symptoms"),
        (("check", "--sleep", "--no-sleep"), "oms check", "--sleep and --no-sleep contradict"),
        (("info", "causes", "--all"), "oms info", "give a topic or --all, not both"),
    ],
)
def test_usage_errors_are_one_line_ending_with_where_help_is(
    cli: Invoke, args: tuple[str, ...], command: str, says: str
) -> None:
    """Click's errors and oms's own read alike: one line, the problem, the help hint; exit 2.

    Click's own block (Usage, Try, a blank line, Error) took four lines with the message last.
    A misspelt command or option gets Typer's or Click's closest suggestion; a value that is not
    one of the choices gets the list and the closest choice.
    """
    result = cli(*args, input="")
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("oms: error: ")
    assert says in lines[0]
    assert lines[0].endswith(f"; see '{command} --help'")
    assert "Usage:" not in result.stderr


def test_a_word_close_to_nothing_gets_no_suggestion(cli: Invoke) -> None:
    """No "did you mean" for a word unlike any command: a wrong guess would mislead."""
    result = cli("xyzzy")
    assert result.exit_code == 2
    assert "did you mean" not in result.stderr
    assert closest("xyzzy", ["check", "criteria", "info"]) is None
    assert closest("CRITERA", ["check", "criteria", "info"]) == "criteria"


def test_control_characters_in_a_bad_word_are_shown_not_sent(cli: Invoke) -> None:
    """A mistyped command with escape sequences is shown made visible, never passed through."""
    result = cli("\x1b[2Jchek")
    assert result.exit_code == 2
    assert "\x1b" not in result.stderr
    assert "\\x1b[2Jchek" in result.stderr


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("check", "--opsoclonus", "--no-input", "-f", "JSON"), 3),
        (("check", "--opsoclonus", "--no-input", "--age-group", "Adult", "-f", "Markdown"), 3),
        (("criteria", "--format", "Text"), 0),
        (("schema", "CHECK"), 0),
        (("questionnaire", "-f", "FHIR"), 0),
    ],
)
def test_choices_ignore_case(cli: Invoke, args: tuple[str, ...], code: int) -> None:
    """Every choice is accepted in any case, as --age-group always was."""
    result = cli(*args)
    assert result.exit_code == code, result.stderr
    assert result.stderr == ""


def test_batch_formats_ignore_case(cli: Invoke) -> None:
    """--input-format and --format of batch take any case too."""
    result = cli("batch", "-", "--input-format", "CSV", "--format", "JSONL", input="sleep\nyes\n")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith('{"id": "2"')


def test_outlook_is_the_prognosis_topic(cli: Invoke) -> None:
    """`oms info outlook` shows the prognosis topic (the page calls it the long-term outlook)."""
    outlook = cli("info", "outlook")
    assert outlook.exit_code == 0
    assert outlook.stdout == cli("info", "prognosis").stdout


@pytest.mark.parametrize("header", ["behaviour", "Behaviour"])
def test_behaviour_is_the_behavior_column(cli: Invoke, header: str) -> None:
    """The British spelling names the same column, in CSV and in JSON Lines."""
    csv = cli("batch", "-", input=f"id,{header},opsoclonus,myoclonus\nP1,yes,yes,yes\n")
    assert csv.exit_code == 0, csv.stderr
    assert csv.stdout.splitlines()[1] == "P1,met,3,1,unknown,met,met,met"
    jsonl = cli("batch", "-", "-f", "csv", input=f'{{"id": "P1", "{header}": "yes"}}\n')
    assert jsonl.exit_code == 0, jsonl.stderr
    assert jsonl.stdout.splitlines()[1].endswith(",met")


def test_behaviour_and_behavior_together_repeat_a_column(cli: Invoke) -> None:
    """Both spellings in one header name one column twice: refused, not merged."""
    result = cli("batch", "-", input="behavior,behaviour\nyes,no\n")
    assert result.exit_code == 2
    assert "repeats column 1" in result.stderr


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("id,behavour\nP1,yes\n", "unknown column (did you mean 'behavior'?)"),
        ('{"opsoclnus": "yes"}\n', "unknown key (did you mean 'opsoclonus'?)"),
    ],
)
def test_unknown_columns_and_keys_suggest_the_closest(cli: Invoke, text: str, says: str) -> None:
    """A misspelt column or key: exit 2 with the name it most likely meant and every name."""
    result = cli("batch", "-", input=text)
    assert result.exit_code == 2
    assert says in result.stderr
    assert "expected id or a finding (neuroblastoma, opsoclonus" in result.stderr
