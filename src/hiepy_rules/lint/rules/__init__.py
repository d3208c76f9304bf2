"""The families of lint checks, one module each."""
