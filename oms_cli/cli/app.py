"""The ``oms`` command: each command parses, calls the core, renders and exits.

Options are defined once in `oms_cli.cli.options`. Each command imports the modules of its feature
in its body, so that a run loads only what it uses (the contract's start-up budget).
"""

import sys

import typer

from oms_cli import content
from oms_cli.cli import intake
from oms_cli.cli import options as opt
from oms_cli.cli.options import QuestionnaireFormat
from oms_cli.cli.process import Group, run
from oms_cli.content import TopicId
from oms_cli.errors import UsageError, notice
from oms_cli.exitcodes import ExitCode
from oms_cli.files.textsafe import unknown_name
from oms_cli.interop import schema
from oms_cli.interop.schema import SchemaName
from oms_cli.rules import Finding, Verdict, evaluate
from oms_cli.views import is_terminal, output
from oms_cli.views.output import CheckFormat, Format


def paragraphs(*texts: str) -> str:
    """A command's help: paragraphs of one line each, which rich wraps to the terminal's width."""
    # Typer's rich mode keeps the line breaks of every paragraph but the first as written.
    if any("\n" in text for text in texts):
        raise ValueError(f"a help paragraph with a line break: {texts}")
    return "\n\n".join(texts)


def examples(*pairs: tuple[str, str]) -> str:
    """An "Examples" block for an epilog: each command line, what it does below it."""
    # Typer keeps an epilog's lines less their shared indent: the empty first line keeps ours.
    lines = "\n".join(f"  {command}\n      {what}" for command, what in pairs)
    return f"\nExamples:\n\n{lines}\n\n"


app = typer.Typer(
    name="oms",
    help="Check findings against the diagnostic criteria of opsoclonus-myoclonus syndrome (OMS): "
    "any 3 of 4 criteria. Findings are yes, no (looked for and not found) or unknown (not "
    "looked for, or not known); unknown is never taken as no.",
    epilog=examples(
        ("oms check --opsoclonus --myoclonus --sleep --no-input", "check one person (exit 0: met)"),
        ("oms info", "what OMS is, and the topics to read"),
        ("oms demo", "the worked teaching cases"),
    )
    + "An educational aid, not a diagnosis. Exit codes: see 'oms check --help'.",
    cls=Group,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode="rich",  # Typer's rich help, its panels; rich loads for --help only
    suggest_commands=True,
)

VERDICT_EXIT: dict[Verdict, ExitCode] = {
    Verdict.MET: ExitCode.MET,
    Verdict.NOT_MET: ExitCode.NOT_MET,
    Verdict.UNDETERMINED: ExitCode.UNDETERMINED,
}


@app.callback()
def _root(version: opt.VersionOption = False) -> None:
    """Check findings against the diagnostic criteria of opsoclonus-myoclonus syndrome (OMS)."""


@app.command(
    cls=intake.CheckCommand,
    short_help="Check one person's findings against the 3-of-4 rule.",
    help=paragraphs(
        "Evaluate one person's findings against the 3-of-4 rule.",
        "Give each finding as a flag (yes) or its --no- form (no: looked for and not found); "
        "leave out a finding nobody has looked for: it is unknown, never no. The verdict is met, "
        "not met, or undetermined when unknown findings could change it.",
        "When input and output are a terminal and the output is text, a finding not given is "
        "asked for while its answer could still change the verdict (a questionnaire; ? explains "
        "a question). --interactive asks for every finding not given, also when answers are "
        "piped, one a line; --no-input never asks.",
    ),
    epilog=examples(
        (
            "oms check --opsoclonus --myoclonus --sleep --no-input",
            "3 of 4 criteria met; nothing is asked (exit 0)",
        ),
        (
            "oms check --opsoclonus --ataxia --no-input --brief",
            "undetermined: the verdict and what would decide it (exit 3)",
        ),
        (
            "oms check --no-opsoclonus --no-myoclonus --no-ataxia --no-input -f json",
            "not met, as JSON for a program (exit 1)",
        ),
        ("oms check --age-group child", "on a terminal: asks for each finding; ? explains one"),
    )
    + "Exit codes: 0 criteria met, 1 not met, 3 undetermined (depends on unknown findings), "
    "2 usage error or answers ran out, 130 interrupted. An educational aid, not a diagnosis.",
)
def check(
    neuroblastoma: opt.NeuroblastomaOption = None,
    opsoclonus: opt.OpsoclonusOption = None,
    myoclonus: opt.MyoclonusOption = None,
    ataxia: opt.AtaxiaOption = None,
    behavior: opt.BehaviorOption = None,
    sleep: opt.SleepOption = None,
    age_group: opt.AgeGroupOption = None,
    output_format: opt.CheckFormatOption = CheckFormat.TEXT,
    no_input: opt.NoInputOption = False,
    interactive: opt.InteractiveOption = False,
    export: opt.ExportOption = None,
    force: opt.ForceOption = False,
    theme: opt.ThemeOption = None,
    width: opt.WidthOption = None,
    from_fhir: opt.FromFhirOption = None,
    brief: opt.BriefOption = False,
    from_phenopacket: opt.FromPhenopacketOption = None,
    what_if: opt.WhatIfOption = False,
    shape: opt.ShapeOption = None,
    behaviour: opt.BehaviourOption = None,
    no_pager: opt.NeverPagedOption = False,
) -> None:
    """Evaluate one person's findings and show the result; the verdict is the exit code."""
    intake.refuse_input_conflicts(interactive, no_input, from_fhir, from_phenopacket)
    intake.refuse_format_conflicts(output_format, export, brief, what_if)
    look = None
    if any(value is not None for value in (export, theme, width, shape)):
        from oms_cli.views.export import checked_look

        inputs = [name for name in (from_fhir, from_phenopacket) if name is not None]
        look = checked_look(export, force, theme, width, inputs, shape=shape)
    flags = {
        Finding.NEUROBLASTOMA: neuroblastoma,
        Finding.OPSOCLONUS: opsoclonus,
        Finding.MYOCLONUS: myoclonus,
        Finding.ATAXIA: ataxia,
        Finding.BEHAVIOR: behavior if behavior is not None else behaviour,
        Finding.SLEEP: sleep,
    }
    replay_extra = [] if output_format is CheckFormat.TEXT else ["--format", output_format.value]
    given = intake.gather(
        flags,
        age_group,
        from_fhir=from_fhir,
        from_phenopacket=from_phenopacket,
        interactive=interactive,
        no_input=no_input,
        replay_extra=replay_extra + (["--what-if"] if what_if else []),
        text_output=output_format is CheckFormat.TEXT,
    )
    assessment = evaluate(given.findings, given.age_group)
    output.show_assessment(
        assessment,
        output_format,
        brief=brief,
        what_if=what_if,
        export=export,
        force=force,
        look=look,
        replay=given.replay,
        derived_from=given.derived_from,
        not_counted=given.not_counted,
    )
    raise typer.Exit(VERDICT_EXIT[assessment.verdict])


@app.command(
    short_help="The rule and its four criteria, with source.",
    help='Show the rule (any 3 of 4 criteria), the four criteria and what "and/or" means.',
    epilog=examples(
        ("oms criteria", "the rule, for people"),
        ("oms criteria -f markdown", "the same, as Markdown for notes"),
    ),
)
def criteria(
    output_format: opt.FormatOption = Format.TEXT,
    no_pager: opt.NoPagerOption = False,
    export: opt.ExportOption = None,
    force: opt.ForceOption = False,
    theme: opt.ThemeOption = None,
    width: opt.WidthOption = None,
    shape: opt.ShapeOption = None,
) -> None:
    """Show or export the rule and its criteria."""
    from oms_cli.views import json_object, markdown, wording

    if any(value is not None for value in (export, theme, width, shape)):
        from oms_cli.views import export as exporting
        from oms_cli.views import render

        look = exporting.checked_look(export, force, theme, width, shape=shape)
        assert export is not None  # noqa: S101  (checked_look refuses a look without --export)
        page = wording.criteria_page()
        view, text = (lambda: render.page(page)), (lambda: markdown.page(page))
        exporting.write(export, force, view, text, "oms criteria", look=look)
        return
    output.show(
        output_format,
        json_object.criteria_dict,
        lambda: markdown.page(wording.criteria_page()),
        lambda render: render.page(wording.criteria_page()),
        paged=not no_pager,
    )


@app.command(
    short_help="Patient information, every fact cited.",
    help=paragraphs(
        "Patient information about OMS in plain words, each fact with its sources.",
        "Without a topic: a short overview and the list of topics, one line each. With a topic: "
        "that topic in full. With --all: every topic.",
    ),
    epilog=examples(
        ("oms info", "a short overview and the list of topics"),
        ("oms info prognosis", "one topic in full ('outlook' names it too)"),
        ("oms info --all --no-pager", "every topic, all at once"),
        ("oms info treatment --export treatment.html", "one topic as a web page for a handout"),
    )
    + f"Topics: {', '.join(TopicId)}. Exit codes: 0 success, 2 unknown topic or other usage "
    "error. An educational aid, not a diagnosis.",
)
def info(
    topic: opt.TopicArgument = None,
    show_all: opt.AllTopicsOption = False,
    output_format: opt.FormatOption = Format.TEXT,
    export: opt.ExportOption = None,
    force: opt.ForceOption = False,
    theme: opt.ThemeOption = None,
    width: opt.WidthOption = None,
    no_pager: opt.NoPagerOption = False,
    shape: opt.ShapeOption = None,
) -> None:
    """Show or export the overview, one topic, or every topic."""
    from oms_cli.content import topics
    from oms_cli.views import json_object, markdown, wording

    if topic is not None and show_all:
        raise UsageError("give a topic or --all, not both")
    shown = topics.TOPICS if show_all else None
    if topic is not None:
        try:
            shown = (topics.find_topic(topic),)
        except topics.UnknownTopicError:
            raise UsageError(unknown_name("topic", topic, topics.topic_ids())) from None
    if all(value is None for value in (export, theme, width, shape)):
        output.show(
            output_format,
            lambda: json_object.info_dict(shown),
            lambda: markdown.page(wording.info_page(shown)),
            lambda render: render.page(wording.info_page(shown)),
            paged=not no_pager,
        )
        return
    from oms_cli.views import export as exporting
    from oms_cli.views import render

    look = exporting.checked_look(export, force, theme, width, shape=shape)
    assert export is not None  # noqa: S101  (checked_look refuses a look without --export)
    title = "oms info --all" if show_all else f"oms info {topic or ''}".rstrip()
    page = wording.info_page(shown)
    view, text = (lambda: render.page(page)), (lambda: markdown.page(page))
    exporting.write(export, force, view, text, title, look=look)


@app.command(
    short_help="The reference page and its five references.",
    help=paragraphs(
        "List the sources: the reference page [GARD], then its references [1]-[5].",
        "Each with its author where given, title, publisher, date, address and the info topics "
        "citing it.",
    ),
    epilog=examples(
        ("oms sources", "every source, with its address"),
        ("oms sources -f json", "the same, for a program"),
    ),
)
def sources(
    output_format: opt.FormatOption = Format.TEXT, no_pager: opt.NoPagerOption = False
) -> None:
    """Show the sources."""
    from oms_cli.views import json_object, markdown, wording

    output.show(
        output_format,
        json_object.sources_dict,
        lambda: markdown.page(wording.sources_page()),
        lambda render: render.page(wording.sources_page()),
        paged=not no_pager,
    )


@app.command(
    short_help="Worked teaching cases, step by step.",
    help=paragraphs(
        "Worked teaching cases: list them, or walk through one step by step.",
        "Each case shows the story, the findings, each criterion's reasoning, the verdict and a "
        "teaching point with its sources.",
    ),
    epilog=examples(
        ("oms demo", "the list of cases"),
        ("oms demo scan-pending", "one case, step by step on a terminal"),
        ("oms demo --all --no-input", "every case, every step at once"),
        ("oms demo all-four --export all-four.svg", "one case as a picture for a slide"),
    )
    + f"{content.CASES_FICTIONAL} On a terminal the walk-through pauses between steps: Enter "
    "goes on, q stops. An educational aid, not a diagnosis.",
)
def demo(
    case_id: opt.CaseArgument = None,
    run_all: opt.AllCasesOption = False,
    no_input: opt.NoPauseOption = False,
    export: opt.ExportOption = None,
    force: opt.ForceOption = False,
    theme: opt.ThemeOption = None,
    width: opt.WidthOption = None,
    per_step: opt.StepsOption = False,
    no_pager: opt.NoPagerOption = False,
    shape: opt.ShapeOption = None,
) -> None:
    """List the cases, or walk through or export one or all of them."""
    from oms_cli.teaching import demo as core

    core.command(
        case_id,
        run_all,
        no_input,
        export=export,
        force=force,
        theme=theme,
        width=width,
        per_step=per_step,
        paged=not no_pager,
        shape=shape,
    )


@app.command(
    short_help="Practise the rule on fictional cases, corrected at once.",
    help=paragraphs(
        "Practise the 3-of-4 rule on fictional cases: demo cases and generated ones.",
        "Each case is a short story with its findings; answer the verdict (y met, n not met, "
        "u undetermined) and, with --criteria, each criterion first. Every answer is marked at "
        "once, with the reasoning and its sources, and the known traps are named. A score ends "
        "it.",
        "Example: oms quiz --seed 7",
    ),
    epilog=f"{content.CASES_FICTIONAL} Exit codes: 0 the quiz ran (whatever the score), 2 usage "
    "error or answers ran out, 130 interrupted. An educational aid, not a diagnosis.",
)
def quiz(
    seed: opt.SeedOption = None,
    count: opt.CountOption = 5,
    criteria: opt.CriteriaOption = False,
    no_input: opt.WorksheetOption = False,
    export: opt.WorksheetExportOption = None,
    force: opt.ForceOption = False,
    theme: opt.ThemeOption = None,
    width: opt.WidthOption = None,
    shape: opt.ShapeOption = None,
    no_pager: opt.NoPagerOption = False,
) -> None:
    """Ask the quiz, or show or export its worksheet."""
    from oms_cli.teaching import quiz as core

    look = None
    if theme is not None or width is not None or shape is not None:
        from oms_cli.views.export import look_of

        look = look_of(export, theme, width, shape)  # exit 2 without --export, or where unfit
    chosen = core.prepare(seed, count, criteria, export, force)
    # Typed answers to questions that go to a file or a pipe would answer what nobody sees.
    unseen = is_terminal(sys.stdin) and not is_terminal(sys.stdout)
    if export is not None or no_input or unseen:
        from oms_cli.teaching import quiz_sheet

        if unseen and export is None and not no_input:
            notice("standard output is not a terminal, so the worksheet is printed (--no-input)")
        quiz_sheet.show_worksheet(chosen, export, force, look=look, paged=not no_pager)
    else:
        core.converse(chosen)


@app.command(
    "schema",
    short_help="JSON Schema of the outputs, for programs.",
    help=paragraphs(
        "Print the JSON Schema (draft 2020-12) of an output for programs.",
        "check: the output of 'oms check --format json'. batch-row: one line of 'oms batch' jsonl.",
    ),
    epilog=examples(
        ("oms schema", "the list of schemas"),
        ("oms schema check > oms-check.schema.json", "the schema of 'oms check -f json'"),
    ),
)
def schema_command(name: opt.SchemaArgument = None, no_pager: opt.NeverPagedOption = False) -> None:
    """Print the list of schemas, or one of them."""
    if name is None:
        width = max(map(len, SchemaName))
        for key in SchemaName:
            sys.stdout.write(f"{key:<{width}}  {schema.load(key)['title']}\n")
        return
    sys.stdout.write(schema.schema_text(name))


@app.command(
    "questionnaire",
    short_help="The questions as a FHIR R4 Questionnaire.",
    help=paragraphs(
        "Print the questions of 'oms check' as a FHIR R4 Questionnaire.",
        "Items: age_group (child, adult), then each finding (yes, no, unknown) with help and "
        "sources. Then a read-only result that an SDC forms tool computes: each criterion, the "
        "counts, the verdict. Ataxia is asked only while myoclonus is not yes, sleep while "
        "behaviour is not yes.",
        "Fill it in with a FHIR forms tool; 'oms check --from-fhir FILE' evaluates the response.",
    ),
)
def questionnaire_command(
    output_format: opt.QuestionnaireFormatOption = QuestionnaireFormat.FHIR,
    no_pager: opt.NeverPagedOption = False,
) -> None:
    """Print the FHIR Questionnaire (its one format)."""
    from oms_cli.interop.fhir import questionnaire
    from oms_cli.views.json_object import to_json

    sys.stdout.write(to_json(questionnaire()))


@app.command(
    short_help="Many people at once, from CSV, JSON Lines or Excel.",
    help=paragraphs(
        "Evaluate many people at once, one a row, from CSV, JSON Lines or Excel (.xlsx).",
        "Columns (or keys): an optional id, and any of neuroblastoma, opsoclonus, myoclonus, "
        "ataxia, behavior, sleep; a finding left out is unknown; other columns are ignored (and "
        "named). Values: yes/y/true/1, no/n/false/0 (looked for and not found), unknown/u/empty "
        "(not looked for, or not known), in any case; add your own with --yes-values, "
        "--no-values, --unknown-values. Without an id the line number is the id. See "
        "docs/batch.md.",
        "Each output row: id, verdict, met_count, unknown_count and the status of each criterion "
        "(JSON Lines also the findings as read).",
    ),
    epilog=examples(
        ("oms batch examples/cases.csv", "a table on a terminal, CSV when piped"),
        (
            "oms batch examples/cases.csv --output verdicts.csv",
            "a file, written whole or not at all",
        ),
        ("oms batch examples/cases.jsonl -f jsonl", "JSON Lines, for a program"),
    )
    + "Exit codes: 0 every row evaluated (whatever the verdicts), 2 a bad file, row or option "
    "(the message names file, line, column and value), 130 interrupted. "
    "An educational aid, not a diagnosis.",
)
def batch(
    file: opt.BatchFileArgument,
    input_format: opt.InputFormatOption = None,
    output_format: opt.BatchFormatOption = None,
    output: opt.OutputOption = None,
    force: opt.ReplaceOutputOption = False,
    keep_going: opt.KeepGoingOption = False,
    no_pager: opt.NeverPagedOption = False,
    export: opt.BatchExportOption = None,
    id_column: opt.IdColumnOption = None,
    column: opt.ColumnOption = None,
    yes_values: opt.YesValuesOption = None,
    no_values: opt.NoValuesOption = None,
    unknown_values: opt.UnknownValuesOption = None,
    delimiter: opt.DelimiterOption = None,
    sheet: opt.SheetOption = None,
    errors: opt.ErrorsOption = None,
) -> None:
    """Evaluate many people, one a row, as a table or as data."""
    if export is not None:
        raise UsageError(opt.BATCH_EXPORT_REFUSED)
    from oms_cli.batch import command

    options = command.BatchOptions(
        file=file,
        input_format=input_format,
        output_format=output_format,
        output=output,
        force=force,
        keep_going=keep_going,
        errors=errors,
        id_column=id_column,
        columns=tuple(column or ()),
        yes_values=yes_values,
        no_values=no_values,
        unknown_values=unknown_values,
        delimiter=delimiter,
        sheet=sheet,
    )
    command.command(options)


@app.command(
    "mcp",
    short_help="Serve the rule and its sources to AI assistants (MCP, stdio).",
    help=paragraphs(
        "Serve oms to AI assistants: a Model Context Protocol server over standard input and "
        "output.",
        "An MCP client (an assistant's app, an editor) starts 'oms mcp' and calls its tools.",
        "check and what_if take findings, each yes, no or unknown; one left out is unknown, "
        "never no.",
        "criteria, info and sources give what the commands give, with numbered sources.",
        "Nothing is logged or stored.",
    ),
    epilog=examples(("oms mcp", "serve one MCP client over standard input and output"))
    + "Needs the optional extra mcp of oms-cli (see docs/mcp.md). Tools: check, what_if, "
    "criteria, info, sources; resources oms://criteria and oms://sources. Set-up for an MCP "
    "client: docs/mcp.md. Exit codes: 0 the client closed the input, 2 the extra is not "
    "installed, 143 stopped by SIGTERM. An educational aid, not a diagnosis.",
)
def mcp_command(no_pager: opt.NeverPagedOption = False) -> None:
    """Serve the Model Context Protocol over standard input and output."""
    from oms_cli.interop import mcp_server

    mcp_server.command()


def main() -> None:
    """Run the app as the whole process (the ``oms`` script comes here by `oms_cli.__main__`)."""
    run(app)
