"""The reference page (number 0, shown ``[GARD]``) and its five references, numbered as on the page.

Titles and addresses (`sources.json`) are quoted exactly: bibliographic data, not prose. The page
as supplied to this project carries no address, and none is invented.
"""

from typing import NamedTuple

from oms_cli.content import FINDING_TEXT, read
from oms_cli.rules import Finding

GARD = 0  # the reference page's own number, for what it says without a reference


class Source(NamedTuple):  # not a dataclass, for the start-up (see `content.CitedText`)
    """One numbered source: who wrote it, what it is called, where it was published, and when."""

    n: int
    author: str
    title: str
    publisher: str
    date: str
    url: str

    @property
    def label(self) -> str:
        """The citation mark used in text: ``[GARD]`` for the page, ``[n]`` for a reference."""
        return "[GARD]" if self.n == GARD else f"[{self.n}]"


SOURCES: tuple[Source, ...] = tuple(Source(**record) for record in read("sources.json"))
SOURCE_BY_N: dict[int, Source] = {source.n: source for source in SOURCES}


def cite(numbers: tuple[int, ...] | list[int]) -> str:
    """Format source numbers as citation marks, for example ``[2][3]`` or ``[GARD]``."""
    return "".join(SOURCE_BY_N[n].label for n in sorted(numbers))


def explanation(finding: Finding) -> str:
    """What a finding is and how it shows, each statement followed by its sources (if any)."""
    details = FINDING_TEXT[finding].details
    return " ".join(f"{detail.text} {cite(detail.sources)}".rstrip() for detail in details)
