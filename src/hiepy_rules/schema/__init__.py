"""The input formats: proposals, provisions, their shared field docs and words. Imports nothing of hiepy but errors."""
