"""The version of oms-cli, in a module of its own.

`oms_cli` re-exports it as `oms_cli.__version__`; the modules that the package itself imports
(`oms_cli.views.json_object`, through the library API) read it from here, so that no import cycle
runs through the package. The build reads it from here too (pyproject.toml, `tool.hatch.version`).
"""

__version__ = "0.1.0"
