"""The typer commands, one module per command or group; ``cli/app.py`` registers them in the order
``--help`` lists them."""
