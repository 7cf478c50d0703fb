"""Phenopacket input: `oms check --from-phenopacket` and `oms batch --input-format phenopackets`.

The phenopackets are made and serialised with the official GA4GH `phenopackets` package (its
protobuf classes and protobuf's JSON mapping), so they are real v2 phenopackets, in both of the
spellings protobuf writes (camelCase and the fields' own names).
"""

from __future__ import annotations

import html
import json
import shlex
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from google.protobuf.json_format import MessageToJson, Parse, ParseError
from jsonschema import Draft202012Validator
from markdown_it import MarkdownIt
from phenopackets.schema.v2 import MetaData, OntologyClass, Phenopacket, PhenotypicFeature

from oms_cli import content
from oms_cli.interop import hpo_sets, phenopacket, schema
from oms_cli.rules import FINDINGS, Answer, Finding, all_combinations, evaluate_answers
from tests.conftest import Invoke, Result
from tests.test_readme import EXAMPLE
from tools import hpo_ancestors
from tools import phenopacket_schema as schema_tool

EXAMPLES = Path(__file__).parents[1] / "examples" / "phenopackets.jsonl"


def feature(term_id: str, *, excluded: bool = False, label: str = "") -> PhenotypicFeature:
    """One phenotypic feature, made with the official classes."""
    return PhenotypicFeature(type=OntologyClass(id=term_id, label=label), excluded=excluded)


def packet(features: Sequence[PhenotypicFeature], ident: str = "p1") -> Phenopacket:
    """A phenopacket with these features and the metadata a v2 phenopacket carries."""
    meta = MetaData(created_by="oms-cli tests", phenopacket_schema_version="2.0")
    return Phenopacket(id=ident, phenotypic_features=list(features), meta_data=meta)


def as_json(message: Phenopacket, *, snake: bool = False) -> str:
    """The phenopacket as one line of JSON, by protobuf's JSON mapping."""
    return MessageToJson(message, indent=None, preserving_proto_field_name=snake)


def read(message: Phenopacket, *, snake: bool = False) -> dict[Finding, Answer]:
    """The findings oms reads from the phenopacket's JSON."""
    return dict(phenopacket.parse_phenopacket_text(as_json(message, snake=snake)).findings)


def own(finding: Finding) -> str:
    """The finding's own HPO id."""
    return content.HPO_TERMS[finding][0]


@pytest.mark.parametrize("snake", [False, True], ids=["camelCase", "field names"])
def test_present_is_yes_excluded_is_no_and_not_listed_is_unknown(snake: bool) -> None:
    """Each finding: its term present is yes, excluded is no; with no feature it is unknown."""
    for finding in FINDINGS:
        assert read(packet([feature(own(finding))]), snake=snake)[finding] is Answer.YES
        excluded = read(packet([feature(own(finding), excluded=True)]), snake=snake)
        assert excluded[finding] is Answer.NO
        others = set(excluded.values()) - {Answer.NO}
        assert others == {Answer.UNKNOWN}
    assert set(read(packet([])).values()) == {Answer.UNKNOWN}


def test_each_counted_term_counts_for_its_finding_and_no_other() -> None:
    """Limb myoclonus makes myoclonus yes; every counted term (alternative ids too) its finding."""
    limb = read(packet([feature("HP:0045084", label="Limb myoclonus")]))
    assert limb[Finding.MYOCLONUS] is Answer.YES
    assert limb[Finding.ATAXIA] is Answer.UNKNOWN
    ancestors = hpo_ancestors.TARGET.read_text(encoding="utf-8").splitlines()
    alternatives = {
        line.split("\t")[0]: line.split("\t")[1].split() for line in ancestors if line[:1] != "#"
    }  # the counted terms' alternative ids, as the ontology gives them (tests/test_codes.py)
    for finding, terms in hpo_sets.reviewed_sets().counted.items():
        for term in terms:
            for term_id in (term.id, *alternatives[term.id]):
                findings = read(packet([feature(term_id)]))
                assert findings[finding] is Answer.YES, term_id
                assert list(findings.values()).count(Answer.YES) == 1, term_id


def test_an_excluded_term_below_a_finding_leaves_it_unknown() -> None:
    """No limb myoclonus does not mean no myoclonus: the finding stays unknown, never no."""
    findings = read(packet([feature("HP:0045084", excluded=True)]))
    assert findings[Finding.MYOCLONUS] is Answer.UNKNOWN


def test_other_terms_are_ignored() -> None:
    """A term that is none of the six findings, nor below one, changes nothing."""
    findings = read(packet([feature("HP:0001250", label="Seizure"), feature("MONDO:0005072")]))
    assert set(findings.values()) == {Answer.UNKNOWN}


def test_present_and_excluded_for_one_finding_is_refused() -> None:
    """A descendant present and the finding excluded is a contradiction naming both features."""
    message = packet([feature("HP:0045084"), feature(own(Finding.MYOCLONUS), excluded=True)])
    with pytest.raises(phenopacket.PhenopacketError) as caught:
        read(message)
    assert str(caught.value) == (
        "phenotypicFeatures[1]: excludes myoclonus, which phenotypicFeatures[0] says is present"
    )


def only_below(finding: Finding) -> list[str]:
    """The finding's counted terms other than its own term."""
    return [term.id for term in hpo_sets.reviewed_sets().counted[finding][1:]]


def phenopacket_for(answers: Sequence[Answer], n: int) -> Phenopacket:
    """Yes as the finding's term or (every other time) a term below it, no as excluded."""
    features = []
    for finding, answer in zip(FINDINGS, answers, strict=True):
        below = only_below(finding)
        if answer is Answer.YES:
            term = below[n % len(below)] if below and n % 2 else own(finding)
            features.append(feature(term))
        elif answer is Answer.NO:
            features.append(feature(own(finding), excluded=True))
    return packet(features, ident=f"pp-{n}")


def test_batch_reads_all_729_combinations_as_phenopackets(cli: Invoke, tmp_path: Path) -> None:
    """A JSON Lines file of 729 phenopackets: each row's id and verdict as the rules engine says."""
    combinations = list(all_combinations())
    lines = [as_json(phenopacket_for(answers, n)) for n, answers in enumerate(combinations)]
    path = tmp_path / "cases.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = cli("batch", str(path), "--input-format", "phenopackets", "--format", "jsonl")
    assert (result.exit_code, result.stderr) == (0, "")
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 729
    for n, (row, answers) in enumerate(zip(rows, combinations, strict=True)):
        assert row["id"] == f"pp-{n}"
        assert row["findings"] == {f.value: a.value for f, a in zip(FINDINGS, answers, strict=True)}
        assert row["verdict"] == evaluate_answers(answers).verdict.value


def test_check_from_phenopacket_prints_what_the_flags_print(cli: Invoke, tmp_path: Path) -> None:
    """`--from-phenopacket FILE` (and `-`) gives the same output and exit code as the flags."""
    message = packet([feature(own(Finding.OPSOCLONUS)), feature("HP:0045084"),
                      feature(own(Finding.NEUROBLASTOMA), excluded=True)])  # fmt: skip
    path = tmp_path / "packet.json"
    path.write_text(MessageToJson(message), encoding="utf-8")
    flags = ["--opsoclonus", "--myoclonus", "--no-neuroblastoma", "--age-group", "child"]
    from_flags = cli("check", "--no-input", "--format", "json", *flags)
    for source, stdin in ((str(path), None), ("-", as_json(message))):
        args = ("--from-phenopacket", source, "--age-group", "child", "--format", "json")
        from_file = cli("check", *args, input=stdin)
        assert from_file.stderr == ""
        assert from_file.exit_code == from_flags.exit_code
        data = json.loads(from_file.stdout)
        assert data.pop("not_counted") == []  # the one key a phenopacket adds
        assert data == json.loads(from_flags.stdout)


def test_from_phenopacket_refuses_finding_flags_and_other_sources(
    cli: Invoke, tmp_path: Path
) -> None:
    """The file is the record: a finding flag, --from-fhir or --interactive beside it is exit 2."""
    path = tmp_path / "packet.json"
    path.write_text(as_json(packet([])), encoding="utf-8")
    flag = cli("check", "--from-phenopacket", str(path), "--no-sleep")
    assert (flag.exit_code, flag.stdout) == (2, "")
    assert "cannot be combined with --no-sleep" in flag.stderr
    both = cli("check", "--from-phenopacket", str(path), "--from-fhir", str(path))
    assert both.exit_code == 2
    assert "--from-phenopacket and --from-fhir cannot be used together" in both.stderr


BAD = [
    ('{"phenotypicFeatures": {}}', "phenotypicFeatures: expected an array, got an object"),
    ('{"phenotypicFeatures": [3]}', "phenotypicFeatures[0]: expected an object, got a number"),
    ('{"phenotypicFeatures": [{}]}', "phenotypicFeatures[0].type: missing"),
    ('{"phenotypicFeatures": [{"type": {}}]}', "phenotypicFeatures[0].type.id: missing"),
    (
        '{"phenotypicFeatures": [{"type": {"id": 1336}}]}',
        "phenotypicFeatures[0].type.id: expected a string, got a number",
    ),
    *(
        (
            f'{{"phenotypicFeatures": [{{"type": {{"id": "{term_id}"}}}}]}}',
            f"phenotypicFeatures[0].type.id: '{term_id}' is not an HPO id: expected HP: then seven "
            "digits (HP:nnnnnnn)",
        )
        for term_id in ("HP:1336", "HP_0010543", "hp:0010543", "Hp_0010543", "HP:10543", "HP:")
    ),
    (  # Arabic-Indic digits: `\d` takes them for digits, an HPO id has ASCII ones only
        '{"phenotypicFeatures": [{"type": {"id": "HP:'
        + "\u0660\u0660\u0660\u0661\u0663\u0663\u0666"
        + '"}}]}',
        "phenotypicFeatures[0].type.id: 'HP:\u0660\u0660\u0660\u0661\u0663\u0663\u0666' is not "
        "an HPO id: expected HP: then seven digits (HP:nnnnnnn)",
    ),
    (
        '{"phenotypicFeatures": [{"type": {"id": "HP:0001336"}, "excluded": "yes"}]}',
        "phenotypicFeatures[0].excluded: expected true or false, got a string",
    ),
    (
        '{"phenotypicFeatures": [], "phenotypic_features": []}',
        "phenotypic_features: given beside phenotypicFeatures; give one of them",
    ),
    ('{"id": 7}', "id: expected a string, got a number"),
    ('{"diseases": [{"excluded": true}]}', "diseases[0].term: missing"),
    ('{"diseases": [{"term": {"label": "Neuroblastoma"}}]}', "diseases[0].term.id: missing"),
    (
        '{"biosamples": [{"id": "b", "histologicalDiagnosis": {"label": "Neuroblastoma"}}]}',
        "biosamples[0].histologicalDiagnosis.id: missing",
    ),
    ("[]", "expected a phenopacket (a JSON object), got an array"),
    ('{"id": "a", "id": "b"}', "not valid JSON: key 'id' appears twice"),
    ('{"id": "a",\n "x": }', "2:7: not valid JSON: Expecting value"),
    (" \n", "empty: expected a phenopacket in JSON"),
]


@pytest.mark.parametrize(("text", "message"), BAD)
def test_a_bad_phenopacket_names_the_file_and_the_element(
    cli: Invoke, tmp_path: Path, text: str, message: str
) -> None:
    """Exit 2, one line on stderr: the file, then the path of the bad element and why."""
    path = tmp_path / "packet.json"
    path.write_text(text, encoding="utf-8")
    result = cli("check", "--from-phenopacket", str(path))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"oms: error: {path}: {message}\n"


def test_a_missing_file_or_a_folder_is_exit_2(cli: Invoke, tmp_path: Path) -> None:
    """A file that does not exist, or a folder, is named with what is wrong."""
    missing = cli("check", "--from-phenopacket", str(tmp_path / "nope.json"))
    assert missing.stderr == f"oms: error: {tmp_path}/nope.json: no such file\n"
    folder = cli("check", "--from-phenopacket", str(tmp_path))
    assert folder.stderr == f"oms: error: {tmp_path}: is a folder, not a file\n"
    assert missing.exit_code == folder.exit_code == 2


def test_batch_bad_phenopackets_name_line_and_element(cli: Invoke) -> None:
    """In batch, a bad phenopacket names its line and element; its row keeps its id if readable."""
    good = as_json(packet([feature(own(Finding.OPSOCLONUS))], ident="good"))
    bad = '{"id": "b", "phenotypicFeatures": [{"type": {"id": "HP:0001336"}, "excluded": 1}]}'
    text = f"{good}\n\n{bad}\n{{nope\n"
    result = cli("batch", "-", "--input-format", "phenopackets", "--keep-going", "-f", "jsonl",
                 input=text)  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr.splitlines()[:2] == [
        "oms: error: <stdin>:3: phenotypicFeatures[0].excluded: expected true or false, got a "
        "number",
        "oms: error: <stdin>:4: column 2: not JSON: Expecting property name enclosed in double "
        "quotes",
    ]
    first, *errors = (json.loads(line) for line in result.stdout.splitlines())
    assert (first["id"], first["opsoclonus"]) == ("good", "met")
    assert [row["id"] for row in errors] == ["b", "4"]  # its id when readable, else the line


def test_the_example_file_holds_official_phenopackets() -> None:
    """examples/phenopackets.jsonl (line by line) and phenopacket.json parse with the package."""
    lines = EXAMPLES.read_text(encoding="utf-8").splitlines()
    assert lines
    lines.append((EXAMPLES.parent / "phenopacket.json").read_text(encoding="utf-8"))
    for line in lines:
        parsed = Parse(line, Phenopacket())
        assert parsed.id
        assert parsed.meta_data.phenopacket_schema_version == "2.0"


# The wrong verdicts of issue 23, and the reader's strictness.

FIXTURES = Path(__file__).parent / "phenopackets"


def features_json(*features: dict[str, Any]) -> str:
    """A minimal v2 phenopacket (as JSON text) with these feature objects."""
    return json.dumps({"id": "p1", "phenotypicFeatures": list(features)})


def term(term_id: str, label: str = "", *, excluded: bool = False) -> dict[str, Any]:
    """One phenotypic feature as a JSON object."""
    element: dict[str, Any] = {"type": {"id": term_id, "label": label}}
    if excluded:
        element["excluded"] = True
    return element


def check_file(cli: Invoke, tmp_path: Path, text: str, *args: str) -> Result:
    """`oms check --from-phenopacket` on a file holding ``text``."""
    path = tmp_path / "packet.json"
    path.write_text(text, encoding="utf-8")
    return cli("check", "--from-phenopacket", str(path), *args)


def test_subtree_terms_that_mean_something_else_do_not_count(cli: Invoke, tmp_path: Path) -> None:
    """Opsoclonus + Optic ataxia + Snoring + esthesioneuroblastoma: 1 met, not "4 of 4".

    The three other terms are below ataxia, sleep abnormality and neuroblastoma in the HPO but
    mean something else; they are neither yes nor no, and are listed as not counted.
    """
    text = features_json(
        term("HP:0010543", "Opsoclonus"),
        term("HP:0031868", "Optic ataxia"),
        term("HP:0025267", "Snoring"),
        term("HP:0030068", "Olfactory esthesioneuroblastoma"),
    )
    result = check_file(cli, tmp_path, text, "--format", "json")
    data = json.loads(result.stdout)
    assert (result.exit_code, data["verdict"], data["met_count"]) == (3, "undetermined", 1)
    assert data["findings"] == {f.value: "unknown" for f in FINDINGS} | {"opsoclonus": "yes"}
    shown = [(entry["id"], entry["finding"], entry["path"]) for entry in data["not_counted"]]
    assert shown == [
        ("HP:0031868", "ataxia", "phenotypicFeatures[1]"),
        ("HP:0025267", "sleep", "phenotypicFeatures[2]"),
        ("HP:0030068", "neuroblastoma", "phenotypicFeatures[3]"),
    ]
    assert all(entry["reason"] for entry in data["not_counted"])
    assert list(Draft202012Validator(schema.load(schema.SchemaName.CHECK)).iter_errors(data)) == []
    markdown = check_file(cli, tmp_path, text, "--format", "markdown")
    assert "## Not counted from the phenopacket" in markdown.stdout
    assert "- HP:0031868 Optic ataxia, at phenotypicFeatures\\[1\\]: trouble reaching" in (
        markdown.stdout
    )
    text_result = check_file(cli, tmp_path, text, "--no-input")
    assert text_result.stdout.startswith("Criteria undetermined: 1 of 4 met")
    assert "Not counted from the phenopacket" in text_result.stdout
    assert "HP:0025267 Snoring, at phenotypicFeatures[2]: noisy breathing" in text_result.stdout


def test_ids_and_labels_from_the_file_are_shown_literally_in_markdown(
    cli: Invoke, tmp_path: Path
) -> None:
    """Markup in the ids and labels of a file is escaped: rendered, they show as written."""
    label = "<img src=x onerror=alert(1)> | **bold** [x](javascript:alert(1))"
    text = features_json(
        term("HP:0010543"), term("HP:0001250", label), term("# 1. _x_", "`y` &amp;")
    )
    shown = [
        f"<li>HP:0001250 {html.escape(label, quote=False)}, at phenotypicFeatures[1]</li>",
        "<li># 1. _x_ `y` &amp;amp;, at phenotypicFeatures[2]</li>",
    ]
    result = check_file(cli, tmp_path, text, "--format", "markdown")
    rendered = MarkdownIt("commonmark").enable("table").render(result.stdout)
    assert all(line in rendered for line in shown), rendered
    assert not any(tag in rendered for tag in ("<img", "<a ", "<strong>bold", "<em>x", "<code>"))


def test_irritability_counts_as_behaviour(cli: Invoke, tmp_path: Path) -> None:
    """Opsoclonus + Ataxia + Irritability: met (irritability is a behaviour the page names)."""
    text = features_json(term("HP:0010543"), term("HP:0001251"), term("HP:0000737"))
    result = check_file(cli, tmp_path, text, "--format", "json")
    data = json.loads(result.stdout)
    assert (result.exit_code, data["verdict"], data["findings"]["behavior"]) == (0, "met", "yes")
    assert data["not_counted"] == []


@pytest.mark.parametrize(
    ("excluded", "findings"),
    [
        ("HP:0010543", {Finding.OPSOCLONUS}),  # the finding's own term
        ("HP:0000570", {Finding.OPSOCLONUS}),  # Abnormal saccadic eye movements
        ("HP:0000496", {Finding.OPSOCLONUS}),  # Abnormality of eye movement
        ("HP:0000604", {Finding.OPSOCLONUS}),  # an alternative id of Abnormal saccadic eye mov.
        ("HP:0002664", {Finding.NEUROBLASTOMA}),  # Neoplasm
        ("HP:0011443", {Finding.ATAXIA}),  # Abnormality of coordination
        ("HP:0004305", {Finding.MYOCLONUS}),  # Involuntary movements
        ("HP:0011446", {Finding.BEHAVIOR, Finding.SLEEP}),  # Abnormality of mental function
        ("HP:0000707", set(FINDINGS) - {Finding.OPSOCLONUS}),  # Abnormality of the nervous s.
    ],
)
def test_an_excluded_broader_term_makes_each_finding_below_it_no(
    excluded: str, findings: set[Finding]
) -> None:
    """The true-path rule: excluding a term excludes every term below it, the findings too."""
    read = phenopacket.parse_phenopacket_text(features_json(term(excluded, excluded=True)))
    assert {f for f, answer in read.findings.items() if answer is Answer.NO} == findings
    assert {f for f, answer in read.findings.items() if answer is Answer.UNKNOWN} == (
        set(FINDINGS) - findings
    )
    assert read.not_counted == ()


def test_an_excluded_term_above_only_some_counted_terms_is_not_counted() -> None:
    """Excluding "Abnormal emotional state" excludes irritability, not every behaviour."""
    read = phenopacket.parse_phenopacket_text(features_json(term("HP:0100851", excluded=True)))
    assert read.findings[Finding.BEHAVIOR] is Answer.UNKNOWN
    [entry] = read.not_counted
    assert (entry.id, entry.excluded, entry.finding) == ("HP:0100851", True, Finding.BEHAVIOR)
    assert entry.reason is not None
    assert "not the finding itself" in entry.reason


@pytest.mark.parametrize(
    ("features", "message"),
    [
        (
            [term("HP:0000737"), term("HP:0100851", excluded=True)],
            "phenotypicFeatures[1]: excludes Irritability (HP:0000737), which "
            "phenotypicFeatures[0] says is present",
        ),
        (
            [term("HP:0000708", excluded=True), term("HP:0000737")],
            "phenotypicFeatures[1]: says behavior is present, which phenotypicFeatures[0] excludes",
        ),
        (
            [term("HP:0010543"), term("HP:0000496", excluded=True)],
            "phenotypicFeatures[1]: excludes opsoclonus, which phenotypicFeatures[0] says is "
            "present",
        ),
    ],
)
def test_a_term_present_below_an_excluded_one_is_refused(
    features: list[dict[str, Any]], message: str
) -> None:
    """Present below excluded is a contradiction by the true-path rule, named at both features."""
    with pytest.raises(phenopacket.PhenopacketError) as caught:
        phenopacket.parse_phenopacket_text(features_json(*features))
    assert str(caught.value) == message


def official_parse(text: str, message: Any = None) -> bool:
    """Whether the official package's JSON parser accepts the text as a v2 Phenopacket."""
    try:
        Parse(text, message if message is not None else Phenopacket())
    except ParseError:
        return False
    return True


def ours(text: str) -> bool:
    """Whether oms reads the text as a phenopacket."""
    try:
        phenopacket.parse_phenopacket_text(text)
    except phenopacket.PhenopacketError:
        return False
    return True


TYPOS = [
    (
        '{"phenotypicFeatures": [{"type": {"id": "HP:0010543"}, "exclude": true}]}',
        "phenotypicFeatures[0].exclude: not a field of PhenotypicFeature in the phenopacket v2 "
        "schema; did you mean 'excluded'?",
    ),
    (
        '{"phenotypicFeatures": [{"type": {"id": "HP:0010543"}, "Excluded": true}]}',
        "phenotypicFeatures[0].Excluded: not a field of PhenotypicFeature in the phenopacket v2 "
        "schema; did you mean 'excluded'?",
    ),
    (
        '{"phenotypicfeatures": [{"type": {"id": "HP:0010543"}}]}',
        "phenotypicfeatures: not a field of Phenopacket in the phenopacket v2 schema; did you "
        "mean 'phenotypicFeatures'?",
    ),
    (
        '{"phenotypicFeatures": [{"type": {"id": "HP:0010543"}, "onset": {"Age": {}}}]}',
        "phenotypicFeatures[0].onset.Age: not a field of TimeElement in the phenopacket v2 "
        "schema; did you mean 'age'?",
    ),
    (
        '{"metaData": {"phenopacketSchemaVersion": "2.0", "resource": []}}',
        "metaData.resource: not a field of MetaData in the phenopacket v2 schema; did you mean "
        "'resources'?",
    ),
    (
        '{"subject": {"id": "a", "sex": "F"}}',
        "subject.sex: 'F' is not one of FEMALE, MALE, OTHER_SEX, UNKNOWN_SEX",
    ),
]


@pytest.mark.parametrize(("text", "message"), TYPOS)
def test_a_key_the_schema_does_not_define_is_refused(
    cli: Invoke, tmp_path: Path, text: str, message: str
) -> None:
    """A typo is exit 2 naming the element, as the official parser refuses it too."""
    result = check_file(cli, tmp_path, text)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"oms: error: {tmp_path / 'packet.json'}: {message}\n"
    assert not official_parse(text)


def v1_phenopacket(**feature: Any) -> str:
    """A v1 phenopacket made with the official v1 classes, as JSON."""
    from phenopackets.schema.v1 import base_pb2, phenopackets_pb2

    made = phenopackets_pb2.Phenopacket(
        id="old",
        phenotypic_features=[
            base_pb2.PhenotypicFeature(type=base_pb2.OntologyClass(id="HP:0010543"), **feature)
        ],
        meta_data=base_pb2.MetaData(created_by="tests", phenopacket_schema_version="1.0"),
    )
    return MessageToJson(made)


@pytest.mark.parametrize(
    ("text", "where"),
    [
        (v1_phenopacket(negated=True), "phenotypicFeatures[0].negated: v1 phenopacket: 'negated'"),
        (
            v1_phenopacket(class_of_onset={"id": "HP:0003593"}),
            "phenotypicFeatures[0].classOfOnset: v1 phenopacket: 'classOfOnset'",
        ),
        (v1_phenopacket(), "metaData.phenopacketSchemaVersion: v1 phenopacket (schema version "),
    ],
    ids=["negated", "classOfOnset", "version"],
)
def test_a_v1_phenopacket_is_refused_as_v1(
    cli: Invoke, tmp_path: Path, text: str, where: str
) -> None:
    """v1's negated (its word for excluded) is never read as present: exit 2, saying v1."""
    result = check_file(cli, tmp_path, text)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(f"oms: error: {tmp_path / 'packet.json'}: {where}")
    assert "convert the file to v2" in result.stderr
    assert result.stderr.count("\n") == 1


def test_the_v1_fields_named_are_those_of_the_official_v1_schema() -> None:
    """Every v1 field that v2 lacks (outside v1's variant records) is recognised as v1."""
    from phenopackets.schema.v1 import phenopackets_pb2

    v1 = schema_tool.json_keys(phenopackets_pb2.Phenopacket.DESCRIPTOR)
    v2 = {key for key, _ in schema_tool.json_keys(Phenopacket.DESCRIPTOR)}
    outer = {"Phenopacket", "PhenotypicFeature", "Disease", "Individual", "Biosample"}
    assert {key for key, message in v1 if key not in v2 and message in outer} == set(
        phenopacket.schema().data["v1_fields"]
    )


@pytest.mark.parametrize("kind", ["Family", "Cohort"])
def test_a_family_or_a_cohort_is_refused(cli: Invoke, tmp_path: Path, kind: str) -> None:
    """A Family or Cohort (made with the official classes) is exit 2, naming what it is."""
    from phenopackets.schema.v2 import Cohort, Family

    member = packet([feature(own(Finding.OPSOCLONUS))])
    made = (
        Family(id="fam", proband=member, relatives=[member])
        if kind == "Family"
        else Cohort(id="co", description="tests", members=[member])
    )
    result = check_file(cli, tmp_path, MessageToJson(made))
    key = "proband" if kind == "Family" else "members"
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"oms: error: {tmp_path / 'packet.json'}: {key}: a {kind}, not a Phenopacket: give the "
        "phenopacket of one person (oms batch --input-format phenopackets reads many, one a "
        "line)\n"
    )


REALISTIC = {
    "oms-child-full.json": (
        {"opsoclonus": "yes", "ataxia": "yes", "behavior": "yes"},
        ["HP:0001250", "HP:0025267", "ORPHA:1183"],
    ),
    "oms-child-neuroblastoma.json": (  # the tumour as a disease and as a biopsy's histology
        {"neuroblastoma": "yes", "opsoclonus": "yes", "myoclonus": "yes"},
        ["ORPHA:1183", "MONDO:0005090"],
    ),
    "oms-adult-excluded.json": (
        {"neuroblastoma": "no", "opsoclonus": "no", "myoclonus": "yes", "sleep": "yes"},
        ["HP:0001298"],
    ),
}


@pytest.mark.parametrize("name", sorted(REALISTIC))
@pytest.mark.parametrize("snake", [False, True], ids=["camelCase", "field names"])
def test_phenopackets_as_other_tools_write_them_are_read(name: str, snake: bool) -> None:
    """Subject, onset, modifiers, evidence, diseases, interpretations, treatments, metaData.

    The fixtures (fictional cases modelled on the GA4GH examples) parse with the official
    package; oms reads their features and diagnoses, in both of protobuf's spellings, lists the
    diagnoses it does not count, and ignores the rest.
    """
    text = (FIXTURES / name).read_text(encoding="utf-8")
    message = Parse(text, Phenopacket())
    if snake:
        text = MessageToJson(message, preserving_proto_field_name=True)
    read = phenopacket.parse_phenopacket_text(text)
    answers, not_counted = REALISTIC[name]
    assert {f.value: a.value for f, a in read.findings.items()} == (
        {f.value: "unknown" for f in FINDINGS} | answers
    )
    assert [entry.id for entry in read.not_counted] == not_counted


def mutations(value: Any) -> Iterator[Any]:
    """Each copy of a JSON value with one change: a key renamed or added, a value's kind changed."""
    if isinstance(value, dict):
        yield {**value, "extra": 1}
        yield [value]
        for key, item in value.items():
            for renamed in (key.lower(), key.upper(), key + "s", key.rstrip("s")):
                if renamed != key and renamed not in value:
                    yield {renamed if k == key else k: v for k, v in value.items()}
            for changed in mutations(item):
                yield {**value, key: changed}
    elif isinstance(value, list):
        yield {"items": value}
        yield [*value, None]
        for index, item in enumerate(value):
            for changed in mutations(item):
                yield [*value[:index], changed, *value[index + 1 :]]
    else:
        others: list[Any] = ["text", "", 7, -1, 1.5, True, None, {}, []]
        if isinstance(value, str):
            others += [value.lower(), value + "Z", value[:4]]
        yield from (other for other in others if other != value or type(other) is not type(value))


@pytest.mark.parametrize("name", sorted(REALISTIC))
def test_what_the_official_parser_refuses_oms_refuses(name: str) -> None:
    """Over every one-change mutation of a realistic phenopacket: oms reads only what parses.

    So a typo, a value of the wrong kind or a misplaced object anywhere is never read as
    something; oms may refuse more (a feature without a term, an HPO id that is malformed).
    """
    original = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    tried = accepted = 0
    for mutated in mutations(original):
        text = json.dumps(mutated)
        tried += 1
        if ours(text):
            accepted += 1
            assert official_parse(text), text
    assert tried > 300
    assert 0 < accepted < tried


def test_the_schema_table_is_what_the_official_package_defines() -> None:
    """phenopacket_v2.json is exactly what tools/phenopacket_schema.py makes from the package."""
    assert schema_tool.TARGET.read_text(encoding="utf-8") == schema_tool.render(), (
        "run python -m tools.phenopacket_schema"
    )


def test_batch_reads_phenopackets_with_the_same_strict_reader(cli: Invoke) -> None:
    """In batch, a v1 line and a typo are errors naming their line; a good line is read."""
    good = features_json(term("HP:0010543"), term("HP:0001251"), term("HP:0000737"))
    v1 = v1_phenopacket(negated=True).replace("\n", "")
    typo = '{"id": "t", "phenotypicFeatures": [{"type": {"id": "HP:0010543"}, "exclude": true}]}'
    obo = '{"id": "o", "phenotypicFeatures": [{"type": {"id": "HP_0010543"}}]}'
    result = cli("batch", "-", "--input-format", "phenopackets", "--keep-going", "-f", "jsonl",
                 input=f"{good}\n{v1}\n{typo}\n{obo}\n")  # fmt: skip
    assert result.exit_code == 2
    errors = result.stderr.splitlines()
    assert errors[0].startswith("oms: error: <stdin>:2: phenotypicFeatures[0].negated: v1 ")
    assert errors[1].startswith("oms: error: <stdin>:3: phenotypicFeatures[0].exclude: not a ")
    assert errors[2] == (
        "oms: error: <stdin>:4: phenotypicFeatures[0].type.id: 'HP_0010543' is not an HPO id: "
        "expected HP: then seven digits (HP:nnnnnnn)"
    )
    first = json.loads(result.stdout.splitlines()[0])
    assert (first["id"], first["verdict"]) == ("p1", "met")


def test_the_docs_examples_are_real_output(cli: Invoke) -> None:
    """docs/phenopackets.md's examples show exactly what the commands print, and their exit code."""
    text = (Path(__file__).parents[1] / "docs" / "phenopackets.md").read_text(encoding="utf-8")
    examples = list(EXAMPLE.finditer(text))
    assert len(examples) == 3
    for match in examples:
        stdin = match["stdin"].replace("\\n", "\n") if match["stdin"] is not None else None
        result = cli(*shlex.split(match["args"]), input=stdin)
        assert (result.exit_code, result.output) == (int(match["code"]), match["output"])


def test_an_unknown_key_is_shown_without_its_control_characters(
    cli: Invoke, tmp_path: Path
) -> None:
    """A key from the file in an error message reaches the terminal escaped, never as ESC."""
    text = '{"phenotypicFeatures": [{"type": {"id": "HP:0010543"}, "\\u001b[31mred": true}]}'
    result = check_file(cli, tmp_path, text)
    assert result.exit_code == 2
    assert "\x1b" not in result.stderr
    assert "phenotypicFeatures[0].\\x1b[31mred: not a field of PhenotypicFeature" in result.stderr


def test_beside_brief_and_fhir_the_features_not_counted_are_a_note(
    cli: Invoke, tmp_path: Path
) -> None:
    """Outputs with no place for the list get one line on standard error naming the terms."""
    text = features_json(term("HP:0010543"), term("HP:0025267", "Snoring"))
    note = "oms: note: not counted from the phenopacket: HP:0025267 (see docs/phenopackets.md)\n"
    for extra in (("--brief",), ("--format", "fhir")):
        result = check_file(cli, tmp_path, text, *extra)
        assert (result.exit_code, result.stderr) == (3, note)


# A neuroblastoma recorded as a diagnosis (QA2 finding 5), and the kinds of counted terms (8).

NB = "NCIT:C3270"


def disease(term_id: str, label: str = "", *, excluded: bool = False) -> dict[str, Any]:
    """One disease as a JSON object."""
    element: dict[str, Any] = {"term": {"id": term_id, "label": label}}
    if excluded:
        element["excluded"] = True
    return element


def histology(term_id: str, label: str = "") -> dict[str, Any]:
    """One biosample with a histological diagnosis, as a JSON object."""
    return {"id": "b1", "histologicalDiagnosis": {"id": term_id, "label": label}}


def packet_json(
    features: Sequence[dict[str, Any]] = (),
    diseases: Sequence[dict[str, Any]] = (),
    biosamples: Sequence[dict[str, Any]] = (),
    ident: str = "p1",
) -> str:
    """A v2 phenopacket with features, diseases and biosamples, checked by the official parser."""
    data: dict[str, Any] = {"id": ident, "phenotypicFeatures": list(features)}
    data |= {"diseases": list(diseases), "biosamples": list(biosamples)}
    text = json.dumps(data)
    assert official_parse(text), text
    return text


@pytest.mark.parametrize(
    "term_id",
    ["NCIT:C3270", "MONDO:0005072", "DOID:769", "ORPHA:635", "Orphanet:635", "ncit:C3270"],
)
def test_a_neuroblastoma_disease_is_yes_and_excluded_is_no(term_id: str) -> None:
    """A disease whose term is neuroblastoma, in any of the reviewed ids, is the first criterion."""
    present = phenopacket.parse_phenopacket_text(packet_json(diseases=[disease(term_id)]))
    assert present.findings == dict.fromkeys(FINDINGS, Answer.UNKNOWN) | {
        Finding.NEUROBLASTOMA: Answer.YES
    }
    assert present.not_counted == ()
    excluded = packet_json(diseases=[disease(term_id, excluded=True)])
    read = phenopacket.parse_phenopacket_text(excluded)
    assert read.findings[Finding.NEUROBLASTOMA] is Answer.NO
    assert read.not_counted == ()


def test_a_biosamples_histology_of_neuroblastoma_is_yes() -> None:
    """A histological diagnosis has no exclusion: neuroblastoma is yes, anything else is listed."""
    samples = [histology("NCIT:C3270", "Neuroblastoma"), histology("NCIT:C3262", "Neoplasm")]
    read = phenopacket.parse_phenopacket_text(packet_json(biosamples=samples))
    assert read.findings[Finding.NEUROBLASTOMA] is Answer.YES
    [other] = read.not_counted
    assert (other.path, other.id, other.excluded) == (
        "biosamples[1].histologicalDiagnosis",
        "NCIT:C3262",
        False,
    )
    alone = phenopacket.parse_phenopacket_text(packet_json(biosamples=samples[1:]))
    assert alone.findings[Finding.NEUROBLASTOMA] is Answer.UNKNOWN  # another histology is not no


def test_the_qa_phenopacket_with_a_neuroblastoma_diagnosis_is_met(
    cli: Invoke, tmp_path: Path
) -> None:
    """QA2 finding 5: opsoclonus, myoclonus, and the tumour as a disease and a histology: met.

    Before, neuroblastoma stayed unknown, nothing said the diagnoses were unused, and the notes
    said no result for a neuroblastoma is recorded.
    """
    text = json.dumps(
        {
            "id": "nb1",
            "subject": {"id": "c1", "timeAtLastEncounter": {"age": {"iso8601duration": "P1Y8M"}}},
            "phenotypicFeatures": [
                term("HP:0010543", "Opsoclonus"),
                term("HP:0001336", "Myoclonus"),
            ],
            "diseases": [
                {
                    "term": {"id": NB, "label": "Neuroblastoma"},
                    "onset": {"age": {"iso8601duration": "P1Y6M"}},
                },
                disease("ORPHA:1183", "Opsoclonus-myoclonus syndrome"),
            ],
            "biosamples": [histology(NB, "Neuroblastoma")],
            "metaData": {"created": "2024-01-01T00:00:00Z", "phenopacketSchemaVersion": "2.0"},
        }
    )
    assert official_parse(text)
    result = check_file(cli, tmp_path, text, "--no-input", "--format", "json")
    data = json.loads(result.stdout)
    assert (result.exit_code, data["verdict"], data["findings"]["neuroblastoma"]) == (
        0,
        "met",
        "yes",
    )
    [syndrome] = data["not_counted"]
    reviewed = hpo_sets.diagnosis_reviewed("ORPHA:1183")
    assert reviewed is not None
    assert syndrome == {
        "path": "diseases[1]",
        "id": "ORPHA:1183",
        "label": "Opsoclonus-myoclonus syndrome",
        "excluded": False,
        "finding": None,
        "reason": reviewed.reason,
    }
    assert list(Draft202012Validator(schema.load(schema.SchemaName.CHECK)).iter_errors(data)) == []
    assert "No result for a neuroblastoma is recorded" not in result.stdout


def test_diagnoses_not_counted_are_listed_beside_the_features(cli: Invoke, tmp_path: Path) -> None:
    """Other diseases (excluded too) and histologies are listed where they are, and noted."""
    text = packet_json(
        [term("HP:0010543"), term("HP:0025267", "Snoring")],
        [disease("MONDO:0005090", "schizophrenia", excluded=True), disease("OMIM:256700")],
        [histology("NCIT:C3262", "Neoplasm")],
    )
    result = check_file(cli, tmp_path, text, "--format", "json")
    shown = [
        (entry["path"], entry["id"], entry["excluded"], entry["finding"])
        for entry in json.loads(result.stdout)["not_counted"]
    ]
    assert shown == [
        ("phenotypicFeatures[1]", "HP:0025267", False, "sleep"),
        ("diseases[0]", "MONDO:0005090", True, None),
        ("diseases[1]", "OMIM:256700", False, "neuroblastoma"),
        ("biosamples[0].histologicalDiagnosis", "NCIT:C3262", False, None),
    ]
    brief = check_file(cli, tmp_path, text, "--brief")
    assert brief.stderr == (
        "oms: note: not counted from the phenopacket: HP:0025267, MONDO:0005090, OMIM:256700, "
        "NCIT:C3262 (see docs/phenopackets.md)\n"
    )
    markdown = check_file(cli, tmp_path, text, "--format", "markdown")
    assert "- excluded MONDO:0005090 schizophrenia, at diseases\\[0\\]" in markdown.stdout


def test_a_disease_id_among_the_features_is_listed_with_where_it_counts() -> None:
    """MONDO:0005072 as a feature stays unknown; the reason says to give it as a disease."""
    read = phenopacket.parse_phenopacket_text(features_json(term("MONDO:0005072")))
    assert read.findings[Finding.NEUROBLASTOMA] is Answer.UNKNOWN
    [entry] = read.not_counted
    assert entry.finding is Finding.NEUROBLASTOMA
    assert entry.reason is not None
    assert "diseases" in entry.reason


@pytest.mark.parametrize(
    ("features", "diseases", "biosamples", "message"),
    [
        (
            [term("HP:0003006", excluded=True)],
            [disease(NB)],
            [],
            "diseases[0]: says neuroblastoma is present, which phenotypicFeatures[0] excludes",
        ),
        (
            [term("HP:0002664", "Neoplasm", excluded=True)],
            [],
            [histology(NB)],
            "biosamples[0].histologicalDiagnosis: says neuroblastoma is present, which "
            "phenotypicFeatures[0] excludes",
        ),
        (
            [term("HP:0006747", "Ganglioneuroblastoma")],
            [disease("MONDO:0005072", excluded=True)],
            [],
            "diseases[0]: excludes neuroblastoma, which phenotypicFeatures[0] says is present",
        ),
        (
            [],
            [disease(NB, excluded=True)],
            [histology(NB)],
            "biosamples[0].histologicalDiagnosis: says neuroblastoma is present, which "
            "diseases[0] excludes",
        ),
        (
            [],
            [disease("ORPHA:635"), disease(NB, excluded=True)],
            [],
            "diseases[1]: excludes neuroblastoma, which diseases[0] says is present",
        ),
    ],
)
def test_a_tumour_present_in_one_place_and_excluded_in_another_is_refused(
    features: list[dict[str, Any]],
    diseases: list[dict[str, Any]],
    biosamples: list[dict[str, Any]],
    message: str,
) -> None:
    """As for a term both present and excluded: exit 2, naming both places."""
    with pytest.raises(phenopacket.PhenopacketError) as caught:
        phenopacket.parse_phenopacket_text(packet_json(features, diseases, biosamples))
    assert str(caught.value) == message


def test_batch_reads_the_diagnoses_with_the_same_reader(cli: Invoke) -> None:
    """`oms batch --input-format phenopackets`: a disease, an excluded one, a histology, a clash."""
    common = [term("HP:0010543"), term("HP:0001251")]
    lines = [
        packet_json(common, [disease(NB)], ident="disease"),
        packet_json(common, [disease("MONDO:0005072", excluded=True)], ident="excluded"),
        packet_json(common, [], [histology(NB)], ident="histology"),
        packet_json(common, [disease("ORPHA:1183")], ident="other"),
        packet_json(common, [disease(NB, excluded=True)], [histology(NB)], ident="clash"),
    ]
    result = cli("batch", "-", "--input-format", "phenopackets", "--keep-going", "-f", "jsonl",
                 input="\n".join(lines) + "\n")  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        "oms: error: <stdin>:5: biosamples[0].histologicalDiagnosis: says neuroblastoma is "
        "present, which diseases[0] excludes"
    )
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    read = {row["id"]: (row["findings"]["neuroblastoma"], row["verdict"]) for row in rows[:4]}
    assert read == {
        "disease": ("yes", "met"),
        "excluded": ("no", "undetermined"),
        "histology": ("yes", "met"),
        "other": ("unknown", "undetermined"),
    }
    assert rows[4]["id"] == "clash"


@pytest.mark.parametrize(
    ("term_id", "verdict", "sleep"),
    [
        ("HP:0025234", "met", "yes"),  # Parasomnia
        ("HP:0025235", "met", "yes"),  # NREM parasomnia
        ("HP:0025236", "met", "yes"),  # Somnambulism
        ("HP:5200291", "met", "yes"),  # REM sleep behavior disorder
        ("HP:5200305", "met", "yes"),  # Paradoxical insomnia
        ("HP:0030765", "met", "yes"),  # Sleep terror
        ("HP:0012452", "undetermined", "unknown"),  # Restless legs: a movement in sleep
    ],
)
def test_kinds_of_parasomnia_count_as_parasomnia_does(
    cli: Invoke, tmp_path: Path, term_id: str, verdict: str, sleep: str
) -> None:
    """QA2 finding 8's loop: with opsoclonus and ataxia, each narrower term gives what it means."""
    text = features_json(term(term_id), term("HP:0010543"), term("HP:0001251"))
    data = json.loads(check_file(cli, tmp_path, text, "--no-input", "--format", "json").stdout)
    assert (data["verdict"], data["findings"]["sleep"]) == (verdict, sleep)
    if sleep == "unknown":  # listed, near sleep, with the reason of the term it is below
        [entry] = data["not_counted"]
        assert entry["finding"] == "sleep"
        assert entry["reason"].startswith("below Abnormal movement during sleep")
    else:
        assert data["not_counted"] == []


def test_a_kind_present_below_an_excluded_kind_is_refused() -> None:
    """The true-path rule holds for the generated kinds: sleep terror under NREM parasomnia."""
    text = features_json(term("HP:0030765"), term("HP:0025235", excluded=True))
    with pytest.raises(phenopacket.PhenopacketError) as caught:
        phenopacket.parse_phenopacket_text(text)
    assert str(caught.value) == (
        "phenotypicFeatures[1]: excludes Sleep terror (HP:0030765), which phenotypicFeatures[0] "
        "says is present"
    )
    excluded = phenopacket.parse_phenopacket_text(features_json(term("HP:0025235", excluded=True)))
    assert excluded.findings[Finding.SLEEP] is Answer.UNKNOWN  # a kind ruled out, not sleep
    [entry] = excluded.not_counted
    assert entry.finding is Finding.SLEEP
