"""Words the rules' messages share, in ru, ky and en: weekdays, anchors, units, counting conventions."""

from __future__ import annotations

WEEKDAYS = {
    "ru": ["понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье"],
    "ky": ["дүйшөмбү", "шейшемби", "шаршемби", "бейшемби", "жума", "ишемби", "жекшемби"],
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
}

ANCHORS = {
    "election_day": {"ru": "день голосования", "ky": "добуш берүү күнү", "en": "election day"},
    "voting_start": {"ru": "начало голосования", "ky": "добуш берүүнүн башталышы", "en": "the start of voting"},
    "voting_end": {"ru": "окончание голосования", "ky": "добуш берүүнүн аякташы", "en": "the end of voting"},
    "calling_of_election": {"ru": "назначение выборов", "ky": "шайлоону дайындоо", "en": "the calling of the election"},
}

UNITS = {
    "calendar_day": {"ru": "кал. дн.", "ky": "календардык күн", "en": "calendar days"},
    "day": {"ru": "дн.", "ky": "күн", "en": "days"},
    "working_day": {"ru": "раб. дн.", "ky": "жумуш күнү", "en": "working days"},
    "week": {"ru": "нед.", "ky": "жума", "en": "weeks"},
    "month": {"ru": "мес.", "ky": "ай", "en": "months"},
    "hour": {"ru": "ч.", "ky": "саат", "en": "hours"},
}

CONVENTIONS = {
    "before": {"ru": "«за N дней до»: до E−N, последний день E−N−1",
               "ky": "«N күн мурун»: E−N чейин, акыркы күн E−N−1",
               "en": "'N days before': until E−N, last day E−N−1"},
    "after": {"ru": "«через N дней после»: день после события — первый, A+N",
              "ky": "«N күндөн кийин»: окуянын эртеси биринчи күн, A+N",
              "en": "'N days after': the day after the event is day 1, A+N"},
    "within": {"ru": "«в течение N дней со дня»: A+N", "ky": "«N күндүн ичинде»: A+N",
               "en": "'within N days of': A+N"},
}

DAYS = {"ru": "дн.", "ky": "күн", "en": "days"}

MISSING_PARTS = {
    "no_year": {"ru": "не указан год", "ky": "жылы көрсөтүлгөн эмес", "en": "no year is printed"},
    "no_month": {"ru": "не указан месяц", "ky": "айы көрсөтүлгөн эмес", "en": "no month is printed"},
    "no_day": {"ru": "указан только месяц, без числа", "ky": "айы гана көрсөтүлгөн, күнү жок",
               "en": "only a month is printed, no day"},
}


def word(table: dict, key: str, lang: str, default: str | None = None) -> str:
    """``table[key][lang]`` (ru when the language is missing), else ``default`` or the key itself."""
    entry = table.get(key)
    if entry is None:
        return default if default is not None else key
    return entry.get(lang) or entry["ru"]

#: How a provision is cited in each language: a template per piece, their separator, and where the
#: act's title goes. «ст.12 ч.1 «…»» / «"…" 12-берене, 1-бөлүк» / «art.12 part 1 of "…"».
CITE = {
    "ru": {"article": "ст.{}", "part": "ч.{}", "point": "п.{}", "sep": " ", "form": "{cite} {act}"},
    "ky": {"article": "{}-берене", "part": "{}-бөлүк", "point": "{}-пункт", "sep": ", ", "form": "{act} {cite}"},
    "en": {"article": "art.{}", "part": "part {}", "point": "point {}", "sep": " ", "form": "{cite} of {act}"},
}

#: How a term of a provision reads: «60 кал. дн. до дня голосования», Kyrgyz puts the anchor first.
TERM_FORMS = {
    "ru": {"within": "{n} {unit} ({d} {anchor})", "other": "{n} {unit} {d} {anchor}"},
    "ky": {"within": "{anchor}: {d} {n} {unit}", "other": "{anchor} {d} {n} {unit}"},
    "en": {"within": "{n} {unit} ({d} {anchor})", "other": "{n} {unit} {d} {anchor}"},
}
