"""Every word shailoo says to a person, in Russian, Kyrgyz and English, as data.

The catalogue is ``corpus/messages/<lang>/<domain>.yaml``: one folder per language, one file per
part of the program (``common`` for words every output shares, ``rules`` for findings, ``report``
for the HTML report, ``track`` for the council's dashboard …). A file is a nested mapping whose
leaves are strings; a key is the file's domain and the path to the leaf, joined by dots
(``common.severity.one.error``). Placeholders are ``{named}`` (``str.format``). The three languages
have the same keys and the same placeholders per key (``tests/test_messages.py``), so the code never
asks which language it speaks: ``text(key, lang, **params)``.
"""

from __future__ import annotations

import string
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

from shailoo.corpus import HERE, yaml_file

#: Languages of the messages, in the order outputs offer them.
LANGS = ("ru", "ky", "en")
FOLDER = HERE / "messages"


class MessageError(LookupError):
    """A message key that the catalogue lacks, or a language it does not have: a bug of the caller."""


def _flatten(prefix: str, value: Any, out: dict[str, str], where: Path) -> None:
    if isinstance(value, Mapping):
        for k, v in value.items():
            _flatten(f"{prefix}.{k}", v, out, where)
    elif isinstance(value, str):
        out[prefix] = value
    else:
        raise MessageError(f"{where}: {prefix}: a message must be text, not {type(value).__name__}")


@lru_cache(maxsize=None)
def catalog(lang: str) -> Mapping[str, str]:
    """Every message of ``lang``, flat: ``{"common.severity.one.error": "ошибка", …}`` (loaded once)."""
    if lang not in LANGS:
        raise MessageError(f"no messages in {lang!r} (languages: {', '.join(LANGS)})")
    out: dict[str, str] = {}
    for path in sorted((FOLDER / lang).glob("*.yaml")):
        data = yaml_file(path) or {}  # parsed once per content of the file (shailoo.corpus.cache)
        _flatten(path.stem, data, out, path)
    return out


def text(key: str, lang: str, /, **params: Any) -> str:
    """The message ``key`` in ``lang`` with its ``{placeholders}`` filled from ``params``.

    A key the catalogue lacks raises ``MessageError`` (never a fallback in another language: the
    tests keep the three catalogues complete).
    """
    try:
        template = catalog(lang)[key]
    except KeyError:
        raise MessageError(f"message {key!r} is missing in {lang}") from None
    return template.format(**params) if params else template


def group(prefix: str, lang: str) -> dict[str, str]:
    """The messages under ``prefix`` as {rest of the key: text}: ``group("common.severity.one", "ru")``
    → ``{"error": "ошибка", "warning": …}``. Raises ``MessageError`` when there are none."""
    cat = catalog(lang)
    head = prefix + "."
    out = {k[len(head):]: v for k, v in cat.items() if k.startswith(head)}
    if not out:
        raise MessageError(f"no messages under {prefix!r} in {lang}")
    return out


def by_lang(key: str) -> dict[str, str]:
    """``{"ru": …, "ky": …, "en": …}`` of one key: for data that carries every language (findings)."""
    return {lang: text(key, lang) for lang in LANGS}


def placeholders(template: str) -> set[str]:
    """The ``{named}`` fields of a template."""
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}
