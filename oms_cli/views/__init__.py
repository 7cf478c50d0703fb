"""One result, many forms: the words for people, rich and Markdown layouts, JSON, exports."""

import shutil
from typing import TextIO


def is_terminal(stream: TextIO | None) -> bool:
    """Whether ``stream`` is a terminal (None: its descriptor was closed, as in `oms check <&-`)."""
    return stream is not None and stream.isatty()


def width() -> int:
    """Columns of the terminal (or ``COLUMNS``), as wide as the other output is laid out."""
    return shutil.get_terminal_size().columns
