"""The ``oms`` command: parse, call the core, render, exit. No logic of its own lives here.

Each option, and each command's help (its paragraphs: `oms_cli.cli.options.paragraphs`), is
defined once in `oms_cli.cli.options`; what a command does lives in the module of its
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
from oms_cli.interop import schema
from oms_cli.interop.schema import SchemaName
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


@app.command(
    cls=intake.CheckCommand,
    help=opt.CHECK_HELP,
    short_help=opt.CHECK_SHORT,
    epilog=opt.CHECK_EPILOG,
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
    """`oms check` (its help: `opt.CHECK_HELP`): one person's findings, evaluated and shown."""
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
        Finding.BEHAVIOR: behavior if behavior is not None else behaviour,
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


@app.command(help=opt.CRITERIA_HELP, short_help=opt.CRITERIA_SHORT, epilog=opt.CRITERIA_EPILOG)
def criteria(
    output_format: opt.FormatOption = Format.TEXT,
    no_pager: opt.NoPagerOption = False,
    export: opt.ExportOption = None,
    force: opt.ForceOption = False,
    theme: opt.ThemeOption = None,
    width: opt.WidthOption = None,
    shape: opt.ShapeOption = None,
) -> None:
    """`oms criteria` (its help: `opt.CRITERIA_HELP`): the rule, shown or exported."""
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


@app.command(help=opt.INFO_HELP, short_help=opt.INFO_SHORT, epilog=opt.INFO_EPILOG)
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
    """`oms info` (its help: `opt.INFO_HELP`): the overview, a topic or all, shown or exported."""
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


@app.command(help=opt.SOURCES_HELP, short_help=opt.SOURCES_SHORT, epilog=opt.SOURCES_EPILOG)
def sources(
    output_format: opt.FormatOption = Format.TEXT, no_pager: opt.NoPagerOption = False
) -> None:
    """`oms sources` (its help: `opt.SOURCES_HELP`): the sources, shown."""
    from oms_cli.views import json_object as report
    from oms_cli.views import markdown

    output.show(
        output_format,
        report.sources_dict,
        markdown.sources_markdown,
        lambda render: render.sources_view(),
        paged=not no_pager,
    )


@app.command(help=opt.DEMO_HELP, short_help=opt.DEMO_SHORT, epilog=opt.DEMO_EPILOG)
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
    """`oms demo` (its help: `opt.DEMO_HELP`): the cases listed, walked through or exported."""
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


@app.command(help=opt.QUIZ_HELP, short_help=opt.QUIZ_SHORT, epilog=opt.QUIZ_EPILOG)
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
    no_pager: opt.NeverPagedOption = False,
) -> None:
    """`oms quiz` (its help: `opt.QUIZ_HELP`): the quiz asked, or its worksheet shown/exported."""
    from oms_cli.teaching import quiz as core

    look = None
    if theme is not None or width is not None or shape is not None:
        from oms_cli.views.export import look_of

        look = look_of(export, theme, width, shape)  # exit 2 without --export, or where unfit
    chosen = core.prepare(seed, count, criteria, export, force)
    if export is not None or no_input:
        from oms_cli.views import quiz_sheet as studio_view

        studio_view.show_worksheet(chosen, export, force, look=look)
    else:
        core.converse(chosen)


@app.command("schema", help=opt.SCHEMA_HELP, short_help=opt.SCHEMA_SHORT, epilog=opt.SCHEMA_EPILOG)
def schema_command(name: opt.SchemaArgument = None, no_pager: opt.NeverPagedOption = False) -> None:
    """`oms schema` (its help: `opt.SCHEMA_HELP`): the list of schemas, or one of them."""
    if name is None:
        width = max(map(len, SchemaName))
        for key in SchemaName:
            sys.stdout.write(f"{key:<{width}}  {schema.load(key)['title']}\n")
        return
    sys.stdout.write(schema.schema_text(name))


@app.command("questionnaire", help=opt.QUESTIONNAIRE_HELP, short_help=opt.QUESTIONNAIRE_SHORT)
def questionnaire_command(
    output_format: opt.QuestionnaireFormatOption = QuestionnaireFormat.FHIR,
    no_pager: opt.NeverPagedOption = False,
) -> None:
    """`oms questionnaire` (its help: `opt.QUESTIONNAIRE_HELP`): the FHIR Questionnaire."""
    from oms_cli.interop.fhir import questionnaire
    from oms_cli.views.json_object import to_json

    if output_format is QuestionnaireFormat.FHIR:
        sys.stdout.write(to_json(questionnaire()))


@app.command(help=opt.BATCH_HELP, short_help=opt.BATCH_SHORT, epilog=opt.BATCH_EPILOG)
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
    """`oms batch` (its help: `opt.BATCH_HELP`): many people evaluated, as a table or data."""
    if export is not None:
        usage_error(opt.BATCH_EXPORT_REFUSED)
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


@app.command("mcp", help=opt.MCP_HELP, short_help=opt.MCP_SHORT, epilog=opt.MCP_EPILOG)
def mcp_command(no_pager: opt.NeverPagedOption = False) -> None:
    """`oms mcp` (its help: `opt.MCP_HELP`): the Model Context Protocol server over stdio."""
    from oms_cli.interop import mcp_server

    mcp_server.command()


def main() -> None:
    """Run the app as the whole process (the ``oms`` script comes here by `oms_cli.__main__`)."""
    run(app)
