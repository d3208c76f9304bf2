"""From a proposal and provisions to what engines run: facts, the condition IR, its three-valued logic."""
