"""``python -m factcheck.cli``: the same as the ``factcheck`` command."""

from factcheck.cli import main

main()
