"""The imports that climb: a module importing from a layer above its own (docs/architecture.md).

``python -m tools.layers`` prints each such import, ``module -> imported``, read from the source
(every import statement, lazy and ``TYPE_CHECKING`` ones included), and exits 0; the layers, from
the bottom up, are `LAYERS`. docs/architecture.md lists the climbs this prints, with their reasons.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "oms_cli"
LAYERS = ("rules", "content", "files", "views", "interop", "teaching", "batch", "cli")
"""The subpackages from the bottom up. `oms_cli.exitcodes`, `.errors` and `.version` are below them
all; the package's public API (`oms_cli`, `oms_cli.api`) and `oms_cli.__main__` are above them
all."""
ENTRY_POINTS = ("oms_cli", "oms_cli.api", "oms_cli.__main__")


def _layer(module: str) -> int:
    parts = module.split(".")
    if module in ENTRY_POINTS:
        return len(LAYERS)
    return LAYERS.index(parts[1]) if len(parts) > 1 and parts[1] in LAYERS else -1


def climbs() -> Iterator[tuple[str, str]]:
    """Each (module, imported module) where the imported one is in a higher layer."""
    for path in sorted(PACKAGE.rglob("*.py")):
        module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        module = module.removesuffix(".__init__")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module is not None:
                imported = [node.module]
            elif isinstance(node, ast.Import):
                imported = [alias.name for alias in node.names]
            else:
                continue
            for name in imported:
                if name.startswith("oms_cli.") and _layer(name) > _layer(module):
                    yield module, name


def main() -> int:
    """Print the climbing imports, one a line."""
    for module, name in dict.fromkeys(climbs()):
        sys.stdout.write(f"{module} -> {name}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
