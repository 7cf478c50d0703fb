"""`oms batch`: many people at once, one verdict a row; here only the formats, for the CLI."""

from enum import StrEnum


class InputFormat(StrEnum):
    """Formats `oms batch` reads: phenopackets is JSON Lines of GA4GH phenopackets (v2 JSON)."""

    CSV = "csv"
    JSONL = "jsonl"
    PHENOPACKETS = "phenopackets"
    XLSX = "xlsx"


class OutputFormat(StrEnum):
    """Formats `oms batch` writes: csv, jsonl and fhir-ndjson for programs, table for people."""

    CSV = "csv"
    JSONL = "jsonl"
    TABLE = "table"
    FHIR_NDJSON = "fhir-ndjson"


INPUT_SUFFIXES = {
    ".csv": InputFormat.CSV,
    ".jsonl": InputFormat.JSONL,
    ".ndjson": InputFormat.JSONL,
    ".xlsx": InputFormat.XLSX,
    ".xlsm": InputFormat.XLSX,  # a workbook with macros: the same format (the macros unread)
}
OUTPUT_SUFFIXES = {
    ".csv": OutputFormat.CSV,
    ".jsonl": OutputFormat.JSONL,
    ".ndjson": OutputFormat.JSONL,
}
