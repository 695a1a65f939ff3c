"""Words the rules share, read from data: what the messages say (the catalogue), what the rules read.

Words said to people live in the message catalogue, ``corpus/messages/<lang>/rules.yaml`` (read through
``shailoo.corpus.i18n``). For code that picks a word by key and language, ``table(prefix)`` gives the
catalogue's entries under ``rules.<prefix>`` as ``{key: {lang: text}}`` and ``word(table, key, lang)``
picks one; ``WEEKDAYS``, ``ANCHORS``, ``UNITS``, ``CONVENTIONS``, ``DAYS``, ``MISSING_PARTS``, ``CITE``
and ``TERM_FORMS`` are such tables, built once at import.

Words that *read* documents (the kinds of acts beside a number, the words of a total row …) are language
data: ``rule_words`` of ``corpus/lang/<code>.yaml``; ``alternation(key)`` joins the regex alternations
of every language that has ``key``, for a rule that reads documents in either language.
"""

from __future__ import annotations

from shailoo import corpus
from shailoo.corpus.i18n import LANGS, group, text

#: Keys of the weekdays in the catalogue (``rules.weekday.<day>``), Monday first as ``date.weekday()``.
DAY_KEYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def table(prefix: str) -> dict[str, dict[str, str]]:
    """The catalogue's entries under ``rules.<prefix>`` as ``{key: {lang: text}}``, in the catalogue's order.

    Raises ``shailoo.corpus.i18n.MessageError`` when there are none."""
    by_lang = {lang: group(f"rules.{prefix}", lang) for lang in LANGS}
    return {k: {lang: by_lang[lang][k] for lang in LANGS} for k in by_lang["ru"]}


def per_lang(prefix: str) -> dict[str, dict[str, str]]:
    """The catalogue's entries under ``rules.<prefix>`` as ``{lang: {key: text}}`` (forms of one language)."""
    return {lang: group(f"rules.{prefix}", lang) for lang in LANGS}


WEEKDAYS = {lang: [text(f"rules.weekday.{d}", lang) for d in DAY_KEYS] for lang in LANGS}
ANCHORS = table("anchor")
UNITS = table("unit")
CONVENTIONS = table("convention")
DAYS = {lang: text("rules.days", lang) for lang in LANGS}
MISSING_PARTS = table("missing")


def word(table: dict, key: str, lang: str, default: str | None = None) -> str:
    """``table[key][lang]`` (ru when the language is missing), else ``default`` or the key itself."""
    entry = table.get(key)
    if entry is None:
        return default if default is not None else key
    return entry.get(lang) or entry["ru"]


#: How a provision is cited in each language: a template per piece, their separator, and where the
#: act's title goes. «ст.12 ч.1 «…»» / «"…" 12-берене, 1-бөлүк» / «art.12 part 1 of "…"».
CITE = per_lang("cite")

#: How a term of a provision reads: «60 кал. дн. до дня голосования», Kyrgyz puts the anchor first.
TERM_FORMS = per_lang("term_form")


def alternation(key: str) -> str:
    """The regex alternation ``rule_words.patterns[key]`` of every language that has it, Russian first,
    each in a group of its own (``(?:…)|(?:…)``). Raises KeyError when no language has ``key``."""
    parts = [lang.rule_words.patterns[key].regex for lang in corpus.all_languages()
             if key in lang.rule_words.patterns]
    if not parts:
        raise KeyError(f"no language data has rule_words.patterns.{key}")
    return "|".join(f"(?:{p})" for p in parts)


def rule_word_list(key: str) -> list[str]:
    """``rule_words.<key>`` (a list) of every language, Russian first, without repeats."""
    out: list[str] = []
    for lang in corpus.all_languages():
        out += [w for w in getattr(lang.rule_words, key) if w not in out]
    return out


def rule_word_map(key: str) -> dict[str, str]:
    """``rule_words.<key>`` (a mapping) of every language merged, Russian first."""
    out: dict[str, str] = {}
    for lang in corpus.all_languages():
        out.update({k: v for k, v in getattr(lang.rule_words, key).items() if k not in out})
    return out
