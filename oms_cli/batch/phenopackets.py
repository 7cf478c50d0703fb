"""Phenopackets in `oms batch`: a JSON Lines file with one GA4GH phenopacket (v2 JSON) a line.

Each phenopacket is read as `oms check --from-phenopacket` reads one
(`oms_cli.interop.phenopacket`); its
``id`` is the row's id (the line number when it has none). A bad phenopacket is a `RowError`
whose message names the file, the line and the element, like a bad CSV cell:
``cases.jsonl:3: phenotypicFeatures[0].excluded: expected true or false, got a string``.
"""

from __future__ import annotations

from collections.abc import Iterator

from oms_cli.batch.rows import Good, Item, RowError, encodable, outcome_for
from oms_cli.batch.source import InputSource, record_lines
from oms_cli.interop.phenopacket import NotJson, PhenopacketError, parse_phenopacket, read_json
from oms_cli.rules import FINDINGS


def phenopacket_cases(source: InputSource) -> Iterator[Item]:
    """Every phenopacket of the input as a `Good` row or a `RowError`; blank lines are skipped.

    Raises `BatchError` when the input holds no phenopacket at all.
    """
    for entry in record_lines(source):
        if isinstance(entry, RowError):
            yield entry
            continue
        line, text = entry
        try:
            data = read_json(text)
        except NotJson as error:
            column = f"column {error.json.column}: " if error.json.column is not None else ""
            message = f"{source.where(line)}: {column}not JSON: {error.json.problem}"
            yield RowError(line, str(line), message)
            continue
        try:
            packet = parse_phenopacket(data)
        except PhenopacketError as error:
            ident = data.get("id") if isinstance(data, dict) else None
            ident = ident if isinstance(ident, str) and encodable(ident) else str(line)
            yield RowError(line, ident, f"{source.where(line)}: {error}")
            continue
        answers = tuple(packet.findings[finding].value for finding in FINDINGS)
        ident = packet.id if packet.id is not None else str(line)
        yield Good([ident], [outcome_for(answers)])
