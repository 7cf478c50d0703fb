"""``python -m oms_cli``: the same as the ``oms`` command."""

from oms_cli.cli import main

if __name__ == "__main__":
    main()
