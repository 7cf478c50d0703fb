"""Patient information about opsoclonus-myoclonus syndrome (OMS), as plain data.

Every statement restates, in this project's own words, something the reference page (GARD, NIH)
says, and carries the source numbers the page puts on it: 1-5 for the page's reference list, 0
(shown ``[GARD]``) where the page says it without a reference. The exceptions, notes of this
tool's own (a gloss, a judgement of the page's wording), begin with `TOOL_NOTE` and cite nothing.
Numbers match :mod:`oms_cli.content.sources`. Statement text never contains citation marks;
renderers add them.

The topics are shown by ``oms info [TOPIC]``. Nothing here is code: it is data to render.
"""

from dataclasses import dataclass

from oms_cli.cli.choices import TopicId
from oms_cli.content import FINDING_TEXT, CitedText
from oms_cli.rules import Finding

Statement = CitedText
"""One or two sentences of patient information and the source numbers behind them."""


@dataclass(frozen=True, slots=True)
class Section:
    """A headed group of statements within a topic."""

    heading: str
    statements: tuple[Statement, ...]


@dataclass(frozen=True, slots=True)
class Topic:
    """One patient-information topic: its id for the command line, title, summary and sections."""

    id: TopicId
    title: str
    summary: str
    sections: tuple[Section, ...]

    @property
    def main_sections(self) -> tuple[Section, ...]:
        """The sections a reader reads as the topic: all but the one `ABOUT_THE_PAGE`."""
        return tuple(section for section in self.sections if section.heading != ABOUT_THE_PAGE)

    @property
    def page_notes(self) -> tuple[Statement, ...]:
        """What the topic says about the page itself (`ABOUT_THE_PAGE`), for the provenance line."""
        return tuple(
            statement
            for section in self.sections
            if section.heading == ABOUT_THE_PAGE
            for statement in section.statements
        )


TOOL_NOTE = "A note from this tool, not the page:"
"""How a statement of this tool's own begins (not what the page says); it cites no source."""

CONTENT_DATE = (
    "The reference page was last updated in May 2017 (long-term outlook section: January 2016)"
)
"""When the reference page these topics restate was last updated (the JSON's ``content_date``)."""

ABOUT_THE_PAGE = "About the page"
"""The heading of a topic's last section when it says something about the page itself (another
name the page uses, a sentence of it this tool gives no reading of), not about the syndrome: text
and Markdown show it once, in the provenance line at the end (`Topic.page_notes`), not among the
topic's sections; JSON keeps it as the section it is."""

PROVENANCE = (
    "These facts are this tool's own words for a GARD page last updated in May 2017 (the "
    "outlook part in January 2016). Later research may have changed some of them."
)
"""Where the facts of ``oms info`` come from and when, said once at the end of the output: the
tool's own words about itself, so it cites nothing."""

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

# Plain words for the medical words of the topics: each said once here and used, in brackets,
# where a topic first uses the word. They explain a word and say nothing about OMS, so a statement
# that holds one cites what it would cite without it.
_CHRONIC = "long-lasting"
_NERVOUS_SYSTEM = "the brain and nerves"
_IRRITABILITY = "being easily upset"
_STEROIDS = "steroid medicines"
_ACTH = "a hormone that tells the body to make its own steroids"
_CHEMOTHERAPY = "medicines against cancer"
_RADIATION = "treatment with strong rays"
_LETHARGY = "unusual drowsiness and slowness"
_ENCEPHALOPATHY = "clouded thinking"
_MUSCLE_TONE = "floppy muscles"
_PARANEOPLASTIC = "linked to a tumour"
_VIRUS = "an infection with a virus"
_BACTERIA = "an infection with bacteria"
_ANTIBODIES = "proteins the body makes to fight germs"
_CRITERIA = "the things doctors check for"
_MRI = "a scan using a strong magnet"
_CONTRAST = "a dye that shows more detail"
_CT = "an X-ray scan"
_IVIG = "germ-fighting proteins from donated blood, given into a vein"
_IMMUNOSUPPRESSANTS = "medicines that make the immune system less active"
_RELAPSE = "symptoms coming back"
_ANAESTHESIA = "medicine that blocks pain in an operation"
_IMMUNOTHERAPY = "treatment acting on the immune system"

GLOSSARY: dict[str, str] = {
    "opsoclonus": _DEFINED[_OPSOCLONUS],
    "myoclonus": _DEFINED[_MYOCLONUS],
    "ataxia": _DEFINED[_ATAXIA],
    "neuroblastoma": _DEFINED[_NEUROBLASTOMA],
    "chronic": _CHRONIC,
    "nervous system": _NERVOUS_SYSTEM,
    "irritability": _IRRITABILITY,
    "corticosteroids": _STEROIDS,
    "ACTH": _ACTH,
    "chemotherapy": _CHEMOTHERAPY,
    "radiation": _RADIATION,
    "lethargy": _LETHARGY,
    "encephalopathy": _ENCEPHALOPATHY,
    "muscle tone": _MUSCLE_TONE,
    "paraneoplastic": _PARANEOPLASTIC,
    "influenza": _VIRUS,
    "HIV": _VIRUS,
    "hepatitis C": _VIRUS,
    "Epstein-Barr virus": _VIRUS,
    "Coxsackie B": _VIRUS,
    "streptococcal": _BACTERIA,
    "Lyme disease": _BACTERIA,
    "mycoplasma": _BACTERIA,
    "antibodies": _ANTIBODIES,
    "criteria": _CRITERIA,
    "MRI": _MRI,
    "contrast": _CONTRAST,
    "CT": _CT,
    "IVIG": _IVIG,
    "immunosuppressants": _IMMUNOSUPPRESSANTS,
    "rituximab": _IMMUNOSUPPRESSANTS,
    "mycophenolate mofetil": _IMMUNOSUPPRESSANTS,
    "cyclophosphamide": _IMMUNOSUPPRESSANTS,
    "immuran": _IMMUNOSUPPRESSANTS,
    "relapse": _RELAPSE,
    "anaesthesia": _ANAESTHESIA,
    "immunotherapy": _IMMUNOTHERAPY,
}
"""Each medical word the topics use and the plain words that explain it where a topic first uses it
(in the same statement). A finding's are its one definition (`content.FINDING_TEXT`); the names of
medicines and germs are explained as what they are examples of."""

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
                    f"nervous system ({_NERVOUS_SYSTEM}).",
                    (_NORD,),
                ),
                Statement(
                    "Its symptoms include fast eye movements in many directions (opsoclonus). "
                    "Another is sudden muscle jerks a person cannot control (myoclonus).",
                    (_NORD,),
                ),
                Statement(
                    f"{_DEFINED[_ATAXIA].capitalize()} (ataxia) is one more. So are "
                    f"{_IRRITABILITY} (irritability) and trouble sleeping.",
                    (_NORD,),
                ),
                Statement(
                    "It usually starts suddenly, often with severe symptoms. It may become "
                    f"{_CHRONIC} (chronic).",
                    (_NORD,),
                ),
            ),
        ),
        Section(
            heading="What it is linked to",
            statements=(
                Statement(
                    "OMS is usually linked to one of two things. It comes with a tumour called a "
                    f"neuroblastoma ({_DEFINED[_NEUROBLASTOMA]}), or it follows an infection "
                    "with a virus or bacteria.",
                    (_NINDS, _OMSUSA, _ORPHANET),
                ),
            ),
        ),
        Section(
            heading="Treatment in brief",
            statements=(
                Statement(
                    f"Doctors may treat OMS with corticosteroids ({_STEROIDS}) or with ACTH "
                    f"({_ACTH}).",
                    (_NORD, _NINDS, _OMSUSA),
                ),
                Statement(
                    "If there is a tumour, care may include surgery, chemotherapy "
                    f"({_CHEMOTHERAPY}) or radiation ({_RADIATION}). It may also be a mix of "
                    "these.",
                    (_NORD, _NINDS, _OMSUSA),
                ),
                Statement(
                    "In some people, the symptoms get better once the cause of their OMS is "
                    "treated.",
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
                    "There may be sudden, brief muscle jerks that come like small shocks "
                    "(myoclonus).",
                    (_NINDS, _OMSUSA),
                ),
                Statement(
                    "The jerks happen most when the person tries to move. They get worse when "
                    "the person is upset or stirred up, but they can also happen at rest.",
                    (_NINDS, _OMSUSA),
                ),
                Statement(
                    "The jerks can make someone look nervous or shaky, or make them move in "
                    "jerks. They can affect the face, eyelids, arms and legs, fingers, head and "
                    "trunk (chest, belly and back).",
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
                    "Speaking may be hard or not possible, and eating or sleeping may be hard.",
                    (_NINDS, _OMSUSA),
                ),
                Statement(
                    "Some people drool a lot, lack coordination, have rage attacks or hold "
                    "their head tilted.",
                    (_NINDS, _OMSUSA),
                ),
                Statement(
                    f"There may be {_MUSCLE_TONE} (low muscle tone), and a person may feel "
                    "unwell or uncomfortable.",
                    (_NINDS, _OMSUSA),
                ),
            ),
        ),
        Section(
            heading="Children and adults",
            statements=(
                Statement(
                    "Children may seem nervous, or there may be irritability "
                    f"({_IRRITABILITY}) or lethargy ({_LETHARGY}).",
                    (_OMSUSA,),
                ),
                Statement(
                    f"In adults, there may be {_ENCEPHALOPATHY} (encephalopathy).",
                    (_OMSUSA,),
                ),
            ),
        ),
    ),
)
CAUSES = Topic(
    id=TopicId.CAUSES,
    title="Causes",
    summary="Tumours, infections with viruses or bacteria, or no known cause",
    sections=(
        Section(
            heading="Tumours",
            statements=(
                Statement(
                    "OMS is often linked to a tumour, such as a neuroblastoma "
                    f"({_DEFINED[_NEUROBLASTOMA]}). OMS {_PARANEOPLASTIC} is called a "
                    "paraneoplastic syndrome.",
                    (_NINDS, _OMSUSA),
                ),
            ),
        ),
        Section(
            heading="Infections",
            statements=(
                Statement(
                    f"Other times, OMS is linked to {_VIRUS}. Examples are "
                    "flu (influenza), HIV, hepatitis C, Epstein-Barr virus and Coxsackie B.",
                    (_NINDS, _OMSUSA),
                ),
                Statement(
                    f"It can also be linked to {_BACTERIA}. Examples are strep "
                    "(streptococcal infection), Lyme disease and mycoplasma.",
                    (_NINDS, _OMSUSA),
                ),
            ),
        ),
        Section(
            heading="No known cause",
            statements=(
                Statement(
                    "Sometimes the cause is not known.",
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
                    "Sometimes lab tests are also done. They look for certain antibodies "
                    f"({_ANTIBODIES}), for unusual white blood cells, or for both.",
                    (_OMSUSA,),
                ),
            ),
        ),
        Section(
            heading="Three of four criteria",
            statements=(
                Statement(
                    "The diagnosis rests on finding any three of these four criteria "
                    f"({_CRITERIA}).",
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
                    "A blood test may find anti-Hu antibodies (antibodies aimed at nerve cells) "
                    "in adults with OMS. In children, it does not.",
                    (_ORPHANET,),
                ),
                Statement(
                    "A neuroblastoma is found in many people with OMS.",
                    (_ORPHANET,),
                ),
                Statement(
                    "Two scans are the most efficient ways to look for one. They are MRI "
                    f"({_MRI}) with contrast ({_CONTRAST}), and spiral (helical) CT ({_CT}).",
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
                    "No official guidelines have been set out for treating OMS.",
                    (_GARD,),
                ),
            ),
        ),
        Section(
            heading="When there is a tumour",
            statements=(
                Statement(
                    "If there is a tumour, surgery to remove it may be needed. So may chemotherapy "
                    f"({_CHEMOTHERAPY}) or radiation ({_RADIATION}).",
                    (_NINDS,),
                ),
                Statement(
                    "In children, removing the neuroblastoma "
                    f"({_DEFINED[_NEUROBLASTOMA]}) does not always make the symptoms of OMS "
                    "better.",
                    (_GARD,),
                ),
            ),
        ),
        Section(
            heading="Medicines acting on the immune system",
            statements=(
                Statement(
                    f"Medicines that may be used include corticosteroids ({_STEROIDS}) or ACTH "
                    f"({_ACTH}). IVIG ({_IVIG}) may be used too.",
                    (_NINDS, _OMSUSA, _UPTODATE),
                ),
                Statement(
                    f"{_IMMUNOSUPPRESSANTS.capitalize()} (immunosuppressants) may also be used. "
                    "Examples are rituximab, mycophenolate mofetil, cyclophosphamide and immuran.",
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
        Section(
            heading=ABOUT_THE_PAGE,
            statements=(
                Statement(
                    "The page also uses another name for OMS: OMA. It does so in a sentence about "
                    "some adults with OMA and a tumour, and about removing or treating the tumour.",
                    (_GARD,),
                ),
                Statement(
                    f"{TOOL_NOTE} that sentence is unclear, so this tool gives no reading of it.",
                    (),  # the tool's own judgement of the page, not the page's: no source
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
                    "Many people keep some lasting problems with how the brain and nerves work. "
                    "This can be so even when they have recovered fully from whatever caused "
                    "their OMS.",
                    (_OMSUSA,),
                ),
                Statement(
                    "People recover fully more often when OMS followed an infection than when a "
                    f"neuroblastoma ({_DEFINED[_NEUROBLASTOMA]}) caused it.",
                    (_OMSUSA,),
                ),
            ),
        ),
        Section(
            heading="Outlook by severity",
            statements=(
                Statement(
                    "A return to normal after treatment is most likely for the children whose "
                    "symptoms are the mildest.",
                    (_OMSUSA,),
                ),
                Statement(
                    "When symptoms are moderate, the muscle jerks (myoclonus) usually grow "
                    "weaker with time. But some clumsiness may stay, and so may some problems "
                    "with learning and behaviour.",
                    (_OMSUSA,),
                ),
                Statement(
                    "The risk that problems of the brain and nerves become permanent is highest "
                    "when the symptoms are severe.",
                    (_OMSUSA,),
                ),
            ),
        ),
        Section(
            heading="Relapses",
            statements=(
                Statement(
                    f"A relapse ({_RELAPSE}) may come with a later illness, a fever, stress or a "
                    "medicine.",
                    (_OMSUSA,),
                ),
                Statement(
                    f"It may also come with anaesthesia ({_ANAESTHESIA}) or after vaccinations. "
                    f"It may come with stopping immunotherapy ({_IMMUNOTHERAPY}) too.",
                    (_OMSUSA,),
                ),
                Statement(
                    "Such relapses happen often, and one person may have several of them. "
                    "Sometimes many years may pass between one relapse and the next.",
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

VISIT = Topic(
    id=TopicId.VISIT,
    title="Questions for the doctor",
    summary="Questions a family may want to ask the doctor at a visit",
    sections=(
        Section(
            heading="About these questions",
            statements=(
                Statement(
                    f"{TOOL_NOTE} these questions are its own ideas, drawn from the other topics, "
                    "so they cite no source. Ask the ones that matter to you.",
                    (),  # the tool's own words: this topic says so once, here
                ),
            ),
        ),
        Section(
            heading="The diagnosis",
            statements=(
                Statement("Which signs did you find, and how did they lead to this diagnosis?", ()),
                Statement("Is there anything else that could explain these signs?", ()),
            ),
        ),
        Section(
            heading="Tests",
            statements=(
                Statement("Which tests or scans do you plan, and what will each one look for?", ()),
                Statement("Will a scan look for a tumour, and when will we hear the result?", ()),
            ),
        ),
        Section(
            heading="Treatment",
            statements=(
                Statement("Which treatment do you suggest, and why this one?", ()),
                Statement("How will we know if the treatment is working?", ()),
                Statement("What side effects should we watch for, and whom should we call?", ()),
                Statement("How long may the treatment last?", ()),
            ),
        ),
        Section(
            heading="If symptoms come back",
            statements=(
                Statement("What signs would tell us that symptoms are coming back?", ()),
                Statement("What should we do then, and whom should we call?", ()),
                Statement(
                    "Is there anything to keep in mind about fevers, other illnesses or "
                    "vaccinations?",
                    (),
                ),
            ),
        ),
        Section(
            heading="The months ahead",
            statements=(
                Statement("What changes may we see in the coming months?", ()),
                Statement("How often will we see you, and who else will we see?", ()),
                Statement("Is there help with learning or behaviour, for example at school?", ()),
            ),
        ),
        Section(
            heading="Support",
            statements=(
                Statement("Is there a group for families that you would suggest?", ()),
                Statement("Where can we read more about OMS that you trust?", ()),
                Statement("Whom can we ask when a question comes up between visits?", ()),
            ),
        ),
    ),
)


TOPICS: tuple[Topic, ...] = (
    OVERVIEW,
    SYMPTOMS,
    CAUSES,
    DIAGNOSIS,
    TREATMENT,
    PROGNOSIS,
    VISIT,
)
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
