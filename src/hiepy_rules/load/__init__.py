"""Reading input files: safe YAML with positions, validation, rule packs, and all of time (versions)."""
