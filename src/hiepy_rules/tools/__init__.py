"""Developer tools: the generated field reference and the exported JSON Schemas."""
