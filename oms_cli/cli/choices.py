"""The ids `oms info TOPIC` takes: the help lists them without loading the topics' texts.

`oms_cli.content.topics` keys its topics by them (here, not in `options`: that would be a cycle).
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
