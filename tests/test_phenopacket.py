"""Phenopacket input: `oms check --from-phenopacket` and `oms batch --input-format phenopackets`.

The phenopackets are made and serialised with the official GA4GH `phenopackets` package (its
protobuf classes and protobuf's JSON mapping), so they are real v2 phenopackets, in both of the
spellings protobuf writes (camelCase and the fields' own names).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest
from google.protobuf.json_format import MessageToJson, Parse
from phenopackets.schema.v2 import MetaData, OntologyClass, Phenopacket, PhenotypicFeature

from oms_cli.interop import codes, hpo_descendants, phenopacket
from oms_cli.rules import FINDINGS, Answer, Finding, all_combinations, evaluate_answers
from tests.conftest import Invoke

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
    return codes.HPO_TERMS[finding].id


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


def test_terms_below_a_finding_count_as_that_finding() -> None:
    """Limb myoclonus makes myoclonus yes; so does every term listed below each finding."""
    limb = read(packet([feature("HP:0045084", label="Limb myoclonus")]))
    assert limb[Finding.MYOCLONUS] is Answer.YES
    assert limb[Finding.ATAXIA] is Answer.UNKNOWN
    for finding in FINDINGS:
        for term_id in hpo_descendants.BELOW[finding.value]:
            assert read(packet([feature(term_id)]))[finding] is Answer.YES, term_id


def test_an_excluded_term_below_a_finding_leaves_it_unknown() -> None:
    """No limb myoclonus does not mean no myoclonus: the finding stays unknown, never no."""
    findings = read(packet([feature("HP:0045084", excluded=True)]))
    assert findings[Finding.MYOCLONUS] is Answer.UNKNOWN


def test_other_terms_are_ignored() -> None:
    """A term that is none of the six findings, nor below one, changes nothing."""
    findings = read(packet([feature("HP:0001250", label="Seizure"), feature("MONDO:0005072")]))
    assert set(findings.values()) == {Answer.UNKNOWN}


def test_a_term_below_two_findings_counts_for_both() -> None:
    """A term below both atypical behaviour and sleep abnormality makes both yes."""
    [shared, *_] = sorted(hpo_descendants.BELOW["behavior"] & hpo_descendants.BELOW["sleep"])
    findings = read(packet([feature(shared)]))
    assert findings[Finding.BEHAVIOR] is findings[Finding.SLEEP] is Answer.YES


def test_present_and_excluded_for_one_finding_is_refused() -> None:
    """A descendant present and the finding excluded is a contradiction naming both features."""
    message = packet([feature("HP:0045084"), feature(own(Finding.MYOCLONUS), excluded=True)])
    with pytest.raises(phenopacket.PhenopacketError) as caught:
        read(message)
    assert str(caught.value) == (
        "phenotypicFeatures[1]: excludes myoclonus, which phenotypicFeatures[0] says is present"
    )


def only_below(finding: Finding) -> list[str]:
    """The terms below a finding and below no other (a few are below both behavior and sleep)."""
    others = set().union(*(hpo_descendants.BELOW[f.value] for f in FINDINGS if f is not finding))
    return sorted(hpo_descendants.BELOW[finding.value] - others)


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
        assert (from_file.exit_code, from_file.stdout) == (from_flags.exit_code, from_flags.stdout)


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
    (
        '{"phenotypicFeatures": [{"type": {"id": "HP:1336"}}]}',
        "phenotypicFeatures[0].type.id: 'HP:1336' is not an HPO id (HP:nnnnnnn)",
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
