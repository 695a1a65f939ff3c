"""Benchmark: term strings per second of ``shailoo.parsers.extract.terms.parse_terms``, beside ``dateparser.parse``.

Builds N (default 100 000) term strings: half sampled from the term cells of the seeds (000, 001, 002,
as the text reader gives them), half synthetic variants of the same Russian and Kyrgyz forms with
random numbers, dates, anchors and qualifiers (so that many strings are new). Measures, on one core:

* ``warm`` — ``parse_terms`` over all N strings in order, starting from empty caches: the module
  remembers cell strings and cell *shapes* (a cell with its numbers replaced by their digit classes,
  so «до 10 августа» and «до 15 августа» are analysed once), as a run over many documents would;
* ``cold`` — ``parse_terms`` on each distinct string once, every cache emptied before each string
  (the grammar's own speed, nothing remembered);
* ``dateparser`` — ``dateparser.parse(s, languages=["ru", "ky"])`` on a sample of the same strings,
  if dateparser is installed (``pip install dateparser``; not a dependency of shailoo), and how many of
  the sample it returns a date for. The ratio is shailoo warm terms/s over dateparser strings/s.

Prints the figures and writes ``benchmarks/out/bench_terms.json``.
Usage: ``python benchmarks/bench_terms.py [--n 100000] [--dateparser-sample 3000] [--seed 7]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
sys.path.insert(0, str(ROOT))

RU_MONTHS = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
             "ноября", "декабря"]
KY_MONTHS = ["январы", "февралы", "марты", "апрели", "майы", "июну", "июлу", "августу", "сентябры", "октябры",
             "ноябры", "декабры"]
RU_ANCHORS = ["назначения выборов", "официального опубликования решения о назначении выборов",
              "регистрации кандидата", "принятия документов", "окончания срока регистрации",
              "определения результатов выборов", "назначения переголосования", "их утверждения"]
KY_ANCHORS = ["шайлоо дайындалган", "талапкер катталган", "документтер кабыл алынган", "каттоо мөөнөтү аяктаган",
              "шайлоонун жыйынтыктары аныкталган", "кайра добуш берүү дайындалган"]
RU_EVENTS = ["После назначения выборов", "Со дня назначения выборов", "После окончания голосования",
             "Незамедлительно после подписания протокола ТИК", "После получения протоколов ТИК",
             "По мере поступления документов", "еженедельно", "По отдельному плану и графику", "постоянно"]
KY_EVENTS = ["Шайлоо дайындалгандан кийин", "Шайлоо дайындалган күндөн тартып", "Добуш берүү аяктагандан кийин",
             "Документтер келип түшкөн сайын", "туруктуу", "жума сайын", "Өзүнчө план жана график боюнча"]


def seed_cells() -> list[str]:
    """The term cells of seeds 000, 001 and 002 as the text reader gives them."""
    import shailoo

    cells = []
    for name in ("seed000.txt", "seed001.txt", "seed002.txt"):
        doc = shailoo.parse(ROOT / "fixtures" / "text" / name)
        cells += [a.cells["term"] for a in doc.activities if a.cells.get("term", "").strip()]
    return cells


def synthetic(rng: random.Random) -> str:
    """One random term string in a Russian or Kyrgyz CEC form."""
    d = dt.date(2021, 1, 1) + dt.timedelta(days=rng.randrange(1500))
    d2 = d + dt.timedelta(days=rng.randrange(1, 40))
    n = rng.choice([1, 2, 3, 5, 7, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 70])
    ru_m, ky_m = RU_MONTHS[d.month - 1], KY_MONTHS[d.month - 1]
    forms = [
        lambda: f"За {n} календарных дней до дня голосования (до {d.day} {ru_m} {d.year} года)",
        lambda: f"Не позднее, чем за {n} календарных дней до дня голосования (до 24.00 часов {d.day} {ru_m} {d.year} года)",
        lambda: f"Не позднее {n} календарных дней до дня голосования (по {d.day} {ru_m} {d.year} года включительно)",
        lambda: f"Не позднее {n} календарных дней со дня {rng.choice(RU_ANCHORS)}",
        lambda: f"В течение {n} календарных дней после {rng.choice(RU_ANCHORS)}",
        lambda: f"{d.day} {ru_m}",
        lambda: f"{d.day}-{min(d.day + 2, 28)} {ru_m}",
        lambda: f"{d.day:02d} {ru_m} {d2.day:02d} {RU_MONTHS[d2.month - 1]}",
        lambda: f"с {d.day} {ru_m} по {d2.day} {RU_MONTHS[d2.month - 1]} {d2.year} года (включительно)",
        lambda: f"{d.day:02d}.{d.month:02d}.{d.year}",
        lambda: rng.choice(RU_EVENTS),
        lambda: f"{rng.choice(['I', 'II', 'III', 'IV'])} квартал {d.year} года",
        lambda: f"Добуш берүү күнүнө чейин {n} календардык күндөн кечиктирбестен ({d.year}-жылдын {d.day}-{ky_m}на чейин)",
        lambda: f"Добуш берүү күнүнө {n} календардык күн калганда ({d.year}-жылдын {d.day}-{ky_m}на чейин)",
        lambda: f"{rng.choice(KY_ANCHORS)} күндөн тартып {n} календардык күндүн ичинде",
        lambda: f"{d.year}-ж. {d.day}-{ky_m}",
        lambda: f"{d.year}-жылдын {d.day}-{ky_m}нан {d2.day}-{KY_MONTHS[d2.month - 1]}на чейин",
        lambda: f"{d.day:02d}.{d.month:02d}.{d.year}-жылдагы",
        lambda: rng.choice(KY_EVENTS),
    ]
    return rng.choice(forms)()


def build(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    cells = seed_cells()
    return [rng.choice(cells) if rng.random() < 0.5 else synthetic(rng) for _ in range(n)]


def one_core() -> str:
    try:
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
        return "pinned"
    except (AttributeError, OSError):
        return "not pinned"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--dateparser-sample", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    core = one_core()

    from shailoo.parsers.extract import terms as T
    ctx = T.TermContext(reference=dt.date(2022, 10, 9), reference_source="election_day")
    strings = build(args.n, args.seed)
    distinct = list(dict.fromkeys(strings))
    T.parse_terms("За 60 календарных дней до дня голосования", ctx)  # compile the grammar outside the timing

    T.clear_cache()
    t0 = time.perf_counter()
    kinds: dict[str, int] = {}
    for s in strings:
        for t in T.parse_terms(s, ctx):
            kinds[t.kind] = kinds.get(t.kind, 0) + 1
    warm = time.perf_counter() - t0

    T.clear_cache()
    t0 = time.perf_counter()
    for s in distinct:
        T.parse_terms(s, ctx)
        T.clear_cache()
    cold = time.perf_counter() - t0

    result = {
        "measured": dt.datetime.now().isoformat(timespec="seconds"),
        "python": platform.python_version(), "machine": platform.machine(), "core": core,
        "strings": len(strings), "distinct": len(distinct),
        "warm": {"seconds": round(warm, 3), "terms_per_s": round(len(strings) / warm)},
        "cold": {"seconds": round(cold, 3), "terms_per_s": round(len(distinct) / cold)},
        "term_kinds": dict(sorted(kinds.items())),
    }
    print(f"{len(strings)} term strings ({len(distinct)} distinct), {core} to one core")
    print(f"shailoo parse_terms, warm (cell cache): {result['warm']['terms_per_s']:>8} terms/s")
    print(f"shailoo parse_terms, cold (no cache):   {result['cold']['terms_per_s']:>8} terms/s")

    try:
        import dateparser
    except ImportError:
        dateparser = None
        print("dateparser is not installed: no ratio (pip install dateparser)")
    if dateparser is not None:
        sample = random.Random(args.seed + 1).sample(strings, min(args.dateparser_sample, len(strings)))
        dateparser.parse("9 октября 2022 года", languages=["ru", "ky"])  # load its locales outside the timing
        t0 = time.perf_counter()
        found = sum(dateparser.parse(s, languages=["ru", "ky"]) is not None for s in sample)
        dp = time.perf_counter() - t0
        dp_rate = len(sample) / dp
        result["dateparser"] = {"version": dateparser.__version__, "sample": len(sample), "seconds": round(dp, 3),
                                "strings_per_s": round(dp_rate), "returned_a_date": found}
        result["ratio_warm"] = round(result["warm"]["terms_per_s"] / dp_rate, 1)
        result["ratio_cold"] = round(result["cold"]["terms_per_s"] / dp_rate, 1)
        print(f"dateparser {dateparser.__version__} .parse (sample {len(sample)}): {round(dp_rate):>8} strings/s "
              f"({found} of {len(sample)} returned a date)")
        print(f"ratio shailoo/dateparser: warm {result['ratio_warm']}x, cold {result['ratio_cold']}x")

    OUT.mkdir(exist_ok=True)
    (OUT / "bench_terms.json").write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {OUT / 'bench_terms.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
