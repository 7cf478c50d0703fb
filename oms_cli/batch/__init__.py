"""Many people at once: CSV, JSON Lines or Excel in, one verdict a row out, streaming.

Modules, each importing only those before it: `formats` (standard library only: the CLI's
choices), `rows` (outcomes, spellings, the items read), `source` (the input as counted lines),
`reading` (columns; the CSV and JSON Lines readers), `phenopackets`, `xlsx`, `writing`, `screen`
(output for people, rich), `command` (the whole `oms batch`). This file imports none of them.
"""
