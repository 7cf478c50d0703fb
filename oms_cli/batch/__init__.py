"""Many people at once: CSV or JSON Lines in, one verdict a row out, streaming.

The pieces, each usable on its own, in modules that import only those listed before them; other
code imports a name from the module that owns it:

- `formats`: `InputFormat` / `OutputFormat` and the extensions that name them; standard library
  only, so that the CLI offers them as choices without loading the rest (`oms check` never does).
- `rows`: the row model: constants, `BatchError`, `Outcome` and its caches, and the `RowResult`
  (one evaluated row) / `RowError` (one bad row, with a precise message) readers yield.
- `source`: `open_input` / `InputSource`: a binary stream read in chunks that end at a line end,
  counting lines, so that every error names its line; rejects missing, empty, binary and non-UTF-8
  input.
- `reading`: `CsvCases` / `jsonl_cases` / `read_cases`: readers that yield a `RowResult` or a
  `RowError` for each row, never a list of all rows.
- `phenopackets`: the reader of JSON Lines of GA4GH phenopackets.
- `writing`: `CsvWriter` / `JsonlWriter` / `FhirNdjsonWriter`: one output line a case or error,
  as bytes; `on_screen` for standard output on a terminal. The output file itself is
  `oms_cli.files.outfile.OutputFile`.
- `screen`: output for people: the table, the summary and the progress bar (rich).
- `fastpath`: `CsvFastPath`, the fast paths for CSV to CSV.
- `command`: `run`: reader to writer (CSV to CSV through `fastpath`). `execute`: the whole
  `oms batch` command, with its progress bar and summary; `command`, the entry the CLI calls.

The rule itself is `rules.evaluate_answers`; `rows.outcome_for` keeps its outcome for each
combination of answers met, and the readers map raw cell text straight to that output, so that
reading and writing are the cost.

This file imports none of them, so that importing `oms_cli.batch.formats` costs
only that module.
"""
