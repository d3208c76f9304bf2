"""``python -m hiepy_rules``: the same as the ``hiepy`` command."""

from hiepy_rules.cli_fast import main

main()
