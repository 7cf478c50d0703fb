"""The reference page and its five references, numbered exactly as on the page.

Number 0 is the page itself (shown as ``[GARD]``); 1-5 are the page's own reference list, quoted
exactly (titles and addresses are bibliographic data, not prose). Everything the tool says about
the syndrome cites these numbers.
"""

from typing import NamedTuple

GARD = 0
"""Source number of the reference page itself, for statements it makes without a reference."""


# A NamedTuple, not a dataclass, for the start-up of `oms check --format json` (see `CitedText`).
class Source(NamedTuple):
    """One numbered source: who wrote it, what it is called, where it was published, and when."""

    n: int
    title: str
    publisher: str
    url: str
    author: str = ""
    date: str = ""

    @property
    def label(self) -> str:
        """The citation mark used in text: ``[GARD]`` for the page, ``[n]`` for a reference."""
        return "[GARD]" if self.n == GARD else f"[{self.n}]"


SOURCES: tuple[Source, ...] = (
    Source(
        n=GARD,
        title="Opsoclonus-myoclonus syndrome",
        publisher=(
            "Genetic and Rare Diseases Information Center (GARD), National Center for "
            "Advancing Translational Sciences, NIH"
        ),
        url="",  # the page as supplied to this project carries no address; none is invented
        date="Last updated 5/11/2017 (long-term outlook section: 1/27/2016)",
    ),
    Source(
        n=1,
        author="Pranzatelli MR",
        title="Opsoclonus-Myoclonus Syndrome",
        publisher="National Organization for Rare Disorders (NORD)",
        date="2009",
        url="https://rarediseases.org/rare-diseases/opsoclonus-myoclonus-syndrome/",
    ),
    Source(
        n=2,
        title="NINDS Opsoclonus Myoclonus Information Page",
        publisher="National Institute of Neurological Disorders and Stroke (NINDS)",
        url="https://www.ninds.nih.gov/Disorders/All-Disorders/Opsoclonus-Myoclonus-Information-Page",
    ),
    Source(
        n=3,
        author="Pranzatelli MR",
        title="What is the Opsoclonus-Myoclonus Syndrome?",
        publisher="Opsoclonus-Myoclonus U.S.A. And International web site",
        url="http://www.omsusa.org/pranzatelli-Brochure1.htm",
    ),
    Source(
        n=4,
        title="Opsoclonus-myoclonus syndrome",
        publisher="Orphanet",
        date="November, 2014",
        url="http://www.orpha.net/consor/cgi-bin/OC_Exp.php?Lng=EN&Expert=1183",
    ),
    Source(
        n=5,
        author="Dalmau J and Rosenfeld MR",
        title="Opsoclonus myoclonus ataxia",
        publisher="UpToDate",
        date="May 3 2016",
        url="http://www.uptodate.com/contents/opsoclonus-myoclonus-ataxia",
    ),
)

SOURCE_BY_N: dict[int, Source] = {source.n: source for source in SOURCES}


def cite(numbers: tuple[int, ...] | list[int]) -> str:
    """Format source numbers as citation marks, for example ``[2][3]`` or ``[GARD]``."""
    return "".join(SOURCE_BY_N[n].label for n in sorted(numbers))
