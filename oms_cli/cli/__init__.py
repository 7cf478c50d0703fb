"""The ``oms`` command line: the Typer app, its options, and what only a whole process meets."""
