"""Reading untrusted YAML: safe, bounded, and with the position of every key and value.

Everything hiepy reads (proposals, rule files, registries, tests) comes through ``load``. It
builds plain Python values from libyaml's *event* stream, iteratively, so that:

- no tag outside YAML's core types is accepted (``!!python/object`` and friends are an error,
  never a constructor call): rule files are data, never code;
- size, nesting depth and alias expansion are bounded before they can cost anything
  (billion-laughs files stop at the first alias that would blow the budget);
- duplicate keys are an error (PyYAML silently keeps the last one);
- booleans are YAML 1.2's ``true``/``false`` only: ``yes``/``no``/``on``/``off`` stay strings,
  because a vote record has a ``yes`` field;
- every string is NFC-normalised, so ids typed on different keyboards compare equal;
- each value's and each key's 1-based line and column are kept in a ``Positions`` map.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from hiepy_rules.errors import InputError
from hiepy_rules.load import yaml_words
from hiepy_rules.load.document import Document, PathKey, Positions
from hiepy_rules.load.filetext import MAX_BYTES, offset_to_position, read_text

try:  # libyaml is much faster; fall back to the pure-Python parser where it is missing.
    from yaml import CSafeLoader as _Loader
    from yaml._yaml import CParser

    _CParser: Any = CParser
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

    _CParser = None
# docs/hardening.md lists every limit; each can be raised by its environment variable


MAX_DEPTH = int(os.environ.get("HIEPY_MAX_DEPTH", 64))


MAX_NODES = int(os.environ.get("HIEPY_MAX_NODES", 100_000))  # aliases expanded; a 1,000-cadre proposal has ~60,000


MAX_ALIASES = int(os.environ.get("HIEPY_MAX_ALIASES", 1_000))


_CORE = "tag:yaml.org,2002:"


_ALLOWED_TAGS = {_CORE + t for t in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")}


class _Resolver(yaml.resolver.BaseResolver):
    """YAML 1.1 implicit types minus its surprising booleans (yes/no/on/off stay strings)."""


for _first, _resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.items():
    for _tag, _regexp in _resolvers:
        if _tag != _CORE + "bool":
            _Resolver.yaml_implicit_resolvers.setdefault(_first, []).append((_tag, _regexp))


_Resolver.add_implicit_resolver(_CORE + "bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


_RESOLVER = _Resolver()


_DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]{0,17})")  # plain ints the resolver would read the same way


_PLAIN: dict[str, Any] = {
    **dict.fromkeys(("true", "True", "TRUE"), True),
    **dict.fromkeys(("false", "False", "FALSE"), False),
    **dict.fromkeys(("~", "null", "Null", "NULL", ""), None),
}


_CONSTRUCTOR = yaml.constructor.SafeConstructor()


#: first letters whose implicit types are only booleans and nulls (all in ``_PLAIN``): any other
#: plain scalar starting with one is a string
_WORDS = frozenset(
    first
    for first, resolvers in _RESOLVER.yaml_implicit_resolvers.items()
    if all(tag in (_CORE + "bool", _CORE + "null") for tag, _ in resolvers)
)


_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")  # a plain date the timestamp type reads as a date


def _nfc(value: Any) -> Any:
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


def _short(name: str, limit: int = 40) -> str:
    """A name from the file, cut so that one hostile name cannot make the error line unreadable."""
    return name if len(name) <= limit else name[:limit] + "…"


def _pos(event: Any) -> tuple[int, int]:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1)


def _indent_tab(text: str, upto: int) -> tuple[int, int] | None:
    """Line and column of the first tab in a line's indentation, up to line ``upto`` (1-based)."""
    for number, line in enumerate(text.splitlines()[:upto], start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            return number, indent.index("\t") + 1
    return None


def load(path: Path | str, *, display: str | None = None, max_bytes: int = MAX_BYTES) -> Document:
    """Parse one YAML file into a ``Document``; raise ``InputError`` (with a position) otherwise."""
    p = Path(path)
    name = display or str(path)
    return loads(read_text(p, display=name, max_bytes=max_bytes), name)


def loads(text: str, name: str = "<string>", *, stepwise: bool = False) -> Document:
    """``stepwise``: every event through ``_Builder.feed`` (the reference the fast loop is tested against)."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        vi, en = f"dữ liệu quá lớn (giới hạn {MAX_BYTES} byte)", f"input is too large (the limit is {MAX_BYTES} bytes)"
        raise InputError.at(name, 1, 1, vi, "limit", en=en)
    builder = _Builder(name)
    try:
        if _CParser is not None and not stepwise:
            builder.run(_CParser(text))
        else:
            for event in yaml.parse(text, Loader=_Loader):
                builder.feed(event)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        tab = _indent_tab(text, line)
        if tab is not None:
            vi = "thụt lề bằng phím tab: YAML chỉ nhận dấu cách; hãy thay tab bằng dấu cách"
            en = "a tab in the indentation: YAML takes spaces only; replace the tab with spaces"
            raise InputError.at(name, tab[0], tab[1], vi, "syntax", en=en) from None
        vi, en = yaml_words.say(exc.problem or exc.context or "")
        raise InputError.at(name, line, col, vi, "syntax", en=en) from None
    except yaml.YAMLError as exc:  # reader errors (control characters) carry a position too
        line, col = 1, 1
        mark = getattr(exc, "position", None)
        if isinstance(mark, int):
            line, col = offset_to_position(text.encode("utf-8", "surrogatepass"), mark)
        what = str(exc).splitlines()[0] if str(exc) else ""
        raise InputError.at(
            name, line, col, f"YAML không hợp lệ (theo bộ đọc YAML: `{what}`)", "syntax", en=f"invalid YAML: {what}"
        ) from None
    if builder.documents == 0:
        vi, en = "tệp rỗng: cần một bảng YAML 'khóa: giá trị'", "empty file: expected a YAML mapping"
        raise InputError.at(name, 1, 1, vi, "empty", en=en)
    return Document(name, builder.root, builder.positions)


class _Frame:
    __slots__ = ("anchor", "container", "key", "key_pos", "path", "pos", "start_nodes")

    def __init__(
        self, container: Any, path: PathKey, pos: tuple[int, int], anchor: str | None, start_nodes: int
    ) -> None:
        self.start_nodes = start_nodes
        self.container = container
        self.path = path
        self.pos = pos
        self.anchor = anchor
        self.key: Any = _NO_KEY
        self.key_pos = (0, 0)


_NO_KEY = object()


class _Builder:
    """Turns libyaml events into values, checking every bound as it goes (no recursion)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.stack: list[_Frame] = []
        self.root: Any = None
        self.positions = Positions()
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.sizes: dict[int, int] = {}
        self.nodes = 0
        self.aliases = 0
        self.documents = 0

    def fail(self, event: Any, message: str, code: str, en: str = "") -> InputError:
        line, col = _pos(event)
        return InputError.at(self.name, line, col, message, code, en=en)

    def feed(self, event: Any) -> None:
        kind = type(event)
        if kind is yaml.ScalarEvent:  # the common case first
            value = self._scalar(event)
            self.nodes += 1
            if self.nodes > MAX_NODES:
                self._count(event, 0)
            if event.anchor is not None:
                self.anchors[event.anchor] = (value, 1)
            mark = event.start_mark
            self._place(event, value, self._child_path(event), (mark.line + 1, mark.column + 1))
        elif isinstance(event, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise self.fail(
                    event,
                    "tệp có nhiều hơn một tài liệu YAML (dấu ---); hãy chỉ dùng một",
                    "syntax",
                    "more than one YAML document in the file; use one",
                )
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            self._check_tag(event, "map" if isinstance(event, yaml.MappingStartEvent) else "seq")
            if len(self.stack) >= MAX_DEPTH:
                raise self.fail(
                    event, f"lồng nhau sâu quá {MAX_DEPTH} mức", "limit", f"nesting is deeper than {MAX_DEPTH} levels"
                )
            container: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
            self._count(event, 1)
            path = self._child_path(event)
            self.stack.append(_Frame(container, path, _pos(event), event.anchor, self.nodes - 1))
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            frame = self.stack.pop()
            if frame.anchor is not None:
                self.anchors[frame.anchor] = (frame.container, self.nodes - frame.start_nodes)
            self._place(event, frame.container, frame.path, frame.pos)
        elif isinstance(event, yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                raise self.fail(
                    event, f"nhiều hơn {MAX_ALIASES} bí danh (alias)", "limit", f"more than {MAX_ALIASES} aliases"
                )
            if event.anchor not in self.anchors:
                alias = _short(event.anchor or "")
                raise self.fail(event, f"bí danh *{alias} chưa được định nghĩa", "syntax", f"unknown alias *{alias}")
            value, size = self.anchors[event.anchor]
            self._count(event, size)
            self._place(event, value, self._child_path(event), _pos(event))

    def run(self, parser: Any) -> None:
        """Every event of libyaml's ``parser``: scalars placed here, in one loop, the rest by ``feed``.

        Scalars are nine events in ten; this is ``feed``'s and ``_place``'s work for them inlined (the
        same values, positions and checks: anything unusual, a tag, a type to resolve, a duplicate
        key, goes through the same methods as ``feed``).
        """
        get_event = parser.get_event
        scalar_event = yaml.ScalarEvent
        starts = _RESOLVER.yaml_implicit_resolvers
        decimal, plain, normalize, words, date = (
            _DECIMAL.fullmatch,
            _PLAIN,
            unicodedata.normalize,
            _WORDS,
            _DATE.fullmatch,
        )
        stack = self.stack
        values = self.positions.values
        key_positions = self.positions.keys
        feed = self.feed
        no_key = _NO_KEY
        while True:
            event: Any = get_event()
            if event is None:
                return
            if type(event) is not scalar_event or not stack:
                feed(event)
                continue
            value: Any = event.value
            if event.tag is not None:
                value = self._scalar(event)
            elif not event.implicit[0] or value[:1] not in starts:
                if not value.isascii():
                    value = normalize("NFC", value)
            elif value in plain:
                value = plain[value]
            elif value[:1] in words:
                if not value.isascii():
                    value = normalize("NFC", value)
            elif decimal(value):
                value = int(value)
            elif (ymd := date(value)) is not None:
                try:
                    value = dt.date(int(ymd[1]), int(ymd[2]), int(ymd[3]))
                except ValueError:  # no such day: said as the constructor says it
                    value = self._scalar(event)
            else:
                value = self._scalar(event)
            self.nodes += 1
            if self.nodes > MAX_NODES:
                self._count(event, 0)
            if event.anchor is not None:
                self.anchors[event.anchor] = (value, 1)
            mark: Any = event.start_mark
            pos = (mark.line + 1, mark.column + 1)
            top = stack[-1]
            container = top.container
            if type(container) is list:
                values[(*top.path, len(container))] = pos
                container.append(value)
            elif top.key is no_key:
                key = value if isinstance(value, (str, int)) else str(value)
                if key in container:
                    self._place(event, value, (), pos)  # says the key is a duplicate, as ``feed`` would
                top.key = key
                top.key_pos = pos
            else:
                path = (*top.path, top.key)
                container[top.key] = value
                key_positions[path] = top.key_pos
                values[path] = pos
                top.key = no_key

    def _count(self, event: Any, n: int) -> None:
        self.nodes += n
        if self.nodes > MAX_NODES:
            raise self.fail(
                event,
                f"tài liệu có hơn {MAX_NODES} nút sau khi mở các bí danh (giới hạn)",
                "limit",
                f"document has more than {MAX_NODES} nodes, aliases expanded (the limit)",
            )

    def _check_tag(self, event: Any, kind: str) -> None:
        tag = event.tag
        if tag is None or tag == "!":
            return
        if tag not in _ALLOWED_TAGS:
            raise self.fail(
                event,
                f"không được dùng thẻ {tag}: tệp quy định và đề án chỉ chứa dữ liệu",
                "tag",
                f"tag {tag} is not allowed: rule and proposal files are plain data",
            )
        if kind in ("map", "seq") and tag != _CORE + kind:
            what_vi, what_en = ("bảng", "mapping") if kind == "map" else ("danh sách", "sequence")
            raise self.fail(
                event, f"thẻ {tag} không hợp với một {what_vi}", "tag", f"tag {tag} does not fit a {what_en}"
            )

    def _scalar(self, event: Any) -> Any:
        tag = event.tag
        if tag is None:
            value = event.value
            # fast path: a quoted scalar, or a plain one no implicit type can start with, is a string
            if not event.implicit[0] or value[:1] not in _RESOLVER.yaml_implicit_resolvers:
                return unicodedata.normalize("NFC", value) if not value.isascii() else value
            if _DECIMAL.fullmatch(value):
                return int(value)
            if value in _PLAIN:
                return _PLAIN[value]
        self._check_tag(event, "scalar")
        if tag is None or tag == "!":
            tag = _RESOLVER.resolve(yaml.ScalarNode, event.value, event.implicit)  # type: ignore[no-untyped-call]
        if tag == _CORE + "str":
            return _nfc(event.value)
        if tag in (_CORE + "map", _CORE + "seq"):
            raise self.fail(
                event, f"thẻ {tag} không hợp với một giá trị đơn", "tag", f"tag {tag} does not fit a scalar"
            )
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            value = _CONSTRUCTOR.construct_object(node, deep=True)
            # the shared constructor remembers every node it built (with its marks, which hold the
            # file's text): cleared at once, else a batch worker kept every proposal's dates and marks
            _CONSTRUCTOR.constructed_objects.clear()
        except (yaml.constructor.ConstructorError, ValueError, OverflowError) as exc:
            _CONSTRUCTOR.constructed_objects.clear()
            kind_name = tag.rsplit(":", 1)[-1]
            raise self.fail(
                event,
                f"không đọc được {event.value!r} thành {kind_name}: {exc}",
                "syntax",
                f"cannot read {event.value!r} as {kind_name}: {exc}",
            ) from None
        if isinstance(value, float) and value != value:  # NaN compares unequal to itself everywhere
            raise self.fail(event, "hiepy không nhận .nan là một số", "syntax", ".nan is not a number hiepy accepts")
        return _nfc(value)

    def _child_path(self, event: Any) -> PathKey:
        if not self.stack:
            return ()
        top = self.stack[-1]
        if isinstance(top.container, list):
            return (*top.path, len(top.container))
        if top.key is _NO_KEY:
            return (*top.path, "<key>")
        return (*top.path, top.key)

    def _place(self, event: Any, value: Any, path: PathKey, pos: tuple[int, int]) -> None:
        if not self.stack:
            self.root = value
            self.positions.values[()] = pos
            return
        top = self.stack[-1]
        if isinstance(top.container, list):
            top.container.append(value)
            self.positions.values[path] = pos
            return
        if top.key is _NO_KEY:
            if isinstance(value, (dict, list)):
                vi = "khóa của bảng phải là một giá trị đơn, không phải bảng hay danh sách"
                en = "a mapping key must be a plain value, not a mapping or list"
                raise InputError.at(self.name, pos[0], pos[1], vi, "syntax", en=en)  # at the key, not its end
            key: str | int = value if isinstance(value, (str, int)) else str(value)
            if key in top.container:
                first = self.positions.keys.get((*top.path, key), (0, 0))
                raise self.fail(
                    event,
                    f"khóa {key!r} bị lặp (lần đầu ở dòng {first[0]})",
                    "duplicate-key",
                    f"duplicate key {key!r} (first at line {first[0]})",
                )
            top.key = key
            top.key_pos = pos
            return
        key = top.key
        top.container[key] = value
        self.positions.keys[(*top.path, key)] = top.key_pos
        self.positions.values[(*top.path, key)] = pos
        top.key = _NO_KEY


def iter_yaml_files(root: Path) -> Iterator[Path]:
    """YAML files under a directory, in a stable order (sorted by their path)."""
    yield from sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in (".yaml", ".yml"))
