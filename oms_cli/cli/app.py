"""The ``oms`` command: parse, call the core, render, exit. No logic of its own lives here.

Each option is defined once in `oms_cli.cli.options`; what a command does lives in the module of its
feature (`oms_cli.cli.intake` for what `oms check` evaluates, `oms_cli.views.export`,
`oms_cli.teaching.demo`, `oms_cli.teaching.quiz`, `oms_cli.batch.command`).

Where imports are not at the top of a module, in the whole package, it is for one of two reasons:
- rich, the one heavy dependency, loads only where output for people is printed (here, in
  `oms_cli.views.output` and `oms_cli.views.export`): a scripted ``oms check --format json``
  never loads it (tests/test_startup_guard.py);
- each command below imports the module of its feature in its body, and `oms_cli.cli.intake`
  the reader of an input file (FHIR, phenopacket) where its option is handled, so that a run loads
  the code it uses and no other command's (with them all at the top, `oms check --format json`
  took 1.6x the start-up of `import typer`, against the contract's 1.3x: benchmarks/README.md).
"""

import sys
from typing import TYPE_CHECKING

import typer

from oms_cli.cli import intake
from oms_cli.cli import options as opt
from oms_cli.cli.options import CheckFormat, Format, QuestionnaireFormat
from oms_cli.cli.process import Group, run, usage_error
from oms_cli.exitcodes import ExitCode
from oms_cli.rules import Finding, Verdict, evaluate
from oms_cli.views import output

if TYPE_CHECKING:  # for annotations only: the topics load with `oms info`
    from oms_cli.content.topics import Topic

app = typer.Typer(
    name="oms",
    help=(
        "Check findings against the diagnostic criteria of opsoclonus-myoclonus syndrome (OMS): "
        "any 3 of 4 criteria. Findings are yes, no (looked for and not found) or unknown (not "
        "looked for, or not known); unknown is never taken as no."
    ),
    epilog=opt.APP_EPILOG,
    no_args_is_help=True,
    cls=Group,
    context_settings={"help_option_names": ["-h", "--help"]},
    # Help in Typer's rich layout, its options in the panels `rich_help_panel` names (see
    # oms_cli.cli.options); rich loads for help only. Usage errors are one line (cli.process).
    rich_markup_mode="rich",
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


@app.command(cls=intake.CheckCommand, short_help=opt.CHECK_SHORT, epilog=opt.CHECK_EPILOG)
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
) -> None:
    """Evaluate one person's findings against the 3-of-4 rule.

    Give each finding as a flag (yes) or its --no- form (no: looked for and not found); leave
    out a finding nobody has looked for: it is unknown, never no. The verdict is met, not met,
    or undetermined when unknown findings could change it.

    When input and output are a terminal and the output is text, a finding not given is asked
    for while its answer could still change the verdict (a questionnaire; ? explains a question).
    --interactive asks for every finding not given, also when answers are piped, one a line;
    --no-input never asks.
    """
    intake.refuse_input_conflicts(interactive, no_input, from_fhir, from_phenopacket)
    intake.refuse_format_conflicts(output_format, export, brief, what_if)
    look = None
    if export is not None or theme is not None or width is not None or shape is not None:
        from oms_cli.views.export import checked_look

        inputs = [name for name in (from_fhir, from_phenopacket) if name is not None]
        look = checked_look(export, force, theme, width, inputs, shape=shape)
    flags = {
        Finding.NEUROBLASTOMA: neuroblastoma,
        Finding.OPSOCLONUS: opsoclonus,
        Finding.MYOCLONUS: myoclonus,
        Finding.ATAXIA: ataxia,
        Finding.BEHAVIOR: behavior,
        Finding.SLEEP: sleep,
    }
    given = intake.gather(
        flags,
        age_group,
        from_fhir=from_fhir,
        from_phenopacket=from_phenopacket,
        interactive=interactive,
        no_input=no_input,
        replay_extra=intake.replay_options(output_format, what_if),
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


@app.command(short_help=opt.CRITERIA_SHORT, epilog=opt.CRITERIA_EPILOG)
def criteria(
    output_format: opt.FormatOption = Format.TEXT,
    no_pager: opt.NoPagerOption = False,
    export: opt.ExportOption = None,
    force: opt.ForceOption = False,
    theme: opt.ThemeOption = None,
    width: opt.WidthOption = None,
    shape: opt.ShapeOption = None,
) -> None:
    """Show the rule (any 3 of 4 criteria), the four criteria and what "and/or" means."""
    from oms_cli.views import json_object as report
    from oms_cli.views import markdown

    if export is not None or theme is not None or width is not None or shape is not None:
        from oms_cli.views import export as exporting
        from oms_cli.views import render

        look = exporting.checked_look(export, force, theme, width, shape=shape)
        assert export is not None  # noqa: S101  (checked_look refuses the look without --export)
        view, text = render.criteria_view, markdown.criteria_markdown
        exporting.write(export, force, view, text, "oms criteria", look=look)
        return
    output.show(
        output_format,
        report.criteria_dict,
        markdown.criteria_markdown,
        lambda render: render.criteria_view(),
        paged=not no_pager,
    )


@app.command(short_help=opt.INFO_SHORT, epilog=opt.INFO_EPILOG)
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
    """Patient information about OMS in plain words, each fact with its sources.

    Without a topic: a short overview and the list of topics, one line each.
    With a topic: that topic in full. With --all: every topic.
    """
    from oms_cli.views import json_object as report
    from oms_cli.views import markdown

    shown = _topics_shown(topic, show_all)
    if export is None and theme is None and width is None and shape is None:
        output.show(
            output_format,
            lambda: report.info_dict(shown),
            lambda: markdown.info_markdown(shown),
            lambda render: render.info_view(shown),
            paged=not no_pager,
        )
        return
    from oms_cli.views import export as exporting
    from oms_cli.views import render

    look = exporting.checked_look(export, force, theme, width, shape=shape)
    assert export is not None  # noqa: S101  (checked_look refuses --theme and --width without it)

    title = "oms info --all" if show_all else f"oms info {topic or ''}".rstrip()
    view, text = (lambda: render.info_view(shown)), (lambda: markdown.info_markdown(shown))
    exporting.write(export, force, view, text, title, look=look)


def _topics_shown(topic: str | None, show_all: bool) -> "tuple[Topic, ...] | None":
    """The topics `oms info` shows in full (None: the overview); exit 2 for an unknown one."""
    from oms_cli.content import topics

    if topic is not None and show_all:
        usage_error("give a topic or --all, not both")
    if topic is None:
        return topics.TOPICS if show_all else None
    try:
        return (topics.find_topic(topic),)
    except topics.UnknownTopicError:
        from oms_cli.cli.suggest import unknown_name

        usage_error(unknown_name("topic", topic, topics.topic_ids()))


@app.command(short_help=opt.SOURCES_SHORT, epilog=opt.SOURCES_EPILOG)
def sources(
    output_format: opt.FormatOption = Format.TEXT, no_pager: opt.NoPagerOption = False
) -> None:
    """List the sources: the reference page [GARD], then its references [1]-[5].

    Each with its author where given, title, publisher, date, address and the info topics citing it.
    """
    from oms_cli.views import json_object as report
    from oms_cli.views import markdown

    output.show(
        output_format,
        report.sources_dict,
        markdown.sources_markdown,
        lambda render: render.sources_view(),
        paged=not no_pager,
    )


@app.command(short_help=opt.DEMO_SHORT, epilog=opt.DEMO_EPILOG)
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
    """Worked teaching cases: list them, or walk through one step by step.

    Each case shows the story, the findings, each criterion's reasoning, the verdict and a
    teaching point with its sources.
    """
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


@app.command(short_help=opt.QUIZ_SHORT, epilog=opt.QUIZ_EPILOG)
def quiz(
    seed: opt.SeedOption = None,
    count: opt.CountOption = 5,
    criteria: opt.CriteriaOption = False,
    no_input: opt.WorksheetOption = False,
    export: opt.WorksheetExportOption = None,
    force: opt.ForceOption = False,
) -> None:
    """Practise the 3-of-4 rule on fictional cases: demo cases and generated ones.

    Each case is a short story with its findings; answer the verdict (y met, n not met,
    u undetermined) and, with --criteria, each criterion first. Every answer is marked at
    once, with the reasoning and its sources, and the known traps are named. A score ends it.

    Example: oms quiz --seed 7
    """
    from oms_cli.teaching import quiz as core

    chosen = core.prepare(seed, count, criteria, export, force)
    if export is not None or no_input:
        from oms_cli.views import quiz_sheet as studio_view

        studio_view.show_worksheet(chosen, export, force)
    else:
        core.converse(chosen)


@app.command("schema", short_help=opt.SCHEMA_SHORT, epilog=opt.SCHEMA_EPILOG)
def schema_command(name: opt.SchemaArgument = None) -> None:
    """Print the JSON Schema (draft 2020-12) of an output for programs.

    check: the output of 'oms check --format json'. batch-row: one line of 'oms batch' jsonl.
    """
    from oms_cli.interop.schema import SCHEMAS
    from oms_cli.views.json_object import to_json

    if name is None:
        width = max(map(len, SCHEMAS))
        for key, schema in SCHEMAS.items():
            sys.stdout.write(f"{key:<{width}}  {schema['title']}\n")
        return
    sys.stdout.write(to_json(SCHEMAS[name]))


@app.command("questionnaire", short_help=opt.QUESTIONNAIRE_SHORT)
def questionnaire_command(
    output_format: opt.QuestionnaireFormatOption = QuestionnaireFormat.FHIR,
) -> None:
    """Print the questions of 'oms check' as a FHIR R4 Questionnaire.

    Items: age_group (child, adult), then each finding (yes, no, unknown) with help and sources.
    Then a read-only result that an SDC forms tool computes: each criterion, the counts, the
    verdict. Ataxia is asked only while myoclonus is not yes, sleep while behaviour is not yes.

    Fill it in with a FHIR forms tool; 'oms check --from-fhir FILE' evaluates the response.
    """
    from oms_cli.interop.fhir import questionnaire
    from oms_cli.views.json_object import to_json

    if output_format is QuestionnaireFormat.FHIR:
        sys.stdout.write(to_json(questionnaire()))


@app.command(short_help=opt.BATCH_SHORT, epilog=opt.BATCH_EPILOG)
def batch(
    file: opt.BatchFileArgument,
    input_format: opt.InputFormatOption = None,
    output_format: opt.BatchFormatOption = None,
    output: opt.OutputOption = None,
    force: opt.ReplaceOutputOption = False,
    keep_going: opt.KeepGoingOption = False,
) -> None:
    """Evaluate many people at once, one a row, from CSV or JSON Lines.

    Columns (or keys): an optional id, and any of neuroblastoma, opsoclonus, myoclonus, ataxia,
    behavior, sleep; a finding left out is unknown. Values: yes/y/true/1, no/n/false/0 (looked
    for and not found), unknown/u/empty (not looked for, or not known), in any case. Without an
    id the line number is the id.

    Each output row: id, verdict, met_count, unknown_count and the status of each criterion
    (JSON Lines also the findings as read).
    """
    from oms_cli.batch import command

    options = command.BatchOptions(
        file=file,
        input_format=input_format,
        output_format=output_format,
        output=output,
        force=force,
        keep_going=keep_going,
    )
    command.command(options)


@app.command("mcp", short_help=opt.MCP_SHORT, epilog=opt.MCP_EPILOG)
def mcp_command() -> None:
    """Serve oms to AI assistants: a Model Context Protocol server over standard input and output.

    An MCP client (an assistant's app, an editor) starts 'oms mcp' and calls its tools.

    check and what_if take findings, each yes, no or unknown; one left out is unknown, never no.

    criteria, info and sources give what the commands give, with numbered sources.

    Nothing is logged or stored.
    """
    from oms_cli.interop import mcp_server

    mcp_server.command()


def main() -> None:
    """Run the app as the whole process (the ``oms`` script comes here by `oms_cli.__main__`)."""
    run(app)
