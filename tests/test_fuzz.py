"""Fuzzing the command line: whatever `oms` is given, it ends in a documented way.

Hypothesis makes arguments for every command (valid options and values, junk words, unicode with
control characters, escape sequences and bidi overrides, huge values, repeated and conflicting
flags, any order, ``--``) and, for `oms batch`, input files (random bytes, CSV and JSON Lines of
random shapes). Each case runs in process and must end with:

- a documented exit code: 0, 1, 2 or 3 for `check`, 0 or 2 for every other command;
- a message on standard error with exit 2;
- no traceback;
- nothing invisible or controlling the terminal in what it shows: no control character but the
  line end, no bidi override or other format character (input is shown made visible).

A few cases a test in `make test`; OMS_FUZZ_EXAMPLES sets how many (`make fuzz` runs thousands and
reports the count through tests/fuzz_report.py).
"""

from __future__ import annotations

import codecs
import concurrent.futures
import contextlib
import csv
import io
import json
import os
import random
import re
import signal
import subprocess
import tempfile
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import typer.completion
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from typer.main import get_command
from typer.testing import Result

from oms_cli.cli.app import VERDICT_EXIT, app
from oms_cli.content import HPO_TERMS
from oms_cli.content.cases import case_ids
from oms_cli.content.topics import topic_ids
from oms_cli.rules import FINDINGS, Answer, Verdict, evaluate
from tests.conftest import Invoke
from tests.fuzz_report import EXITS, RUNS, SIGNAL_OUTCOMES

# The `cli` fixture only sets environment variables and builds a stateless runner, so sharing it
# between cases is safe; each case gets its own scratch folder (`scratch`).
settings.register_profile(
    "oms-fuzz",
    max_examples=int(os.environ.get("OMS_FUZZ_EXAMPLES", "15")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
FUZZ = settings.get_profile("oms-fuzz")

GROUP: Any = get_command(app)  # a click Group; typer vendors click without public types
COMMANDS = (
    "check",
    "criteria",
    "info",
    "sources",
    "demo",
    "quiz",
    "schema",
    "questionnaire",
    "batch",
    "mcp",
)
EXIT_CODES = {"check": {0, 1, 2, 3}}
OTHER_EXIT_CODES = {0, 2}
NEVER_GENERATED = {"--install-completion"}
"""Root options no case may use: it would edit the shell's start-up files."""


# --- words --------------------------------------------------------------------------------------

# No "/": every file name a case can make is relative, so it lands in the case's scratch folder.
# No NUL: the argument of a real process cannot hold one. No surrogates: see test_signals.py for
# the undecodable bytes a real process can get.
CHARS = st.characters(exclude_categories=("Cs",), exclude_characters="/\x00")
TRAPS = (
    "\x1b[31m",  # colour
    "\x1b]0;title\x07",  # window title (OSC)
    "\x1b[2J\x1b[H",  # clear screen
    "\x9b1m",  # C1 control sequence introducer
    "\r",
    "\t",
    "\b",
    "\x7f",
    "\x85",  # C1 next line
    "\u202e",  # right-to-left override
    "\u2066",  # left-to-right isolate
    "\u200b",  # zero width space
    "\u200f",  # right-to-left mark
    "\ufeff",  # byte-order mark / zero width no-break space
    "\u2028",  # line separator
    "\u2029",  # paragraph separator
    "\ue000",  # private use
    "\U000e0041",  # tag character
    "\ufffe",  # non-character
    "\U0001f600",
    "[bold red]markup[/]",
    "[link=https://example.org]x[/link]",
    "%s%n{0}",
    "'\"\\",
)
junk = st.text(CHARS, max_size=12)
tricky = st.lists(
    st.one_of(st.sampled_from(TRAPS), st.text(CHARS, max_size=4)), min_size=1, max_size=4
).map("".join)
huge = st.builds(
    lambda piece, count: piece * count,
    st.sampled_from(["9", "x", "é", "\x1b[31m", "--opsoclonus", "\u202e", "-"]),
    st.integers(500, 20_000),
)
plain_words = st.sampled_from(
    ["", " ", "-", "--", "-1", "0", "1e999", "nan", "yes", "no", "unknown", "true", "None", "--no"]
)
words = st.one_of(junk, tricky, huge, plain_words)

GOOD_FILE_NAMES = st.sampled_from(["out.md", "out.svg", "out.html", "out.txt", "OUT.MD"])
FILE_NAMES = st.one_of(
    GOOD_FILE_NAMES,
    st.sampled_from(["out.pdf", "out", ".md", ".", "..", "-", "", "missing/out.md", "out.md/"]),
    st.tuples(junk, st.sampled_from([".md", ".svg", ".html", ".txt", ".csv", ".jsonl", ""])).map(
        "".join
    ),
)
"""Names for options that take a file (--export, --from-fhir, --output): relative, odd, taken."""


def cased(choices: list[str]) -> st.SearchStrategy[str]:
    """A valid choice, sometimes in another case."""
    choice = st.sampled_from(choices)
    return st.one_of(choice, choice.map(str.upper), choice.map(str.title))


# --- arguments from the commands themselves -----------------------------------------------------


def option_names(command: Any, *, flags_only: bool = False) -> list[str]:
    """Every spelling of every option of a click command (``--x``, ``--no-x``, ``-x``).

    With ``flags_only``, only of options that take no value.
    """
    names = [
        name
        for param in command.params
        if param.param_type_name == "option" and (param.is_flag or not flags_only)
        for name in (*param.opts, *param.secondary_opts)
    ]
    return [name for name in names if name not in NEVER_GENERATED]


def value_strategies(param: Any) -> tuple[st.SearchStrategy[str], st.SearchStrategy[str]]:
    """Accepted and any values for an option: its choices (else file names), and junk too."""
    choices = [str(choice) for choice in getattr(param.type, "choices", None) or ()]
    if not choices:
        return GOOD_FILE_NAMES, st.one_of(FILE_NAMES, words)
    exact = st.sampled_from(choices)
    accepted = exact if getattr(param.type, "case_sensitive", True) else cased(choices)
    return accepted, st.one_of(cased(choices), words)


ARGUMENT_VALUES = {"info": list(topic_ids()), "demo": list(case_ids())}
"""Valid positional values the commands check themselves (not click choices)."""


def valid_arguments(name: str, command: Any) -> list[str]:
    """The positional values a command accepts."""
    return [
        str(choice)
        for param in command.params
        if param.param_type_name == "argument"
        for choice in getattr(param.type, "choices", None) or ()
    ] + ARGUMENT_VALUES.get(name, [])


def chunk_strategy(name: str, command: Any, *, junk: bool) -> st.SearchStrategy[list[str]]:
    """One piece of a command line: a flag, an option with its value, a positional word, ``--``.

    Without ``junk``, only what the command accepts one piece at a time (the pieces together may
    still repeat or contradict each other); with it, junk words and junk values too.
    """
    valid_words = valid_arguments(name, command)
    pieces: list[st.SearchStrategy[list[str]]] = []
    names = option_names(command, flags_only=not junk)
    if names:
        pieces.append(st.sampled_from(names).map(list1))
    if valid_words:
        pieces.append(cased(valid_words).map(list1))
    if junk:
        pieces += [words.map(list1), st.sampled_from(["--", "--help", "-h"]).map(list1)]
    for param in command.params:
        if param.param_type_name != "option" or param.is_flag or param.nargs != 1:
            continue
        values = value_strategies(param)[1 if junk else 0]
        for flag in param.opts:
            pieces.append(values.map(lambda value, flag=flag: [flag, value]))
            joined = f"{flag}=" if flag.startswith("--") else flag
            pieces.append(values.map(lambda value, joined=joined: [joined + value]))
    return st.one_of(pieces)


def list1(word: str) -> list[str]:
    """A piece of one word."""
    return [word]


def option_key(chunk: list[str]) -> str:
    """What a piece sets: ``--x``, ``--no-x`` and ``--x=1`` all set x."""
    return chunk[0].lstrip("-").removeprefix("no-").partition("=")[0] if chunk else ""


def arguments(name: str) -> st.SearchStrategy[list[str]]:
    """A command line after the command's name: up to eight pieces in any order.

    A third of the cases set each thing at most once, a third repeat or contradict accepted
    pieces, a third mix in junk: so that runs reach the work, not only the parser's refusals.
    """
    command = GROUP.commands[name]
    accepted = chunk_strategy(name, command, junk=False)
    return st.one_of(
        st.lists(accepted, max_size=6, unique_by=option_key),
        st.lists(accepted, max_size=6),
        st.lists(chunk_strategy(name, command, junk=True), max_size=8),
    ).map(lambda chunks: [word for chunk in chunks for word in chunk])


answer_lines = st.lists(
    st.one_of(
        st.sampled_from(["y", "n", "u", "?", "yes", "NO", "unknown", "child", "adult", "s", ""]),
        junk,
        tricky,
    ),
    max_size=12,
).map(lambda lines: "\n".join(lines) + "\n")
"""Standard input for the questionnaire (`check -i`): answers, help requests, junk."""

LINK_IDS = ["age_group", *FINDINGS]
json_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), junk, tricky)
fhir_items = st.fixed_dictionaries(
    {"linkId": st.one_of(st.sampled_from(LINK_IDS), json_scalars)},
    optional={
        "answer": st.lists(
            st.fixed_dictionaries(
                {},
                optional={
                    "valueCoding": st.fixed_dictionaries(
                        {},
                        optional={
                            "code": st.one_of(
                                st.sampled_from(["yes", "no", "unknown", "child", "adult"]),
                                json_scalars,
                            ),
                            "system": st.one_of(st.sampled_from(["urn:x"]), json_scalars),
                        },
                    ),
                    "valueString": junk,
                },
            ),
            max_size=2,
        ),
        "item": st.lists(st.fixed_dictionaries({"linkId": junk}), max_size=1),
    },
)
fhir_responses = st.fixed_dictionaries(
    {"resourceType": st.one_of(st.just("QuestionnaireResponse"), json_scalars)},
    optional={
        "status": st.one_of(st.sampled_from(["completed", "entered-in-error", "x"]), json_scalars),
        "item": st.one_of(st.lists(fhir_items, max_size=8), json_scalars),
        "questionnaire": st.one_of(st.just("urn:oms-cli:questionnaire:oms-criteria"), junk),
    },
).map(json.dumps)
"""Standard input for `check --from-fhir -`: QuestionnaireResponses of random shapes."""

stdin_text = st.one_of(st.none(), answer_lines, fhir_responses, junk, tricky)

# --- what every run must satisfy ----------------------------------------------------------------

SHOWN_SAFE_EXCEPT = {"\n"}


def unsafe_characters(text: str) -> list[str]:
    """Characters a terminal acts on or hides: controls (but the line end), format, separators."""
    return sorted(
        {
            char
            for char in text
            if char not in SHOWN_SAFE_EXCEPT
            and unicodedata.category(char) in {"Cc", "Cf", "Zl", "Zp"}
        }
    )


def assert_ends_well(command: str, result: Result, *, stdout_for_people: bool = True) -> None:
    """The rules every run keeps, whatever it was given (see the module's docstring)."""
    expected = EXIT_CODES.get(command, OTHER_EXIT_CODES)
    assert result.exit_code in expected, (result.exit_code, result.stderr[-500:])
    if result.exit_code == 2:
        assert result.stderr.strip(), "exit 2 without a message"
    for name, text in (("stdout", result.stdout), ("stderr", result.stderr)):
        assert "Traceback" not in text, f"{name}: {text[-2000:]}"
    assert unsafe_characters(result.stderr) == [], result.stderr[-500:]
    if stdout_for_people:
        assert unsafe_characters(result.stdout) == [], result.stdout[-500:]
    if result.exit_code == 0 and result.stdout.startswith("{") and command != "batch":
        json.loads(result.stdout)  # JSON output is whole


def run(cli: Invoke, command: str, *args: str, input: str | bytes | None = None) -> Result:
    """Run one case and count it for `make fuzz`."""
    RUNS[command] += 1
    result = cli(*args, input=input)
    EXITS[result.exit_code] += 1
    event(f"exit {result.exit_code}")  # the spread of endings: pytest --hypothesis-show-statistics
    return result


@contextlib.contextmanager
def scratch() -> Iterator[Path]:
    """A new empty folder as the current directory for one case: files it writes land there.

    A new one for every case, so that cases do not depend on each other (hypothesis replays and
    shrinks them one by one).
    """
    with tempfile.TemporaryDirectory(prefix="oms-fuzz-") as folder, contextlib.chdir(folder):
        yield Path(folder)


# --- commands ------------------------------------------------------------------------------------

# `mcp` takes no option to draw from: the words after it are all junk, which the root case below
# draws (`oms mcp` alone serves the test's empty standard input and ends with 0).
SIMPLE = [name for name in COMMANDS if name not in {"check", "batch", "mcp"}]


@pytest.mark.parametrize("command", SIMPLE)
@FUZZ
@given(data=st.data())
def test_any_arguments_end_well(cli: Invoke, command: str, data: st.DataObject) -> None:
    """criteria, info, sources, demo, schema, questionnaire: any arguments end in 0 or 2, safely."""
    args = data.draw(arguments(command), label="args")
    with scratch():
        result = run(cli, command, command, *args)
    assert_ends_well(command, result)


def findings_from_flags(args: list[str]) -> dict[str, str] | None:
    """The findings a `check` command line gives by flags alone, None when it may ask or read."""
    words = args[: args.index("--")] if "--" in args else args
    for word in words:
        short = word.startswith("-") and not word.startswith("--")
        if word.startswith(("--in", "--from")) or (short and "i" in word):
            return None  # the questionnaire or a FHIR file may supply findings too
    findings = {}
    for finding in FINDINGS:
        yes, no = f"--{finding}" in words, f"--no-{finding}" in words
        findings[finding] = "yes" if yes else "no" if no else "unknown"
    return findings


@st.composite
def accepted_check(draw: st.DrawFn) -> list[str]:
    """A `check` command line it accepts: each finding at most once, with or without options."""
    pieces = []
    for finding in FINDINGS:
        answer = draw(st.sampled_from(["--", "--no-", None]))
        if answer is not None:
            pieces.append([f"{answer}{finding}"])
    options = st.sampled_from(
        [
            ["--no-input"],
            ["--age-group", "child"],
            ["--age-group=ADULT"],
            ["--format", "json"],
            ["-fjson"],
            ["-f", "markdown"],
            ["--format", "fhir"],
            ["--format=text"],
            ["--export", "out.svg"],
            ["--export=out.md", "--force"],
        ]
    )
    pieces += draw(st.lists(options, max_size=3, unique_by=option_key))
    return [word for piece in draw(st.permutations(pieces)) for word in piece]


def observation_summary(resource: dict[str, Any]) -> dict[str, Any]:
    """The verdict and findings a FHIR Observation from `oms check --format fhir` states.

    A finding component with a dataAbsentReason is unknown; one with a value is that value.
    """
    by_code = {term_id: finding.value for finding, (term_id, _) in HPO_TERMS.items()}
    findings = {}
    for component in resource["component"]:
        code = component["code"]["coding"][0]["code"]
        if code in by_code:
            value = component.get("valueCodeableConcept", {"coding": [{"code": "unknown"}]})
            findings[by_code[code]] = value["coding"][0]["code"]
    verdict = resource["valueCodeableConcept"]["coding"][0]["code"]
    return {"verdict": verdict, "findings": findings}


@FUZZ
@given(args=st.one_of(accepted_check(), arguments("check")), stdin=stdin_text)
def test_check_any_arguments_end_well(cli: Invoke, args: list[str], stdin: str | None) -> None:
    """`oms check`: any arguments and input end in 0, 1, 2 or 3, safely.

    And a JSON result (or a FHIR Observation) is the truth: its verdict follows from its findings,
    matches the exit code, and the findings are the flags given.
    """
    with scratch():
        result = run(cli, "check", "check", *args, input=stdin)
    assert_ends_well("check", result)
    if result.exit_code == 2 or not result.stdout.startswith("{"):
        return
    data = json.loads(result.stdout)
    if data.get("resourceType") == "Observation":
        data = observation_summary(data)
    verdict = Verdict(data["verdict"])
    assert VERDICT_EXIT[verdict] == result.exit_code
    answers = {finding: Answer(value) for finding, value in data["findings"].items()}
    assert evaluate(answers, None).verdict is verdict
    expected = findings_from_flags(args)
    if expected is not None:
        assert data["findings"] == expected


ROOT_WORDS = st.one_of(
    st.sampled_from([*COMMANDS, *option_names(GROUP), "--help", "-h", "--"]),
    words,
)


@FUZZ
@given(args=st.lists(ROOT_WORDS, max_size=6))
def test_any_words_in_any_order_end_well(cli: Invoke, args: list[str]) -> None:
    """Command names, root options and junk in any order: a documented ending, safely."""
    with scratch():
        result = run(cli, "any", *args)
    assert_ends_well("check" if "check" in args else "", result)


def test_show_completion_for_a_shell_typer_lacks_is_a_usage_error(
    cli: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`oms --show-completion` from sh (found by `make fuzz`): exit 2 with a message, not 1."""
    monkeypatch.setattr(typer.completion, "_get_shell_name", lambda: "sh")  # Typer's detection
    result = cli("--show-completion")
    assert result.exit_code == 2
    assert "not supported" in result.stderr


# --- batch ---------------------------------------------------------------------------------------

ID = "id"
ANSWER_SPELLINGS = ["yes", "y", "true", "1", "no", "n", "false", "0", "unknown", "u", ""]
answers = cased(ANSWER_SPELLINGS)
ids = st.one_of(junk, tricky, st.integers().map(str))
cells = st.one_of(answers, junk, tricky, st.sampled_from(['"', '""', ",", "\n", "\r\n"]))
known_columns = st.sampled_from([ID, *FINDINGS])
column_names = st.one_of(cased([ID, *FINDINGS]), known_columns.map(" {} ".format), junk, tricky)


def csv_record(values: list[str], quoting: str) -> str:
    """One CSV record: quoted properly, or raw (which may well be broken CSV)."""
    if quoting == "raw":
        return ",".join(values)
    buffer = io.StringIO()
    style = csv.QUOTE_ALL if quoting == "all" else csv.QUOTE_MINIMAL
    csv.writer(buffer, quoting=style, lineterminator="").writerow(values)
    return buffer.getvalue()


def encoded(draw: st.DrawFn, lines: list[str]) -> bytes:
    """Lines joined with LF, CRLF (or, for CSV, CR), with or without a byte-order mark."""
    end = draw(st.sampled_from(["\n", "\r\n"]))
    bom = codecs.BOM_UTF8 if draw(st.booleans()) else b""
    return bom + (end.join(lines) + draw(st.sampled_from([end, ""]))).encode()


@st.composite
def good_csv(draw: st.DrawFn) -> bytes:
    """CSV that `oms batch` accepts: known columns once each, answers in any accepted spelling."""
    header = draw(st.lists(known_columns, min_size=1, max_size=7, unique=True))
    shown = [draw(st.sampled_from([name, name.upper(), f" {name}"])) for name in header]
    rows = [
        [draw(ids) if name == ID else draw(answers) for name in header]
        for _ in range(draw(st.integers(0, 6)))
    ]
    quoting = draw(st.sampled_from(["minimal", "all"]))
    return encoded(draw, [csv_record(row, quoting) for row in [shown, *rows]])


@st.composite
def any_csv(draw: st.DrawFn) -> bytes:
    """CSV of random shapes: unknown and repeated columns, ragged rows, odd cells, broken quotes."""
    header = draw(st.lists(column_names, max_size=8))
    width = len(header)
    rows = draw(
        st.lists(st.lists(cells, min_size=max(0, width - 1), max_size=width + 1), max_size=6)
    )
    quoting = draw(st.sampled_from(["minimal", "all", "raw"]))
    records = [csv_record(row, quoting) for row in [header, *rows]]
    for index in sorted(draw(st.lists(st.integers(0, len(records)), max_size=2)), reverse=True):
        records.insert(index, "")  # blank lines
    if draw(st.booleans()):
        return "\r".join(records).encode()  # old Mac line ends
    return encoded(draw, records)


json_values: st.SearchStrategy[Any] = st.recursive(
    json_scalars | answers,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(junk, inner, max_size=3),
    max_leaves=6,
)


@st.composite
def good_jsonl(draw: st.DrawFn) -> bytes:
    """JSON Lines that `oms batch` accepts: known keys, accepted answers, blank lines between."""
    objects = st.dictionaries(
        st.sampled_from(FINDINGS), answers, max_size=6
    ) | st.fixed_dictionaries(
        {ID: st.one_of(ids, st.integers())}, optional=dict.fromkeys(FINDINGS, answers)
    )
    lines = [
        json.dumps(obj, ensure_ascii=draw(st.booleans()))
        for obj in draw(st.lists(objects, max_size=6))
    ]
    for index in sorted(draw(st.lists(st.integers(0, len(lines)), max_size=2)), reverse=True):
        lines.insert(index, draw(st.sampled_from(["", "  "])))
    return encoded(draw, lines)


@st.composite
def any_jsonl(draw: st.DrawFn) -> bytes:
    """JSON Lines of random shapes: objects, other values, nested values, bad JSON, blank lines."""
    keys = st.one_of(cased([ID, *FINDINGS]), junk, tricky)
    objects = st.dictionaries(keys, st.one_of(answers, json_values), max_size=8)
    line = st.one_of(
        objects.map(json.dumps),
        objects.map(lambda obj: json.dumps(obj, ensure_ascii=False)),
        json_values.map(json.dumps),
        objects.map(lambda obj: json.dumps(obj)[:-1]),  # cut short: not JSON
        st.sampled_from(["", "   ", "{", "}", "[]", "null", '{"id": 1}{"id": 2}', "NaN"]),
        tricky,
    )
    return encoded(draw, draw(st.lists(line, max_size=8)))


CSV_NAMES = ["cases.csv", "CASES.CSV", "cases", "-"]
JSONL_NAMES = ["cases.jsonl", "cases.ndjson", "cases", "-"]
ANY_NAMES = [*CSV_NAMES, *JSONL_NAMES, "cases.txt"]
input_files = st.one_of(
    st.tuples(st.sampled_from(CSV_NAMES), good_csv()),
    st.tuples(st.sampled_from(JSONL_NAMES), good_jsonl()),
    st.tuples(
        st.sampled_from(ANY_NAMES), st.one_of(any_csv(), any_jsonl(), st.binary(max_size=300))
    ),
)
"""(file name, content): accepted input under a fitting name, or anything under any name."""

OUTPUT_NAMES = ["out.csv", "out.jsonl", "out.ndjson", "out.txt", "out"]


def batch_options(command: Any) -> st.SearchStrategy[list[str]]:
    """Options after the input file: formats, --keep-going, --output, --force; junk at times."""
    output = st.tuples(st.sampled_from(["--output", "-o"]), st.sampled_from(OUTPUT_NAMES)).map(list)
    accepted = st.one_of(chunk_strategy("batch", command, junk=False), output)
    messy = st.one_of(chunk_strategy("batch", command, junk=True), output)
    return st.one_of(
        st.lists(accepted, max_size=4, unique_by=option_key),
        st.lists(accepted, max_size=5),
        st.lists(messy, max_size=5),
    ).map(lambda chunks: [word for chunk in chunks for word in chunk])


def parsed(command: str, args: list[str]) -> dict[str, Any]:
    """The options click reads from a command line (leniently: what it can, no --help shown)."""
    try:
        context = GROUP.commands[command].make_context(command, list(args), resilient_parsing=True)
    except Exception:  # a command line too broken to read at all: oms refuses it too
        return {}
    return dict(context.params)


@FUZZ
@given(
    named=input_files,
    args=st.deferred(lambda: batch_options(GROUP.commands["batch"])),
    existing=st.booleans(),
)
def test_batch_any_file_ends_well(
    cli: Invoke, named: tuple[str, bytes], args: list[str], existing: bool
) -> None:
    """`oms batch FILE`: any file and options end in 0 or 2, safely, and never damage a file.

    Nothing is left in the folder but the output and the --errors file (with exit 0, or 2 with
    --keep-going): no temporary file, no output of a failed run. An output that existed is
    replaced only with --force. Standard output as a table shows input made visible; CSV and JSON
    Lines keep it exact.
    """
    name, content = named
    params = parsed("batch", [name, *args])
    output = params.get("output")
    with scratch() as folder:
        target = folder / output if output not in (None, "", "-") else None
        errors = params.get("errors")
        errors_file = folder / errors if errors not in (None, "") else None
        if target is not None and existing and output in OUTPUT_NAMES:
            target.write_bytes(b"precious\n")
        if name != "-":
            (folder / name).write_bytes(content)
        before = set(folder.iterdir())
        result = run(cli, "batch", "batch", name, *args, input=content if name == "-" else None)
        created = set(folder.iterdir()) - before
        finished = result.exit_code == 0 or params.get("keep_going")
        assert created <= ({target, errors_file} if finished else set()), created
        if errors_file in created:  # only with --keep-going, only under a CSV name
            assert params.get("keep_going")
            assert errors_file is not None
            assert errors_file.suffix.lower() in ("", ".csv")
        if target in before and not params.get("force"):
            assert target is not None
            assert target.read_bytes() == b"precious\n"
    table = params.get("output_format") == "table"
    assert_ends_well("batch", result, stdout_for_people=table)
    if result.exit_code == 0 and params.get("output_format") == "jsonl" and target is None:
        rows = [json.loads(line) for line in result.stdout.split("\n") if line]
        verdicts = {verdict.value for verdict in Verdict}
        assert all(isinstance(row["id"], str) and row["verdict"] in verdicts for row in rows)


def test_every_command_is_fuzzed() -> None:
    """The fuzzed commands are the app's: a new command must be added to COMMANDS too."""
    registered = set(GROUP.commands)
    assert registered <= set(COMMANDS), f"not fuzzed: {registered - set(COMMANDS)}"
    assert set(COMMANDS) - {"batch"} <= registered


# --- signals at any instant: real processes, signals sent at random moments ----------------------

OMS = Path(__file__).resolve().parents[1] / ".venv" / "bin" / "oms"
SIGNAL_RUNS = int(os.environ.get("OMS_SIGNAL_RUNS", "6"))
"""Runs of each timed signal case: a few in `make test`, 500 in `make fuzz` (OMS_SIGNAL_RUNS)."""
SIGNAL_WORKERS = 3
"""Runs at once: the machine's cores stay busy while each run sleeps until its moment."""
SIGNAL_CODES = {signal.SIGINT: 130, signal.SIGTERM: 143, signal.SIGHUP: 129}
SIGNAL_LINES = {
    signal.SIGINT: "oms: interrupted",
    signal.SIGTERM: "oms: terminated (SIGTERM)",
    signal.SIGHUP: "oms: terminated (SIGHUP)",
}
OLD = "old text, kept unless the whole set is replaced\n"


@dataclass(frozen=True)
class Timed:
    """A command run with a signal sent at a random moment, and the files it must leave whole.

    ``files``: the names the run writes, as a set: all of them new and whole, or all as before.
    ``old``: they exist before the run (``--force`` replaces them). ``early``: signals fall in the
    first part of the run only, while Python and oms load.
    """

    name: str
    args: tuple[str, ...]
    sent: int
    files: tuple[str, ...] = ()
    ends: str = ""
    old: bool = False
    early: bool = False


TIMED = [
    *(
        Timed(
            f"steps-{signal.Signals(sent).name}",
            ("demo", "scan-pending", "--export", "case.svg", "--steps", "--no-input", "--force"),
            sent,
            files=tuple(f"case-{step}.svg" for step in range(1, 6)),
            ends="</svg>",
            old=True,
        )
        for sent in SIGNAL_CODES
    ),
    Timed(
        "quiz-SIGTERM",
        ("quiz", "--export", "quiz.md", "--no-input", "--count", "3", "--force"),
        signal.SIGTERM,
        files=("quiz.md", "quiz-answers.md"),
        ends="\n",
        old=True,
    ),
    *(
        Timed(
            f"export-{signal.Signals(sent).name}",
            ("info", "--export", "out.md"),
            sent,
            files=("out.md",),
            ends="\n",
        )
        for sent in (signal.SIGINT, signal.SIGTERM)
    ),
    *(
        Timed(
            f"early-{signal.Signals(sent).name}",
            ("check", "--no-input", "--opsoclonus"),
            sent,
            early=True,
        )
        for sent in SIGNAL_CODES
    ),
]


@dataclass(frozen=True)
class Ending:
    """How one timed run ended."""

    delay: float
    code: int
    stderr: str
    left: dict[str, str]
    """Every file in the run's folder afterwards, with its text."""


def timed_run(case: Timed, folder: Path, delay: float) -> Ending:
    """Run ``case`` in ``folder`` (made here), sending its signal ``delay`` seconds after start."""
    folder.mkdir()
    for name in case.files if case.old else ():
        (folder / name).write_text(OLD)
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "80"}
    process = subprocess.Popen(
        [str(OMS), *case.args],
        cwd=folder,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    time.sleep(delay)
    with contextlib.suppress(ProcessLookupError):
        process.send_signal(case.sent)
    _, stderr = process.communicate(timeout=60)
    left = {path.name: path.read_text(errors="replace") for path in folder.iterdir()}
    return Ending(delay, process.returncode, stderr.decode(errors="replace"), left)


PYTHON_REPORTS = (
    "KeyboardInterrupt\n",  # alone: the interpreter was interrupted as it initialised
    "Fatal Python error: ",
    "Traceback (most recent call last):",
    "Failed checking if argv[0] is an import path entry",
    "Exception ignored in: ",  # a KeyboardInterrupt Python could not raise, before `catch`
)
"""How Python's own reports of a signal during its start-up begin."""


def python_start_up(stderr: str) -> bool:
    """Whether ``stderr`` is Python's own report of a signal before any line of oms ran.

    Python prints these while the interpreter starts (``site``, the standard streams,
    ``zipimport``: "Fatal Python error", whatever the exception it became) or while it finds
    oms's first modules for the ``oms`` script's import line: then a frame of oms_cli may be
    named, at line 0 (the module has begun, none of its lines has run). An "Exception ignored
    ... KeyboardInterrupt" is Python's too: from `stopping.catch` on, oms keeps it quiet and ends
    the run with 130 instead (`test_a_signal_lost_inside_the_import_machinery_still_ends_the_run`).
    """
    if stderr.startswith("Fatal Python error: "):
        return True
    lines_run = re.findall(r'File "[^"]*oms_cli[/\\][^"]*", line (\d+)', stderr)
    return (
        stderr.startswith(PYTHON_REPORTS)
        and "KeyboardInterrupt" in stderr
        and all(line == "0" for line in lines_run)
    )


def check_ending(case: Timed, ending: Ending) -> str | None:
    """What is wrong with one timed run's ending, or None (see `test_a_signal_at_any_instant`)."""
    if python_start_up(ending.stderr):  # Python's own, before oms: only the files are oms's
        return check_files(case, ending, finished=False)
    return check_code_and_lines(case, ending) or check_files(
        case, ending, finished=ending.code in finished_codes(case)
    )


def finished_codes(case: Timed) -> set[int]:
    """The exit codes of a run the signal did not stop: 0 (`check --opsoclonus`: 3)."""
    return {0, 3} if case.early else {0}


def check_code_and_lines(case: Timed, ending: Ending) -> str | None:
    """What is wrong with the exit code and standard error of a run oms handled, or None."""
    code, stderr = ending.code, ending.stderr
    if "Traceback" in stderr or "Exception ignored" in stderr:
        return f"a traceback: {stderr[-600:]!r}"
    signalled = SIGNAL_CODES[case.sent]
    if code not in {signalled, -case.sent, *finished_codes(case)}:
        return f"exit {code}: {stderr!r}"
    *said, last = stderr.splitlines() or [""]
    if code == signalled and not last.startswith(SIGNAL_LINES[case.sent]):
        return f"exit {code} without its line last: {stderr!r}"
    if any(not line.startswith("oms: wrote ") for line in said):
        return f"more than one line but what was written: {stderr!r}"
    return None


def check_files(case: Timed, ending: Ending, *, finished: bool) -> str | None:
    """What is wrong with the files a run left, or None: all new and whole, or all as before."""
    names = sorted(ending.left)
    if names not in ([], sorted(case.files)) or (case.old and not names):
        return f"files left: {names}"
    texts = list(ending.left.values())
    kept = texts.count(OLD)
    if 0 < kept < len(texts):
        return f"a set both old and new: {names}"
    if kept == 0 and not all(text.rstrip().endswith(case.ends.strip()) for text in texts):
        return f"a file not whole: {names}"
    if finished and case.files and (not texts or kept):
        return f"exit {ending.code}, but the files were not written: {names}"
    return None


def duration(case: Timed, folder: Path) -> float:
    """Seconds a run of ``case`` takes here, without a signal (the longest of three)."""
    times = []
    for attempt in range(3):
        run = folder / f"untimed-{attempt}"
        run.mkdir()
        started = time.monotonic()
        subprocess.run(
            [str(OMS), *case.args], cwd=run, capture_output=True, check=False, timeout=60
        )
        times.append(time.monotonic() - started)
    return max(times)


@pytest.mark.skipif(not OMS.exists(), reason=f"{OMS} is not installed (make test)")
@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="POSIX signals")
@pytest.mark.parametrize("case", TIMED, ids=[case.name for case in TIMED])
def test_a_signal_at_any_instant_ends_well(tmp_path: Path, case: Timed) -> None:
    """Ctrl-C, SIGTERM or SIGHUP at a random instant of a run: a documented ending, whole files.

    Each run ends with the signal's code (130, 143, 129) and its one line, or as if no signal
    came (the work was done: 0, or `check`'s 3), or killed by the signal as Python exits; never
    a traceback, "Exception ignored", nor another code. A multi-file export (the five steps of a
    case, a quiz and its key) leaves all its files new and whole, or all as they were; a single
    export, the whole file or none; no temporary file ever. ``early`` cases send the signal in
    the first third of a run, while Python and oms load; a report Python itself prints before
    any line of oms runs is counted apart (`python_start_up`).
    """
    window = duration(case, tmp_path) * (0.35 if case.early else 1.5)
    rng = random.Random(f"{case.name}-{SIGNAL_RUNS}")  # noqa: S311  (moments, not secrets)
    delays = [rng.uniform(0, window) for _ in range(SIGNAL_RUNS)]
    with concurrent.futures.ThreadPoolExecutor(SIGNAL_WORKERS) as pool:
        endings = list(
            pool.map(
                lambda numbered: timed_run(case, tmp_path / f"run-{numbered[0]}", numbered[1]),
                enumerate(delays),
            )
        )
    RUNS[f"signal {case.name}"] += len(endings)
    SIGNAL_OUTCOMES[case.name].update(
        "python start-up" if python_start_up(e.stderr) else f"exit {e.code}" for e in endings
    )
    problems = [
        f"after {ending.delay * 1000:.1f} ms: {problem}"
        for ending in endings
        if (problem := check_ending(case, ending)) is not None
    ]
    assert problems == []
