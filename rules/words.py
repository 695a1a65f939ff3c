"""Words the rules share, read from data: what the messages say (the catalogue), what the rules read.

Words said to people live in the message catalogue, ``corpus/messages/<lang>/rules.yaml`` (read through
``shailoo.corpus.i18n``). For code that picks a word by key and language, ``table(prefix)`` gives the
catalogue's entries under ``rules.<prefix>`` as ``{key: {lang: text}}`` and ``word(table, key, lang)``
picks one; ``WEEKDAYS``, ``ANCHORS``, ``UNITS``, ``DAYS``, ``MISSING_PARTS``, ``CITE`` and ``TERM_FORMS``
are such tables, built once at import.

A term is said in words by ``term_words`` («за 50 календарных дней до дня голосования», «добуш берүү
күнүнө чейин 50 календардык күн», «50 calendar days before election day»): the event as the direction
needs it (``rules.anchor_of.<direction>.<anchor>``: Kyrgyz puts the dative before «чейин» and the ablative
before «кийин»), the number of units in the language's plural form (``rules.plural``, ``rules.count``,
``rules.count_within``) and the language's order (``rules.term_form.<direction>``).

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
#: An event by its name («день голосования»): the arithmetic of a finding, the reports.
ANCHORS = table("anchor")
#: Units as the arithmetic abbreviates them («кал. дн.»), and the word for days of a difference.
UNITS = table("unit")
DAYS = {lang: text("rules.days", lang) for lang in LANGS}
MISSING_PARTS = table("missing")
#: An event as a term counts from it, by direction: «до дня голосования» / «добуш берүү күнүнө чейин».
ANCHOR_OF = {d: table(f"anchor_of.{d}") for d in ("before", "after", "within")}
#: The plural rule of each language and the forms of a number of units (``count``; ``count_within`` after
#: «в течение» / before «ичинде»), ``{lang: {"calendar_day.one": …}}``.
PLURAL = {lang: text("rules.plural", lang) for lang in LANGS}
COUNT = per_lang("count")
COUNT_WITHIN = per_lang("count_within")


def word(table: dict, key: str, lang: str, default: str | None = None) -> str:
    """``table[key][lang]`` (ru when the language is missing), else ``default`` or the key itself."""
    entry = table.get(key)
    if entry is None:
        return default if default is not None else key
    return entry.get(lang) or entry["ru"]


#: How a provision is cited in each language: a template per piece, their separator, and where the
#: act's title goes. «ст.12 ч.1 «…»» / «"…" 12-берене, 1-бөлүк» / «art.12 part 1 of "…"».
CITE = per_lang("cite")

#: How a term reads, by direction: «за {count} {anchor}»; Kyrgyz puts the event first.
TERM_FORMS = per_lang("term_form")


def plural_form(n: int, rule: str) -> str:
    """The plural form (``one``, ``few``, ``many``) of the number ``n`` under a language's ``rules.plural``:
    ``slavic`` (1, 21 → one; 2–4, 22–24 → few; 0, 5–20, 25 … → many), ``one_other`` (1 → one, else many),
    anything else one form (many)."""
    n = abs(int(n))
    if rule == "slavic":
        if n % 10 == 1 and n % 100 != 11:
            return "one"
        if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
            return "few"
        return "many"
    if rule == "one_other":
        return "one" if n == 1 else "many"
    return "many"


def count_words(n: int, unit: str, lang: str, within: bool = False) -> str:
    """``n`` units in words: «20 календарных дней», «1 календарный день», «20 календардык күндүн» (``within``:
    the form after «в течение» / before «ичинде»); the abbreviation of ``UNITS`` for a unit the catalogue has
    no forms of."""
    forms = (COUNT_WITHIN if within else COUNT)[lang]
    form = forms.get(f"{unit}.{plural_form(n, PLURAL[lang])}")
    return f"{n} {form if form is not None else word(UNITS, unit, lang)}"


def anchor_words(anchor: str, direction: str, lang: str) -> str:
    """The event ``anchor`` as a term in ``direction`` counts from it: «до дня голосования», «добуш берүү
    күнүнө чейин», «before election day»; an event the catalogue does not name is «the event»
    (``anchor_of.<direction>.unknown``)."""
    forms = ANCHOR_OF.get(direction) or ANCHOR_OF["after"]
    return word(forms, anchor, lang, default=word(forms, "unknown", lang))


def term_words(n: int, unit: str, direction: str, anchor: str, lang: str) -> str:
    """A term in words: «за 50 календарных дней до дня голосования», «добуш берүү күнүнө чейин 50
    календардык күн», «within 10 calendar days of the calling of the election»."""
    forms = TERM_FORMS[lang]
    form = forms.get(direction) or forms["after"]
    return form.format(count=count_words(n, unit, lang, within=direction == "within"),
                       anchor=anchor_words(anchor, direction, lang))


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
