"""Where the data shipped with hiepy lives: the bundled rule packs and the JSON Schemas.

The repository keeps them at its top (``rules/``, ``schemas/``); a built wheel carries them inside
the package (``hiepy_rules/_data/``, copied by ``setup.py``), read with ``importlib.resources``. A
checkout or an editable install has no ``_data`` and reads the repository's folders.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from hiepy_rules.errors import InputError

#: the message when neither copy exists: the installation, not the user's input, is at fault
INCOMPLETE_VI = "cài đặt hiepy chưa đầy đủ: thiếu thư mục dữ liệu {name}/ đi kèm; hãy cài lại hiepy"


INCOMPLETE_EN = "hiepy installation incomplete: its bundled {name}/ folder is missing; reinstall hiepy"


def _packaged(name: str) -> Path | None:
    res = files("hiepy_rules") / "_data" / name
    # a wheel installed on disk gives a real folder; a zipped install is not supported
    return res if isinstance(res, Path) and res.is_dir() else None


def data_dir(name: str) -> Path:
    """The bundled ``rules`` or ``schemas`` folder (the packaged copy first, then the checkout's).

    When neither exists the packaged path is returned; ``require`` says the installation is incomplete.
    """
    packaged = _packaged(name)
    if packaged is not None:
        return packaged
    checkout = Path(__file__).resolve().parents[3] / name
    if checkout.is_dir():
        return checkout
    return Path(str(files("hiepy_rules") / "_data" / name))


def require(name: str) -> Path:
    """``data_dir(name)``, or an ``InputError`` saying the installation is incomplete."""
    path = data_dir(name)
    if not path.is_dir():
        raise InputError.at(
            str(path), 0, 0, INCOMPLETE_VI.format(name=name), "installation", en=INCOMPLETE_EN.format(name=name)
        )
    return path


def schema_text(filename: str) -> str:
    """The text of a bundled JSON Schema (``proposal.schema.json``...)."""
    return (require("schemas") / filename).read_text(encoding="utf-8")
