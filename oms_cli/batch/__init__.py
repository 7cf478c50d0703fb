"""Many people at once: CSV, JSON Lines, phenopackets or Excel in, one verdict a row out, streaming.

`rows` holds what a reader yields and how a row's cells become a verdict; `reading` one reader
per input format; `writing` the output formats; `screen` the output for people (rich); `command`
the whole `oms batch`. This file holds only the formats, so that the CLI can offer them as
choices without loading any of those.
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


INPUT_SUFFIXES = {
    ".csv": InputFormat.CSV,
    ".jsonl": InputFormat.JSONL,
    ".ndjson": InputFormat.JSONL,
    ".xlsx": InputFormat.XLSX,
}
OUTPUT_SUFFIXES = {
    ".csv": OutputFormat.CSV,
    ".jsonl": OutputFormat.JSONL,
    ".ndjson": OutputFormat.JSONL,
}
