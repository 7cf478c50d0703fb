"""Closed sets the command line offers by name, owned here so that offering them costs nothing.

`oms_cli.cli.options` builds every command's options at start-up, and these names are in them (as
choices, or listed in a help text); the modules that use them are not needed to start `oms check`
(benchmarks/README.md, "Start-up"). So each set is defined once here, with the standard library
alone, and its users key their data by its members: the JSON Schemas
(`oms_cli.interop.schema.SCHEMAS`),
the patient-information topics (`oms_cli.content.topics.TOPICS`) and the export palettes
(`oms_cli.views.themes.PALETTES`).
"""

from enum import StrEnum


class SchemaName(StrEnum):
    """The published JSON Schemas, by the name `oms schema NAME` takes."""

    CHECK = "check"
    BATCH_ROW = "batch-row"


class TopicId(StrEnum):
    """The patient-information topics, by the id `oms info TOPIC` takes, in display order."""

    OVERVIEW = "overview"
    SYMPTOMS = "symptoms"
    CAUSES = "causes"
    DIAGNOSIS = "diagnosis"
    TREATMENT = "treatment"
    PROGNOSIS = "prognosis"
    VISIT = "visit"


class ExportTheme(StrEnum):
    """The themes `--theme` offers for exported pictures and pages."""

    LIGHT = "light"
    DARK = "dark"
