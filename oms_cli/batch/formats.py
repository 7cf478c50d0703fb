"""The formats `oms batch` reads and writes, and the file extensions that name them.

Standard library only and nothing else, so that `oms_cli.cli.app` can offer them as choices at
start-up without loading the batch machinery (`oms check` never uses it).
"""

from enum import StrEnum


class InputFormat(StrEnum):
    """Formats `oms batch` reads."""

    CSV = "csv"
    JSONL = "jsonl"
    PHENOPACKETS = "phenopackets"
    """JSON Lines, one GA4GH phenopacket (v2 JSON) a line."""
    XLSX = "xlsx"
    """Excel: the first sheet (or --sheet NAME), a header row, then one row a case."""


class OutputFormat(StrEnum):
    """Formats `oms batch` writes: csv and jsonl for programs, table for people."""

    CSV = "csv"
    JSONL = "jsonl"
    TABLE = "table"
    FHIR_NDJSON = "fhir-ndjson"


INPUT_SUFFIXES: dict[str, InputFormat] = {
    ".csv": InputFormat.CSV,
    ".jsonl": InputFormat.JSONL,
    ".ndjson": InputFormat.JSONL,
    ".xlsx": InputFormat.XLSX,
}
OUTPUT_SUFFIXES: dict[str, OutputFormat] = {
    ".csv": OutputFormat.CSV,
    ".jsonl": OutputFormat.JSONL,
    ".ndjson": OutputFormat.JSONL,
}
