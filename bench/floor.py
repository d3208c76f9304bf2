#!/usr/bin/env python3
"""The floor of one check: start Python, parse the proposal with libyaml, validate it with pydantic.

    .venv/bin/python bench/floor.py examples/cuc-thue-quang-tri-2012.yaml

Nothing of hiepy but its proposal model (``hiepy_rules.schema.proposal``, the pydantic classes every
check validates against). The YAML is read by PyYAML's C parser and SafeConstructor with YAML 1.2
booleans, as hiepy reads it (``yes``/``no`` stay strings: a vote has a ``yes`` field). Whatever
``hiepy check`` costs beyond this command is hiepy's overhead (bench/run.py, docs/performance.md).
"""

from __future__ import annotations

import re
import sys

import yaml
from yaml.constructor import SafeConstructor
from yaml.cyaml import CParser
from yaml.resolver import Resolver

_BOOL = "tag:yaml.org,2002:bool"


class _Resolver(Resolver):
    pass


_Resolver.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _BOOL]
    for first, resolvers in Resolver.yaml_implicit_resolvers.items()
}
_Resolver.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


class Loader(CParser, SafeConstructor, _Resolver):  # CSafeLoader with YAML 1.2 booleans
    def __init__(self, stream: str) -> None:
        CParser.__init__(self, stream)
        SafeConstructor.__init__(self)
        _Resolver.__init__(self)


def parse_and_validate(text: str) -> object:
    from hiepy_rules.schema.proposal import Proposal

    return Proposal.model_validate(yaml.load(text, Loader=Loader))  # SafeConstructor: plain data only


def main(argv: list[str]) -> int:
    for path in argv[1:]:
        with open(path, encoding="utf-8") as f:
            parse_and_validate(f.read())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
