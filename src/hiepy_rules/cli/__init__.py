"""The ``hiepy`` command: the fast entry point, the typer app, one module per command."""
