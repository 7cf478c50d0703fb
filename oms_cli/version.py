"""The version of oms-cli: `oms_cli.__version__`, read by the build too (pyproject.toml)."""

__version__ = "0.1.0"
