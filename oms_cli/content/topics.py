"""Patient information about opsoclonus-myoclonus syndrome (OMS), as plain data.

Every statement restates, in this project's own words, something the reference page (GARD, NIH)
says, and carries the source numbers the page puts on it: 1-5 for the page's reference list, 0
(shown ``[GARD]``) where the page says it without a reference. The exceptions, notes of this
tool's own (a gloss, a judgement of the page's wording), begin with `TOOL_NOTE` and cite nothing.
Numbers match :mod:`oms_cli.content.sources`. Statement text never contains citation marks;
renderers add them.

The topics are shown by ``oms info [TOPIC]``. Nothing here is code: it is data to render.
"""

from typing import NamedTuple

from oms_cli.cli.choices import TopicId
from oms_cli.content import FINDING_TEXT
from oms_cli.rules import Finding

# NamedTuples, not frozen dataclasses, for the start-up of `oms info` (see `rules.Criterion`).


class Statement(NamedTuple):
    """One or two sentences of patient information and the source numbers behind them."""

    text: str
    sources: tuple[int, ...]


class Section(NamedTuple):
    """A headed group of statements within a topic."""

    heading: str
    statements: tuple[Statement, ...]


class Topic(NamedTuple):
    """One patient-information topic: its id for the command line, title, summary and sections."""

    id: TopicId
    title: str
    summary: str
    sections: tuple[Section, ...]


TOOL_NOTE = "A note from this tool, not the page:"
"""How a statement of this tool's own begins (not what the page says); it cites no source."""

CONTENT_DATE = (
    "The reference page was last updated in May 2017 (long-term outlook section: January 2016)"
)
"""When the reference page these topics restate was last updated."""

# Source numbers, named for readability: the page itself and its reference list.
_GARD = 0
_NORD = 1
_NINDS = 2
_OMSUSA = 3
_ORPHANET = 4
_UPTODATE = 5

_NEUROBLASTOMA = Finding.NEUROBLASTOMA
_OPSOCLONUS = Finding.OPSOCLONUS
_MYOCLONUS = Finding.MYOCLONUS
_ATAXIA = Finding.ATAXIA
_BEHAVIOR = Finding.BEHAVIOR
_SLEEP = Finding.SLEEP
_DEFINED = {finding: text.definition for finding, text in FINDING_TEXT.items()}
"""Each finding's one definition, as every command gives it."""

OVERVIEW = Topic(
    id=TopicId.OVERVIEW,
    title="What is opsoclonus-myoclonus syndrome?",
    summary="What OMS is, how it usually starts, what it is linked to, and how it is treated",
    sections=(
        Section(
            heading="The condition",
            statements=(
                Statement(
                    "Opsoclonus-myoclonus syndrome (OMS) is rare. It is a condition of the "
                    "nervous system.",
                    (_NORD,),
                ),
                Statement(
                    "Its symptoms include fast eye movements in many directions (opsoclonus), "
                    "sudden muscle jerks a person cannot control (myoclonus), a lack of "
                    "coordination in movement (ataxia), irritability and disturbed sleep.",
                    (_NORD,),
                ),
                Statement(
                    "It usually starts suddenly, often with severe symptoms, and it can become "
                    "long-lasting (chronic).",
                    (_NORD,),
                ),
            ),
        ),
        Section(
            heading="What it is linked to",
            statements=(
                Statement(
                    "OMS usually appears together with a tumour called a neuroblastoma, or after "
                    "an infection caused by a virus or by bacteria.",
                    (_NINDS, _OMSUSA, _ORPHANET),
                ),
            ),
        ),
        Section(
            heading="Treatment in brief",
            statements=(
                Statement(
                    "Corticosteroids or ACTH (adrenocorticotropic hormone) may be used to treat "
                    "OMS.",
                    (_NORD, _NINDS, _OMSUSA),
                ),
                Statement(
                    "If a tumour is found, surgery, chemotherapy and/or radiation may be part of "
                    "the care.",
                    (_NORD, _NINDS, _OMSUSA),
                ),
                Statement(
                    "In some people, symptoms get better once the underlying cause is treated.",
                    (_NORD, _NINDS, _OMSUSA),
                ),
            ),
        ),
    ),
)

SYMPTOMS = Topic(
    id=TopicId.SYMPTOMS,
    title="Signs and symptoms",
    summary="Eye movements, muscle jerks, walking and other symptoms, in children and adults",
    sections=(
        Section(
            heading="Main signs",
            statements=(
                Statement(
                    "A person may walk in an unsteady, trembling way.",
                    (_NINDS, _OMSUSA),
                ),
                Statement(
                    "Sudden, brief muscle jerks that come like small shocks (myoclonus) can occur.",
                    (_NINDS, _OMSUSA),
                ),
                Statement(
                    "The jerks happen most when the person tries to move and get worse when "
                    "they are agitated or stimulated, but they can also happen at rest.",
                    (_NINDS, _OMSUSA),
                ),
                Statement(
                    "The jerks can make someone look nervous or shaky, or cause jerking "
                    "movements. They can affect the face and eyelids, the arms and legs (limbs), "
                    "the fingers, the head and the trunk.",
                    (_NINDS, _OMSUSA),
                ),
                Statement(
                    "At the height of the illness, a person finds it hard or impossible to sit or "
                    "stand.",
                    (_NINDS, _OMSUSA),
                ),
                Statement(
                    "The eyes can make irregular, fast movements (opsoclonus).",
                    (_NINDS, _OMSUSA),
                ),
            ),
        ),
        Section(
            heading="Other possible symptoms",
            statements=(
                Statement(
                    "Speaking may be difficult or not possible, and eating and sleeping can be "
                    "hard.",
                    (_NINDS, _OMSUSA),
                ),
                Statement(
                    "Some people drool a lot, lack coordination, have rage attacks or hold "
                    "their head tilted.",
                    (_NINDS, _OMSUSA),
                ),
                Statement(
                    "Muscle tone may be reduced, and a person may feel generally unwell or "
                    "uncomfortable.",
                    (_NINDS, _OMSUSA),
                ),
            ),
        ),
        Section(
            heading="Children and adults",
            statements=(
                Statement(
                    "In children, nervousness, irritability or lethargy (unusual drowsiness and "
                    "slowness) can be seen.",
                    (_OMSUSA,),
                ),
                Statement(
                    "In adults, thinking can become clouded (encephalopathy).",
                    (_OMSUSA,),
                ),
            ),
        ),
    ),
)

CAUSES = Topic(
    id=TopicId.CAUSES,
    title="Causes",
    summary="Tumours such as neuroblastoma, viral and bacterial infections, or no known cause",
    sections=(
        Section(
            heading="Tumours",
            statements=(
                Statement(
                    "OMS is often linked to a tumour, such as a neuroblastoma. When it comes with "
                    "a tumour, OMS is called a paraneoplastic syndrome.",
                    (_NINDS, _OMSUSA),
                ),
            ),
        ),
        Section(
            heading="Infections",
            statements=(
                Statement(
                    "In other people it is linked to a viral infection, for example influenza "
                    "(flu), Epstein-Barr virus, hepatitis C, HIV or Coxsackie B.",
                    (_NINDS, _OMSUSA),
                ),
                Statement(
                    "It can also be linked to a bacterial infection, for example a streptococcal "
                    "infection, Lyme disease or mycoplasma.",
                    (_NINDS, _OMSUSA),
                ),
            ),
        ),
        Section(
            heading="No known cause",
            statements=(
                Statement(
                    "Sometimes the cause remains unknown.",
                    (_NINDS, _OMSUSA),
                ),
            ),
        ),
    ),
)

DIAGNOSIS = Topic(
    id=TopicId.DIAGNOSIS,
    title="Diagnosis",
    summary="Typical signs and symptoms, the 3-of-4 criteria rule, blood tests and scans",
    sections=(
        Section(
            heading="How the diagnosis is made",
            statements=(
                Statement(
                    "Doctors mainly diagnose OMS from its typical signs and symptoms.",
                    (_OMSUSA,),
                ),
                Statement(
                    "Sometimes laboratory tests are also done, to look for particular antibodies, "
                    "abnormal white blood cells, or both.",
                    (_OMSUSA,),
                ),
            ),
        ),
        Section(
            heading="Three of four criteria",
            statements=(
                Statement(
                    "The diagnosis rests on finding any three of the following four criteria.",
                    (_ORPHANET,),
                ),
                # Each criterion in the findings' one definitions (`content.FINDING_TEXT`).
                Statement(
                    f"First criterion: a neuroblastoma, which is {_DEFINED[_NEUROBLASTOMA]}.",
                    (_ORPHANET,),
                ),
                Statement(
                    f"Second criterion: opsoclonus, meaning {_DEFINED[_OPSOCLONUS]}.",
                    (_ORPHANET,),
                ),
                Statement(
                    f"Third criterion: myoclonus ({_DEFINED[_MYOCLONUS]}) and/or ataxia "
                    f"({_DEFINED[_ATAXIA]}).",
                    (_ORPHANET,),
                ),
                Statement(
                    f"Fourth criterion: {_DEFINED[_BEHAVIOR]} and/or {_DEFINED[_SLEEP]}.",
                    (_ORPHANET,),
                ),
            ),
        ),
        Section(
            heading="Tests that can help",
            statements=(
                Statement(
                    "Anti-Hu antibodies (Hu anti-neuronal nuclear antibodies) can turn up in the "
                    "blood of adults with OMS; in children they do not.",
                    (_ORPHANET,),
                ),
                Statement(
                    "Many people with OMS have a neuroblastoma. An MRI scan with contrast and a "
                    "helical (spiral) CT scan are the most efficient ways to look for one.",
                    (_ORPHANET,),
                ),
            ),
        ),
    ),
)

TREATMENT = Topic(
    id=TopicId.TREATMENT,
    title="Treatment",
    summary="Tumour treatment, medicines acting on the immune system, and help with sleep",
    sections=(
        Section(
            heading="No official guidelines",
            statements=(
                Statement(
                    "No official recommendations have been set out for treating OMS.",
                    (_GARD,),
                ),
            ),
        ),
        Section(
            heading="When a tumour is present",
            statements=(
                Statement(
                    "If a tumour is present, it may need surgery to remove it, chemotherapy or "
                    "radiation.",
                    (_NINDS,),
                ),
                Statement(
                    "Removing the neuroblastoma does not guarantee that a child's neurological "
                    "symptoms improve.",
                    (_GARD,),
                ),
                Statement(
                    "OMS that comes with a tumour is called paraneoplastic.",
                    (_NINDS, _OMSUSA),
                ),
                Statement(
                    "The page also uses the name OMA (opsoclonus-myoclonus-ataxia) for this same "
                    "syndrome.",
                    (_GARD,),
                ),
                Statement(
                    "It adds a sentence about some adults with paraneoplastic OMA and the removal "
                    "or treatment of the neuroblastoma.",
                    (_GARD,),
                ),
                Statement(
                    f"{TOOL_NOTE} that sentence's wording is unclear, so this tool gives no "
                    "reading of it.",
                    (),  # the tool's own judgement of the page, not the page's: no source
                ),
            ),
        ),
        Section(
            heading="Medicines acting on the immune system",
            statements=(
                Statement(
                    "Among the medicines that may be used are corticosteroids or the hormone ACTH "
                    "(adrenocorticotropic hormone), and human intravenous immunoglobulin (IVIG).",
                    (_NINDS, _OMSUSA, _UPTODATE),
                ),
                Statement(
                    "Medicines that suppress the immune system (immunosuppressants) may also be "
                    "used, such as rituximab, mycophenolate mofetil, cyclophosphamide or "
                    "immuran.",
                    (_NINDS, _OMSUSA, _UPTODATE),
                ),
                Statement(
                    f"{TOOL_NOTE} Imuran is a brand name of azathioprine.",
                    (),  # the tool's own gloss, not the page's: no source
                ),
                Statement(
                    "Often a combination of these medicines works best.",
                    (_NINDS, _OMSUSA, _UPTODATE),
                ),
                Statement(
                    "A response to treatment aimed at the immune system may be less likely in "
                    "adults than in children.",
                    (_UPTODATE,),
                ),
            ),
        ),
        Section(
            heading="Sleep and rage attacks",
            statements=(
                Statement(
                    "The medicine trazodone may be used for sleep problems and for the rage "
                    "attacks that come with them.",
                    (_GARD,),
                ),
            ),
        ),
    ),
)

PROGNOSIS = Topic(
    id=TopicId.PROGNOSIS,
    title="Long-term outlook",
    summary="Recovery by severity and by cause, and what can bring symptoms back",
    sections=(
        Section(
            heading="Recovery",
            statements=(
                Statement(
                    "Many people keep some neurological impairment (lasting problems with how "
                    "the brain and nerves work), even when they have recovered fully from "
                    "whatever caused their OMS.",
                    (_OMSUSA,),
                ),
                Statement(
                    "Full recovery happens more often when OMS followed an infection than when "
                    "it was caused by a neuroblastoma.",
                    (_OMSUSA,),
                ),
            ),
        ),
        Section(
            heading="Outlook by severity",
            statements=(
                Statement(
                    "A return to normal after treatment is likeliest for the children whose "
                    "symptoms are the least severe.",
                    (_OMSUSA,),
                ),
                Statement(
                    "When symptoms are moderate, the muscle jerks (myoclonus) usually grow "
                    "weaker with time, while coordination may stay less than complete. Some "
                    "difficulties with learning and behaviour can also last.",
                    (_OMSUSA,),
                ),
                Statement(
                    "The risk that neurological problems become permanent is highest when the "
                    "symptoms are severe.",
                    (_OMSUSA,),
                ),
            ),
        ),
        Section(
            heading="Relapses",
            statements=(
                Statement(
                    "Neurological symptoms can come back (relapse) with a later illness, fever, "
                    "stress, a medicine, anaesthesia, stopping immunotherapy (treatment acting "
                    "on the immune system), or after immunizations (vaccinations).",
                    (_OMSUSA,),
                ),
                Statement(
                    "Such relapses happen often, and one person can have several of them. "
                    "Sometimes many years separate one episode from the next.",
                    (_OMSUSA,),
                ),
                Statement(
                    "Treatment is advised for a relapse, ideally of the same type as the first "
                    "treatment.",
                    (_OMSUSA,),
                ),
            ),
        ),
    ),
)

TOPICS: tuple[Topic, ...] = (OVERVIEW, SYMPTOMS, CAUSES, DIAGNOSIS, TREATMENT, PROGNOSIS)
"""All topics, in the order ``oms info`` lists them."""

TOPIC_BY_ID: dict[TopicId, Topic] = {topic.id: topic for topic in TOPICS}
"""Each topic by its id, for ``oms info TOPIC``."""


INTRO: tuple[Statement, ...] = OVERVIEW.sections[0].statements
"""The short overview that ``oms info`` without a topic shows above the list of topics."""


class UnknownTopicError(ValueError):
    """A name that is not the id of any topic."""


def topic_ids() -> tuple[TopicId, ...]:
    """Return the topic ids in display order."""
    return tuple(topic.id for topic in TOPICS)


TOPIC_ALIASES: dict[str, TopicId] = {"outlook": TopicId.PROGNOSIS}
"""Words a reader would type for a topic (the page heads its prognosis section "outlook")."""


def find_topic(name: str) -> Topic:
    """Return the topic whose id (or alias) is ``name``, ignoring case and surrounding spaces.

    Raises:
        UnknownTopicError: no topic has that id.
    """
    folded = name.strip().lower()
    try:
        topic_id = TOPIC_ALIASES.get(folded) or TopicId(folded)
    except ValueError:
        raise UnknownTopicError(name) from None
    return TOPIC_BY_ID[topic_id]


def sources_cited_by_topic() -> dict[int, tuple[str, ...]]:
    """Map each cited source number, in ascending order, to the ids of the topics citing it.

    Topic ids appear in display order, each at most once.
    """
    cited: dict[int, list[str]] = {}
    for topic in TOPICS:
        numbers = {
            n
            for section in topic.sections
            for statement in section.statements
            for n in statement.sources
        }
        for n in numbers:
            cited.setdefault(n, []).append(topic.id)
    return {n: tuple(cited[n]) for n in sorted(cited)}
