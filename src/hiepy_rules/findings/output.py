"""The base of hiepy's output models: stored as hiepy made them, validated only when asked (or in tests)."""

# Annotations are evaluated as the classes are made, as in ``findings.model``.
import os
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict

#: validate every output model as it is made (the test suite sets it; see ``Output``)
VERIFY = os.environ.get("HIEPY_VERIFY_OUTPUT", "") not in ("", "0")

_IMMUTABLE = (type(None), str, int, float, bool, tuple, frozenset)
_REQUIRED = object()


class Output(BaseModel):
    """A model hiepy makes from values it computed, never from a user's input.

    Its constructor stores the values as given, with the fields' defaults, and validates nothing:
    pydantic's validation of hiepy's own values cost ~5 µs a model, and building the validators
    ~18 M instructions in every new process (a cold ``hiepy check`` writing text never needs
    them). They are built when first used: ``model_validate``, ``model_dump``, a JSON Schema.
    With ``HIEPY_VERIFY_OUTPUT=1`` (the test suite's setting) every model is also validated as it
    is made, and one whose validation would refuse or change a value (an ``int`` where a
    ``float`` is declared, a ``tuple`` for a ``list``, a ``dict`` for a model) raises ``TypeError``.
    """

    model_config = ConfigDict(frozen=True, defer_build=True)
    #: (name, default factory, default) of each field, in order: what the constructor fills in
    _fields_plan: ClassVar[tuple[tuple[str, Any, Any], ...]] = ()

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        plan: list[tuple[str, Any, Any]] = []
        for name, info in cls.__pydantic_fields__.items():
            if info.is_required():
                plan.append((name, None, _REQUIRED))
                continue
            if info.default_factory is None and not isinstance(info.default, _IMMUTABLE):
                raise TypeError(f"{cls.__name__}.{name}: a mutable default needs a default_factory")
            plan.append((name, info.default_factory, info.default))
        cls._fields_plan = tuple(plan)

    def __init__(self, /, **data: Any) -> None:
        values: dict[str, Any] = {}
        for name, factory, default in self._fields_plan:
            if name in data:
                values[name] = data[name]
            elif factory is not None:
                values[name] = factory()
            elif default is _REQUIRED:
                raise TypeError(f"{type(self).__name__}: missing {name!r}")
            else:
                values[name] = default
        if VERIFY:
            _verify(type(self), data, values)
        object.__setattr__(self, "__dict__", values)
        object.__setattr__(self, "__pydantic_fields_set__", set(data))
        object.__setattr__(self, "__pydantic_extra__", None)
        object.__setattr__(self, "__pydantic_private__", None)

    # pydantic's mark of its own constructor: validation (``model_validate``, reading JSON back) then makes
    # the model from the validated values itself, as for any model, instead of calling this one
    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]


def _verify(cls: type[Output], data: dict[str, Any], values: dict[str, Any]) -> None:
    validated = cls.model_validate(data).__dict__  # refuses a wrong type, a missing or unknown field
    for name, value in values.items():
        if not _same(value, validated[name]):
            raise TypeError(f"{cls.__name__}.{name}: validation would change {value!r} into {validated[name]!r}")


def _same(a: Any, b: Any) -> bool:
    """Equal, with the same types all the way down (``1 == 1.0``, ``[x] == (x,)`` do not count)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, BaseModel):
        return _same(a.__dict__, b.__dict__)
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)
