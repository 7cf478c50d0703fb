"""The ids `oms info TOPIC` takes, apart from the topics' texts.

`oms_cli.content.topics` keys its topics by them, and `oms_cli.cli.options` lists them in the
help without loading the topics (``oms check`` never needs them); in `options`, the topics
would import the CLI's options, and `options` the topics (completing a case): a cycle.
"""

from enum import StrEnum


class TopicId(StrEnum):
    """The patient-information topics, by the id `oms info TOPIC` takes, in display order."""

    OVERVIEW = "overview"
    SYMPTOMS = "symptoms"
    CAUSES = "causes"
    DIAGNOSIS = "diagnosis"
    TREATMENT = "treatment"
    PROGNOSIS = "prognosis"
    VISIT = "visit"
