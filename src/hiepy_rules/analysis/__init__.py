"""Rule-set analysis without a proposal: ``hiepy conflicts``, ``hiepy diff`` and lint's contradictions.

The provision vocabulary (``compile.py``'s IR) is decided symbolically with z3: fields become z3
variables under the axioms a real proposal obeys (``slots``), the three-valued meaning of
``logic.outcome`` becomes formulas (``encode``), and the runtime choices of ``conflicts.py`` become
quantifiers over the choice's values (``symbolic``). A model is turned into a complete proposal
file (``witness``) that ``check`` replays; ``region`` turns the formula into the words a drafter reads.
docs/analysis.md says which fragment is decided exactly and what is approximated.
"""
