"""Clinical faithfulness: every printed statement holds to the reference page (issue 15).

Four things are checked over every text the tool prints (gathered by `tests.printed`):

- citation integrity: each cited statement is linked here to the page passage(s) it restates, and
  must carry exactly the reference numbers the page gives those passages, read from the page
  itself (`tests.page.numbers_of`), not from a list kept by hand;
- own words: no text keeps the page's wording with a word or two swapped (`tests.page.near_copies`),
  and the shared copy checker finds no 8-word run anywhere in the worktree;
- "no" means looked for and not found wherever a finding is asked for or documented;
- calm, consistent words: one definition of each finding, "behaviour" in prose, none of the
  phrases the issue removed.
"""

from __future__ import annotations

import re
import subprocess
import sys
from functools import cache

import pytest
from typer.testing import CliRunner

from oms_cli import content
from oms_cli.cli.app import app
from oms_cli.content.topics import TOPICS
from oms_cli.interop import fhir
from oms_cli.rules import CRITERIA, FINDINGS, Finding, all_combinations, evaluate_answers
from oms_cli.teaching import questionnaire
from oms_cli.views.json_object import info_statements
from oms_cli.views.wording import criterion_reasoning
from tests import page, printed
from tests.printed import REPO_ROOT

CRITERION_REASONING = "(a criterion's reasoning, from wording.criterion_reasoning)"
RULE = ("any 3 out of the 4",)
"""The page's rule, for the tool's statements that apply it (reasons, cases, the rule itself)."""
ANTI_HU = ("but not in children",)
TUMOUR_SEARCH = ("most efficient methods",)
CHILD_ADULT_SIGNS = ("Children may appear to be",)
PARANEOPLASTIC = ("referred to as a paraneoplastic",)
DISCUSS = ("strongly recommend",)
CRITERION_1 = ("Rare type of cancer",)
CRITERION_2 = ("Uncontrolled eye movement",)
CRITERION_3 = ("(myoclonus) and/or lack",)
CRITERION_4 = ("Behavioral and/or sleep",)

LINKS: dict[str, tuple[str, ...]] = {
    # overview [1], [2][3][4], [1][2][3]
    "is rare. it is a condition of the nervous system": ("rare disorder that affects",),
    "its symptoms include fast eye movements": ("Symptoms include rapid",),
    "(ataxia) is one more": ("Symptoms include rapid",),
    "it usually starts suddenly": ("onset of OMS is usually", "may become chronic"),
    "is usually linked to one of two things": ("typically occurs in association",),
    "doctors may treat oms with": ("Treatment may include corticosteroids",),
    "care may include surgery": ("treatment may include chemotherapy",),
    "symptoms get better once the cause": ("symptoms improve",),
    # signs and symptoms [2][3], children and adults [3]
    "walk in an unsteady, trembling way": ("Unsteady, trembling gait",),
    "muscle jerks that come like small shocks": ("shock-like muscle spasms",),
    "the jerks happen most when": ("occurs most when trying",),
    "the jerks can make someone look nervous": ("appear nervous or shaky", "may be involved"),
    "at the height of the illness": ("at its worst",),
    "the eyes can make irregular, fast movements": ("Irregular, rapid eye movements",),
    "speaking may be hard": ("difficulty speaking",),
    "some people drool": ("excessive drooling",),
    "(low muscle tone)": ("decrease in muscle tone",),
    "nervousness, irritability or lethargy": CHILD_ADULT_SIGNS,
    "children may seem nervous": CHILD_ADULT_SIGNS,
    "thinking can become clouded (encephalopathy).": CHILD_ADULT_SIGNS,
    "there may be clouded thinking": CHILD_ADULT_SIGNS,
    # causes [2][3]
    "is called a paraneoplastic syndrome": PARANEOPLASTIC,
    "is then called a paraneoplastic": PARANEOPLASTIC,
    "linked to an infection with a virus": ("associated with a viral infection",),
    "linked to an infection with bacteria": ("bacterial infection (such as",),
    "sometimes the cause is not known": ("the cause is unknown",),
    "besides tumours, oms can follow an infection": (
        "associated with a viral infection",
        "bacterial infection (such as",
        "the cause is unknown",
    ),
    # diagnosis [3], the criteria [4]
    "mainly diagnose oms": ("mostly based on the presence",),
    "lab tests are also done": ("laboratory tests for certain",),
    "any three of these four": RULE,
    "first criterion:": CRITERION_1,
    "second criterion:": CRITERION_2,
    "third criterion:": CRITERION_3,
    "fourth criterion:": CRITERION_4,
    "anti-hu": ANTI_HU,
    "mri with contrast": TUMOUR_SEARCH,
    "is found in many people with oms": ("which is present in many",),
    "two scans are the most efficient ways": TUMOUR_SEARCH,
    # treatment [GARD], [2], [2][3][5], [5]
    "no official guidelines": ("no official treatment",),
    "surgery to remove it": ("may be required",),
    "removing the neuroblastoma": ("does not always improve",),
    "uses another name for oms": ("paraneoplastic OMA",),
    "medicines that may be used include": ("human intravenous immunoglobulins",),
    "immunosuppressants": ("immuran",),
    "a combination of these medicines": ("combination of medications",),
    "may be less likely in adults": ("Adults may be less likely",),
    "trazodone": ("Trazodone",),
    # outlook [3]
    "many people keep some lasting problems": ("fully recover",),
    "recover fully more often": ("Full recovery is more common",),
    "a return to normal after treatment": ("mildest",),
    "when symptoms are moderate": ("moderate severity", "learning and behavioral issues"),
    "become permanent is highest": ("highest risk",),
    "a relapse (symptoms coming back)": ("Relapses of neurological symptoms",),
    "it may also come with anaesthesia": ("Relapses of neurological symptoms",),
    "such relapses happen often": ("These relapses are common", "many years may pass"),
    "treatment is advised for a relapse": ("Relapses should be treated",),
    # the criteria as the tool words them [4], and the findings' help
    "the diagnosis rests on any 3 of 4 criteria": RULE,
    "a neuroblastoma: a rare cancer of nerve tissue, found in many": (
        *CRITERION_1,
        "which is present in many",
    ),
    "a neuroblastoma is a rare cancer of nerve tissue, and many": (
        *CRITERION_1,
        "which is present in many",
    ),
    "opsoclonus: eye movements the person cannot control": CRITERION_2,
    "opsoclonus means eye movements the person cannot control": CRITERION_2,
    "describes these eye movements as fast and irregular": ("Irregular, rapid eye movements",),
    "myoclonus (sudden muscle jerks), ataxia": CRITERION_3,
    "myoclonus means sudden muscle jerks": CRITERION_3,
    "ataxia means a lack of coordination": CRITERION_3,
    "the jerks are brief, like small shocks": (
        "shock-like muscle spasms",
        "occurs most when trying",
        "may be involved",
    ),
    "lists an unsteady, trembling way of walking": ("Unsteady, trembling gait",),
    "disturbed behaviour, disturbed sleep, or both": CRITERION_4,
    "the criterion is disturbed behaviour": CRITERION_4,
    "the criterion is disturbed sleep": CRITERION_4,
    "names irritability among the symptoms": ("irritability, and sleep disturbance",),
    "names sleep disturbance among the symptoms": ("irritability, and sleep disturbance",),
    "rage attacks among the other symptoms that may occur": ("rage attacks, head tilt",),
    "also lists difficulty sleeping": ("difficulty eating or sleeping",),
    "for the rule, ": RULE,
    # the result: reasons and notes apply the rule [4]; the disclaimer sends the reader to a
    # doctor, as the page does [GARD] (a not-met result's caveat is the tool's own: uncited)
    "the 3-of-4 rule needs": RULE,
    "even if every unknown criterion were met": RULE,
    "undetermined:": RULE,
    "educational aid, not a diagnosis": DISCUSS,
    # the teaching cases apply the rule [4]
    "every one of the four criteria is met": RULE,
    "a neuroblastoma is only one of the four criteria": RULE,
    "whatever his sleep turns out to be": RULE,
    "myoclonus and ataxia share one criterion": CRITERION_3,
    "so three findings are yes": RULE,
    "behavioural and sleep disturbance make up one criterion": CRITERION_4,
    "myoclonus alone meets the movement criterion": CRITERION_3,
    "the scan result alone decides": RULE,
    "with opsoclonus and neuroblastoma both looked for": RULE,
    "the findings nobody has looked for": RULE,
    "the behaviour and sleep criterion make three, so": RULE,
    # what `oms check --what-if` and `oms quiz` add
    "applies the 3-of-4 rule": RULE,
    "a neuroblastoma is a rare cancer of nerve tissue.": CRITERION_1,
    "page names fast eye movements in many directions": ("Symptoms include rapid",),
    "muscle jerks (myoclonus) can involve": ("shock-like muscle spasms", "may be involved"),
    "(ataxia) is among the symptoms": ("Symptoms include rapid",),
    "irritability is among the symptoms": ("irritability, and sleep disturbance",),
    "rage attacks may be among its other symptoms": ("rage attacks, head tilt",),
    "disturbed sleep is among the symptoms": ("irritability, and sleep disturbance",),
    "share a single criterion": RULE,
    "criterion is met only once a neuroblastoma": CRITERION_1,
    CRITERION_REASONING: RULE,
}
"""Each printed statement, by a phrase only it holds, and the page passages it restates."""


def links_of(text: str) -> list[str]:
    """The phrases of `LINKS` that a statement holds (a criterion's reasoning links to the rule)."""
    if text.endswith(_criterion_reasons()):
        return [CRITERION_REASONING]
    lowered = text.lower()
    return [phrase for phrase in LINKS if phrase in lowered]


@cache
def _criterion_reasons() -> tuple[str, ...]:
    """Every sentence `wording.criterion_reasoning` can give: it applies the rule to answers."""
    return tuple(
        {criterion_reasoning(r) for a in all_combinations() for r in evaluate_answers(a).criteria}
    )


# --- the page map -------------------------------------------------------------------------------


def test_every_anchor_is_on_the_page_once_and_copies_no_sentence() -> None:
    """Each anchor occurs exactly once on the page and is shorter than 8 words (no copied run)."""
    for anchor in {anchor for anchors in LINKS.values() for anchor in anchors}:
        page.locate(anchor)  # raises unless the anchor occurs exactly once
        assert len(page.words(anchor)) < 8, anchor


@pytest.mark.parametrize(
    ("anchor", "numbers"),
    [
        ("rare disorder that affects", (1,)),
        ("typically occurs in association", (2, 3, 4)),
        ("symptoms improve", (1, 2, 3)),
        ("Unsteady, trembling gait", (2, 3)),
        ("Children may appear to be", (3,)),
        ("any 3 out of the 4", (4,)),
        ("Uncontrolled eye movement", (4,)),
        ("no official treatment", (0,)),
        ("may be required", (2,)),
        ("does not always improve", (0,)),
        ("paraneoplastic OMA", (0,)),
        ("Adults may be less likely", (5,)),
        ("immuran", (2, 3, 5)),
        ("Trazodone", (0,)),
        ("Relapses should be treated", (3,)),
        ("strongly recommend", (0,)),
    ],
)
def test_the_page_map_reads_the_pages_own_numbers(anchor: str, numbers: tuple[int, ...]) -> None:
    """Read from the page's layout, a passage gets the numbers a careful reader finds for it."""
    assert page.numbers_of(anchor) == numbers


# --- citation integrity -------------------------------------------------------------------------


def test_every_printed_cited_statement_is_linked_to_one_page_passage() -> None:
    """Every statement printed with [n] marks is restated from a known page passage, exactly once.

    A new statement fails here until it is linked in `LINKS`, so that its numbers get checked.
    """
    unlinked = [
        (statement.where, statement.text)
        for statement in printed.cited_statements()
        if len(links_of(statement.text)) != 1
    ]
    assert unlinked == []


def test_every_printed_statement_cites_what_the_page_cites() -> None:
    """A printed statement's numbers are exactly the page's numbers for the passages it restates.

    Covers the topics, the criteria and findings texts, notes, reasons, teaching cases,
    questionnaire help and FHIR item texts: every cited line of every output.
    """
    wrong = []
    for statement in printed.cited_statements():
        for phrase in links_of(statement.text):
            expected = sorted({n for anchor in LINKS[phrase] for n in page.numbers_of(anchor)})
            if list(statement.sources) != expected:
                wrong.append((statement.where, statement.text, statement.sources, expected))
    assert wrong == []


def test_every_link_is_used() -> None:
    """No phrase of `LINKS` is left over from a statement that no longer exists."""
    used = {phrase for s in printed.cited_statements() for phrase in links_of(s.text)}
    assert set(LINKS) - used == set()


def test_the_gloss_on_immuran_is_marked_as_the_tools_own() -> None:
    """The tool's note that Imuran is a brand name of azathioprine says it is not the page's.

    It is a statement of its own, without the page's numbers (issue 23).
    """
    assert [s for s in printed.cited_statements() if "azathioprine" in s.text] == []
    [note] = [s for s in info_statements(TOPICS) if "azathioprine" in s.text]
    assert note.text.startswith("A note from this tool, not the page:")
    assert note.sources == ()


def test_the_unclear_sentence_on_adults_is_not_given_a_reading() -> None:
    """The page's garbled sentence on adults with paraneoplastic OMA is called unclear, not read.

    No text turns it into "do not develop more symptoms"; OMA is explained once, as another name
    the page uses for the same syndrome. Both are notes on the page itself, said in the provenance
    line of `oms info` (issue 27): the page's words cited to the page, then the tool's judgement.
    """
    statements = printed.cited_statements()
    [sentence] = [s for s in statements if "some adults with oma" in s.text.lower()]
    assert sentence.sources == (page.GARD,)  # what the page says, cited to the page
    [notes] = [topic.page_notes for topic in TOPICS if topic.page_notes]
    [index] = [i for i, note in enumerate(notes) if "some adults with OMA" in note.text]
    following = notes[index + 1]
    assert following.text.startswith("A note from this tool, not the page:")  # the tool's reading
    assert "unclear" in following.text
    assert "no reading" in following.text
    assert following.sources == ()
    explained = {s.text for s in statements if "another name for OMS: OMA" in s.text}
    assert len(explained) == 1
    for where, text in printed.passages():
        assert "develop more" not in text.lower(), where
        assert "have more neurolog" not in text.lower(), where


# --- own words ----------------------------------------------------------------------------------


def test_no_printed_text_is_a_near_copy_of_the_page() -> None:
    """No text the tool prints, nor the README or docs, keeps the page's wording, a word swapped.

    7 of any 9 words in the page's order make a near-copy (`tests.page.near_copies`).
    """
    found = [(where, run) for where, text in printed.passages() for run in page.near_copies(text)]
    assert found == []


def _page_sentences() -> list[list[str]]:
    own = "\n".join(page.page_lines()[1:])  # the first line is the publisher's name
    sentences = re.split(r"(?<=[.!?])\s+|\n", page.CITATION.sub(" ", own))
    return [page.words(s) for s in sentences if len(page.named(page.words(s))) >= 9]


def test_the_near_copy_check_catches_the_pages_sentences_with_a_word_or_two_swapped() -> None:
    """Every page sentence of 9+ words is caught as is, with one word swapped, and with two."""
    sentences = _page_sentences()
    assert len(sentences) > 20
    for sentence in sentences:
        assert page.near_copies(" ".join(sentence)), sentence
        tokens = page.named(sentence)  # a name counts as one word: swap words, not parts of names
        one = [*tokens[:3], "zzz", *tokens[4:]]
        assert page.near_copies(" ".join(one)), one
        two = [*tokens[:2], "zzz", tokens[3], "qqq", *tokens[5:]]
        assert page.near_copies(" ".join(two)), two


@pytest.mark.parametrize(
    "frame",
    [
        "People with severe symptoms carry the highest risk of permanent neurological problems.",
        "A relapse should be treated, ideally with the same kind of treatment used the first time.",
        "Relapses are common and can happen more than once; many years may pass between episodes.",
        # issue 23: the page's frame around its drugs, one word changed; drug names count word
        # by word (`tests.page.NAMES`), or it would be 7 words and pass
        "Treatment can include corticosteroids or ACTH (adrenocorticotropic hormone).",
    ],
)
def test_the_near_copy_check_catches_the_frames_the_issue_named(frame: str) -> None:
    """Sentences that kept the page's frame, a word or two swapped (issues 15, 23), are caught."""
    assert page.near_copies(frame)


def test_the_near_copy_check_lets_own_words_pass() -> None:
    """A restatement in genuinely own words, names kept, is not taken for a copy."""
    own = (
        "The reference page names MRI with contrast and helical (spiral) CT as the most "
        "efficient ways to look for a neuroblastoma, which many people with OMS have."
    )
    assert page.near_copies(own) == []


def test_a_missing_shared_file_skips_or_with_the_ci_variable_fails(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A test that needs `../shared` skips without it, saying why, or fails under CI's variable.

    A fresh clone has no `../shared`: the test is skipped with the reason, so that `make test`
    passes there; with `OMS_REQUIRE_REFERENCE=1`, which `.ci/run` sets, it fails (issue 23).
    """
    missing = page.PAGE_NAME.with_name("no-such-page.txt")
    monkeypatch.delenv(page.REQUIRE_REFERENCE, raising=False)
    with pytest.raises(pytest.skip.Exception, match=r"not found .*fresh clone has no \.\./shared"):
        page.shared_file(missing)
    monkeypatch.setenv(page.REQUIRE_REFERENCE, "1")
    with pytest.raises(pytest.fail.Exception, match=f"{page.REQUIRE_REFERENCE}=1 requires them"):
        page.shared_file(missing)
    ci = (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert f"export {page.REQUIRE_REFERENCE}=1" in ci
    assert ci.index(f"export {page.REQUIRE_REFERENCE}=1") < ci.index("make test")


def test_the_shared_copy_checker_finds_nothing_in_the_worktree() -> None:
    """The shared copy checker, run from the worktree root over all tracked files, passes."""
    checker = page.copy_checker()
    result = subprocess.run(
        [sys.executable, str(checker)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# --- "no" means looked for and not found --------------------------------------------------------


def test_the_questionnaire_defines_no_as_looked_for_and_not_found() -> None:
    """The questions' intro and hint, each question and each help say what no and unknown mean."""
    assert content.NO_MEANS == "looked for and not found"
    for text in (questionnaire.INTRO, questionnaire.FINDING_HINT):
        assert f"no: {content.NO_MEANS}" in text
        assert f"unknown: {content.UNKNOWN_MEANS}" in text
    for position, finding in enumerate(FINDINGS, start=1):
        text = content.FINDING_TEXT[finding.value]
        prompt = questionnaire.finding_prompt(finding, position)
        assert f"({text.if_not_looked_for})" in prompt
        assert text.if_not_looked_for.endswith(": u")
        help_text = questionnaire.finding_help(finding)
        assert text.no_means in help_text
        assert text.no_means.startswith("Answer no only when")
        assert "answer unknown" in text.no_means


def test_the_fhir_questionnaire_defines_no_as_looked_for_and_not_found() -> None:
    """Each FHIR finding item offers "No (looked for and not found)" and says it in its help."""
    resource = fhir.questionnaire()
    assert content.NO_MEANS in resource["description"]
    finding_items = [i for i in resource["item"] if i["linkId"] in set(FINDINGS)]
    assert len(finding_items) == len(FINDINGS)  # the computed result group has no answers
    for item in finding_items:
        displays = {
            o["valueCoding"]["code"]: o["valueCoding"]["display"] for o in item["answerOption"]
        }
        assert displays["no"] == f"No ({content.NO_MEANS})"
        assert displays["unknown"] == f"Unknown ({content.UNKNOWN_MEANS})"
        [help_item] = item["item"]
        assert content.FINDING_TEXT[item["linkId"]].no_means in help_item["text"]


@pytest.mark.parametrize("command", ["check", "batch"])
def test_help_defines_no_as_looked_for_and_not_found(command: str) -> None:
    """`oms check --help` (each finding flag too) and `oms batch --help` define no and unknown."""
    shown = " ".join(
        printed.unboxed(
            CliRunner().invoke(app, [command, "--help"], terminal_width=100).stdout
        ).split()
    )
    assert "looked for and not found" in shown
    if command == "check":
        assert shown.count("--no-: looked for and not found") == len(FINDINGS)
    else:
        assert "not looked for, or not known" in shown


def test_the_readme_defines_no_as_looked_for_and_not_found() -> None:
    """The README's rule section says what no and unknown mean, before any example."""
    readme = " ".join((REPO_ROOT / "README.md").read_text(encoding="utf-8").split())
    rule = readme.split("## The rule")[1].split("## Checking one person")[0]
    assert "No means looked for and not found" in rule


def test_the_batch_docs_say_what_a_not_met_row_means() -> None:
    """The README's batch section gives a not-met row the caveat, in the one wording (issue 23).

    CSV, JSON Lines and the table have no room for it; the docs say it for them.
    """
    readme = " ".join((REPO_ROOT / "README.md").read_text(encoding="utf-8").split())
    batch = readme.split("### Many people at once: `oms batch`")[1].split(" #")[0]
    assert content.NOT_MET_CAVEAT in batch


# --- calm, consistent words ---------------------------------------------------------------------


@pytest.mark.parametrize("finding", list(Finding), ids=str)
def test_each_finding_has_one_definition_used_everywhere(finding: Finding) -> None:
    """A finding's one definition is in its question, flag help, criterion text and FHIR item."""
    text = content.FINDING_TEXT[finding.value]
    criterion = next(c for c in CRITERIA if finding in c.findings)
    assert text.definition in text.question
    assert text.definition in content.CRITERION_TEXT[criterion.id].meaning.lower()
    assert text.definition in text.details[0].text.lower()
    help_shown = " ".join(
        printed.unboxed(CliRunner().invoke(app, ["check", "--help"]).stdout).split()
    )
    assert f"{text.label.capitalize()}: {text.definition}." in help_shown
    [item] = [i for i in fhir.questionnaire()["item"] if i["linkId"] == finding.value]
    assert item["text"] == text.form_question


@pytest.mark.parametrize("finding", list(Finding), ids=str)
def test_the_form_and_the_terminal_ask_with_the_same_hint(finding: Finding) -> None:
    """The FHIR item and the terminal question both say when to answer unknown (issue 23).

    The terminal shows the key to type ("no scan or test yet: u"), the form the answer's name.
    """
    text = content.FINDING_TEXT[finding.value]
    [item] = [i for i in fhir.questionnaire()["item"] if i["linkId"] == finding.value]
    assert item["text"] == f"{text.question} ({text.not_looked_for}: unknown)"
    prompt = questionnaire.finding_prompt(finding, 1)
    assert f"{text.question} ({text.not_looked_for}: u) [y/n/u/?]" in prompt


GLOSS = re.compile(r"\b(neuroblastoma|opsoclonus|myoclonus|ataxia)\s\(([^)`/]+)\)", re.IGNORECASE)
"""A finding's name followed by words in brackets: the tool saying what the finding is."""


def test_a_finding_glossed_anywhere_is_glossed_with_its_one_definition() -> None:
    """Wherever a finding's name is explained in brackets, the words are its one definition.

    `oms info diagnosis`, `oms criteria`, `oms check`, the questions and the quiz agree: no
    "myoclonus (sudden muscle contractions, a movement disorder)" beside "myoclonus (sudden muscle
    jerks)" (issue 23).
    """
    definitions = {text.label: text.definition for text in content.FINDING_TEXT.values()}
    glosses = {
        (match.group(1).lower(), match.group(2), where)
        for where, text in printed.passages()
        for match in GLOSS.finditer(text)
    }
    assert {name for name, _, _ in glosses} >= {"neuroblastoma", "myoclonus", "ataxia"}
    assert {where for _, _, where in glosses} >= {"oms info --all", "oms criteria"}
    wrong = [(where, name, gloss) for name, gloss, where in glosses if gloss != definitions[name]]
    assert wrong == []


TOOL_READINGS = ("this tool", "not the page", "unknown, not no", "rules nothing out")
"""Words that mark a statement as the tool's own reading, not something the page says."""


def test_the_tools_own_readings_cite_no_source() -> None:
    """A statement of the tool's own reading carries no [n] mark (issue 23).

    What it counts as disturbed behaviour, its glosses, that unknown is not no, and the not-met
    caveat are printed, but never with the page's numbers: no cited statement holds their words.
    """
    printed_text = " ".join(" ".join(text.split()).lower() for _, text in printed.passages())
    for marker in TOOL_READINGS:
        assert marker in printed_text, marker  # the readings are still said
    cited = [
        (statement.where, statement.text)
        for statement in printed.cited_statements()
        if any(marker in statement.text.lower() for marker in TOOL_READINGS)
    ]
    assert cited == []


def test_prose_spells_behaviour_and_names_no_machine_id() -> None:
    """Sentences say "behaviour"; the id "behavior" stands only where a name is meant (flags)."""
    american = re.compile(r"(?<![-_`])\bbehavior\b(?![-_`])", re.IGNORECASE)
    found = [(where, text) for where, text in printed.prose_texts() if american.search(text)]
    assert found == []


@pytest.mark.parametrize(
    "phrase",
    [
        "every direction",
        "all directions",
        "mostly of young children",
        "sleeping is common",
        "same at every age",
        "medicine moves on",
        "either way",
        "a tumour found makes",
        "4 present",
        "are named as",
        "ruled out",
        # issue 23: more than the page, or less, or another word for unknown
        "checks the blood for",
        "are among its other symptoms",
        "that was given at the start",
        "met without a tumour",
        "when a tumour is behind it",
        "it may be hard or impossible to sit",
        "respond less well",
        "a tumour of nerve tissue",
        "not assessed",
    ],
)
def test_no_printed_text_says_what_the_issue_removed(phrase: str) -> None:
    """Phrases the issues removed (15, 23) are printed nowhere.

    Phrases stronger or weaker than the page, casual about cancer, or another word for unknown
    than "not looked for, or not known".
    """
    found = [where for where, text in printed.passages() if phrase in text.lower()]
    assert found == []
