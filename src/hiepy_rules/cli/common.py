"""What every command does with its options: the configuration file, the language of the run, a
one-line failure."""

from __future__ import annotations

from typing import TYPE_CHECKING, NoReturn

import typer

from hiepy_rules.choices import Lang as LangName
from hiepy_rules.cli.config import load
from hiepy_rules.cli.options import Lang
from hiepy_rules.errors import InputError
from hiepy_rules.i18n import chosen, set_lang
from hiepy_rules.i18n import lang as current

if TYPE_CHECKING:
    from hiepy_rules.cli.config import Config


def config() -> Config:
    """The configuration file in force in the current folder (``config.py``); bad: exit 2."""
    try:
        return load()
    except InputError as exc:
        for p in exc.problems:
            typer.echo(p.render(), err=True)
        raise typer.Exit(2) from None


def use_lang(lang: Lang | None) -> LangName:
    """The language of this run: ``--lang``, else ``HIEPY_LANG``, else the configuration, else Vietnamese."""
    if lang is not None:
        set_lang(lang.value)
    return "en" if current() == "en" else "vi"


def chosen_lang() -> LangName | None:
    value = chosen()
    return "en" if value == "en" else "vi" if value == "vi" else None


def fail(message: str) -> NoReturn:
    """Bad input: one line on stderr, exit status 2."""
    typer.echo("hiepy: " + one_line(message), err=True)
    raise typer.Exit(2)


def one_line(text: str) -> str:
    """Whatever a message holds (a file name with a newline...), it prints as one line."""
    return " ".join(text.splitlines())
