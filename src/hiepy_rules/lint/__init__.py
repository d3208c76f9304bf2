"""Checks on rule packs: ``hiepy lint`` (the runner and one module per family of rules) and pack tests."""
