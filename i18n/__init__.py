"""Every word a user reads, in Swedish (default) and English: one layer for the dashboard, the
exports, the analysis CLI's reports and the loaders' messages.

Why one layer that every package may import: analysis returns codes and numbers, and the same code
must read the same on a page, a slide, in Markdown and in JSON. The table is split into modules by
where the words are used (`app`, `export`, …, one `STRINGS` dict each) only so that parallel work
does not edit one file; `t` looks a key up in all of them, and a key defined twice is an error at
import.
"""

from __future__ import annotations

import functools
import importlib
import json
import numbers
import pkgutil
import string
from dataclasses import dataclass

LANGS = ("sv", "en")


def _collect() -> dict[str, tuple[str, str]]:
    merged: dict[str, tuple[str, str]] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        table = getattr(importlib.import_module(f"{__name__}.{info.name}"), "STRINGS", {})
        twice = sorted(set(merged) & set(table))
        if twice:
            raise ValueError(f"i18n: keys defined twice ({info.name}): {', '.join(twice[:10])}")
        merged.update(table)
    return merged


STRINGS: dict[str, tuple[str, str]] = _collect()


def t(key: str, lang: str = "sv", /, **values: object) -> str:
    """The text for `key` in `lang` ('sv' or 'en'), with `{name}` placeholders filled. An unknown
    key is returned as it is, so a missing translation shows as a visible key, not a crash."""
    pair = STRINGS.get(key)
    if pair is None:
        return key
    text = pair[1] if lang == "en" else pair[0]
    return text.format(**values) if values else text


def cli_help(key: str, /, **values: object) -> str:
    """Words for argparse, which shows its help before `--lang` is read: Swedish, the CLIs' language."""
    return t(key, "sv", **values)


@functools.cache
def _placeholders(key: str) -> frozenset[str] | None:
    pair = STRINGS.get(key)
    if pair is None:
        return None
    return frozenset(name for _, name, _, _ in string.Formatter().parse(pair[0]) if name)


@dataclass(frozen=True, init=False)
class Message:
    """Words to be said later, in the reader's language: a key of the table and the values of its
    placeholders (values the key does not use are not kept, so two messages that read the same are
    equal). A value may itself be a Message, worded in the same language. Hashable."""

    key: str
    values: tuple[tuple[str, object], ...]

    def __init__(self, key: str, /, **values: object) -> None:
        wanted = _placeholders(key)
        kept = tuple((k, v) for k, v in values.items() if wanted is None or k in wanted)
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "values", kept)

    def text(self, lang: str = "sv") -> str:
        return t(self.key, lang, **{k: say(v, lang) for k, v in self.values})

    def __str__(self) -> str:
        return self.text("sv")

    def to_json(self) -> str:
        """The message as JSON, so a record (the load history) keeps its words for any language."""
        return json.dumps(_stored(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Message:
        return _restored(json.loads(text))


def _stored(value: object) -> object:
    """A message's value as JSON: nested messages, decimals and lists tagged, anything else that JSON
    has no type for (a path, a library's exception) as its text."""
    if isinstance(value, Worded):
        value = value.message
    if isinstance(value, Message):
        return {"message": value.key, "values": {k: _stored(v) for k, v in value.values}}
    if isinstance(value, Decimal):
        return {"decimal": value.value}
    if isinstance(value, tuple):
        return {"all": [_stored(v) for v in value]}
    if value is None or isinstance(value, (str, bool)):
        return value
    if isinstance(value, numbers.Integral):  # numpy's too
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    return str(value)


def _restored(value: object) -> object:
    if isinstance(value, dict) and "message" in value:
        return Message(value["message"], **{k: _restored(v) for k, v in value.get("values", {}).items()})
    if isinstance(value, dict) and "decimal" in value:
        return Decimal(value["decimal"])
    if isinstance(value, dict) and "all" in value:
        return tuple(_restored(v) for v in value["all"])
    return value


def recorded_text(text: str | None, stored: str | None, lang: str = "sv") -> str:
    """A recorded message (a load's in the history) in `lang`: from its stored key and values when it
    has them, else the text as it was recorded (older rows, a program's own error text)."""
    if stored:
        try:
            return str(say(Message.from_json(stored), lang))
        except (ValueError, TypeError, KeyError):  # a record this version cannot read: show its text
            pass
    return text or ""


@dataclass(frozen=True)
class Decimal:
    """A number said with the reader's decimal mark (seconds in a message: '2,5 s' / '2.5 s')."""

    value: float

    def text(self, lang: str = "sv") -> str:
        shown = f"{self.value:g}"
        return shown if lang == "en" else shown.replace(".", ",")


class Coded:
    """Mixin for anything that carries a `message` (an exception, a file's row error): its `code`
    (the key) and `values`, for callers and tests that ask what went wrong rather than how to say it."""

    message: Message

    @property
    def code(self) -> str:
        return self.message.key

    @property
    def values(self) -> dict[str, object]:
        return dict(self.message.values)


class Worded(Coded):
    """Mixin for an exception whose words live in the i18n table: `message` is its key and values,
    `code` the key; `str()` is the Swedish text (CLIs, logs, the load history), `text(lang)` the
    words in another language. Raise it as `StoreError("store_missing", path=p)`."""

    def __init__(self, key: str | Message, /, **values: object) -> None:
        self.message = key if isinstance(key, Message) else Message(key, **values)
        super().__init__(self.message.text("sv"))

    def text(self, lang: str = "sv") -> str:
        return self.message.text(lang)


def say(thing: object, lang: str = "sv") -> object:
    """`thing` in `lang`: a Message, a Worded error, a row error, a Decimal — anything with a
    `text(lang)` method — in words; other exceptions as their own text; any other value as it is
    (for str.format, which then shows it as today)."""
    words = getattr(thing, "text", None)
    if callable(words) and not isinstance(thing, str):
        return words(lang)
    if isinstance(thing, BaseException):
        return str(thing)
    if isinstance(thing, tuple):  # several messages in one placeholder: "a; b"
        return "; ".join(str(say(part, lang)) for part in thing)
    return thing
