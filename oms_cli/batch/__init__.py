"""Many people at once: CSV or JSON Lines in, one verdict a row out, streaming.

The pieces, each usable on its own, in modules that import only those listed before them (the
names other code uses are re-exported here):

- `rows`: the row model: formats, constants, `BatchError`, `Outcome` and its caches, and the
  `RowResult` (one evaluated row) / `RowError` (one bad row, with a precise message) readers yield.
- `reading`: `open_input` / `InputSource`: a binary stream read in chunks that end at a line end,
  counting lines, so that every error names its line; rejects missing, empty, binary and non-UTF-8
  input. `CsvCases` / `jsonl_cases`: readers that yield a `RowResult` or a `RowError` for each row,
  never a list of all rows.
- `writing`: `CsvWriter` / `JsonlWriter` / `FhirNdjsonWriter`: one output line a case or error,
  as bytes; `on_screen` for standard output on a terminal. The output file itself is
  `oms_cli.outfile.OutputFile`.
- `fastpath`: `CsvFastPath`, the fast paths for CSV to CSV.
- `command`: `run`: reader to writer (CSV to CSV through `fastpath`). `execute`: the whole
  `oms batch` command, with its progress bar and summary.

The rule itself is `rules.evaluate_answers`, a cached table lookup; this package adds a second cache
from the raw cell text straight to the precomputed output, so that reading and writing are the cost.
"""

from oms_cli.batch.command import BatchOptions, execute, run
from oms_cli.batch.reading import (
    CHUNK_SIZE,
    MAX_LINE,
    CsvCases,
    InputSource,
    guess_input_format,
    input_size,
    jsonl_cases,
    open_input,
    read_cases,
)
from oms_cli.batch.rows import (
    CACHE_LIMIT,
    ERROR,
    ID,
    INPUT_SUFFIXES,
    OUTPUT_COLUMNS,
    OUTPUT_SUFFIXES,
    STDIN,
    STDIN_NAME,
    BatchError,
    InputFormat,
    Item,
    Outcome,
    OutputFormat,
    RowError,
    RowResult,
    Summary,
    answer_value,
    outcome_for,
)
from oms_cli.batch.writing import (
    CsvWriter,
    FhirNdjsonWriter,
    HeaderFirst,
    JsonlWriter,
    Sink,
    Writer,
    csv_field,
    guess_output_format,
)

__all__ = [
    "CACHE_LIMIT",
    "CHUNK_SIZE",
    "ERROR",
    "ID",
    "INPUT_SUFFIXES",
    "MAX_LINE",
    "OUTPUT_COLUMNS",
    "OUTPUT_SUFFIXES",
    "STDIN",
    "STDIN_NAME",
    "BatchError",
    "BatchOptions",
    "CsvCases",
    "CsvWriter",
    "FhirNdjsonWriter",
    "HeaderFirst",
    "InputFormat",
    "InputSource",
    "Item",
    "JsonlWriter",
    "Outcome",
    "OutputFormat",
    "RowError",
    "RowResult",
    "Sink",
    "Summary",
    "Writer",
    "answer_value",
    "csv_field",
    "execute",
    "guess_input_format",
    "guess_output_format",
    "input_size",
    "jsonl_cases",
    "open_input",
    "outcome_for",
    "read_cases",
    "run",
]
