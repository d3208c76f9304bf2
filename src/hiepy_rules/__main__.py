"""``python -m hiepy_rules``: the same as the ``hiepy`` command."""

from hiepy_rules.cli.main import main

main()
