"""The patient-information topics' ids, which `oms info TOPIC` takes.

Kept apart from `oms_cli.content.topics` (which keys its topics by them) only until that module
can hold them: the content package is edited elsewhere at present.
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
