"""The language of the outputs when ``--lang`` is not given (issue 19: the legal department's desk).

In order: the command line; ``lang`` in the settings file (``shailoo.toml`` in the current folder, or
``--config``); the environment ``SHAILOO_LANG``; the locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``:
``ky_KG.UTF-8`` → ky, ``ru_*`` → ru, ``en_*`` → en); Russian (``C``, ``POSIX``, nothing set), the CEC's
working language. One function decides it: ``shailoo.settings.default_lang``. The command line's own
one-line errors stay English.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from shailoo import cli
from shailoo.rules.config import ConfigError, load_config, parse_config
from shailoo.settings import LANG_ENV, LANGS, LOCALE_ENV, default_lang, lang_of_locale
from conftest import FIXTURES

SEED001 = FIXTURES / "docx" / "seed001.docx"
SEED001_KY = FIXTURES / "docx" / "seed001_ky.docx"
ALL_ENV = (LANG_ENV, *LOCALE_ENV)


@pytest.fixture
def clean(monkeypatch, tmp_path):
    """No language in the environment and no ``shailoo.toml``: a folder of its own."""
    for name in ALL_ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    return monkeypatch


def run(*argv) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main([str(a) for a in argv], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


# --------------------------------------------------------------------------- the function


@pytest.mark.parametrize("locale, lang", [
    ("ky_KG.UTF-8", "ky"), ("ky_KG", "ky"), ("ky", "ky"), ("kir", "ky"),
    ("ru_RU.UTF-8", "ru"), ("ru_KG.UTF-8", "ru"), ("ru", "ru"),
    ("en_US.UTF-8", "en"), ("en_GB", "en"), ("en_US.UTF-8@euro", "en"),
    ("C", "ru"), ("POSIX", "ru"), ("C.UTF-8", "ru"), ("de_DE.UTF-8", "ru"), ("", "ru"),
])
def test_lang_of_locale(locale, lang):
    assert lang_of_locale(locale) == lang


def test_nothing_set_is_russian():
    assert default_lang({}) == "ru"
    assert default_lang({"LANG": "", "LC_ALL": "", LANG_ENV: ""}) == "ru"


def test_the_first_locale_variable_set_decides():
    assert default_lang({"LANG": "ky_KG.UTF-8"}) == "ky"
    assert default_lang({"LC_MESSAGES": "en_US.UTF-8", "LANG": "ky_KG.UTF-8"}) == "en"
    assert default_lang({"LC_ALL": "C", "LC_MESSAGES": "en_US.UTF-8", "LANG": "ky_KG.UTF-8"}) == "ru"
    assert default_lang({"LC_ALL": "", "LANG": "ky_KG.UTF-8"}) == "ky"  # empty is unset


def test_environment_before_locale_and_config_before_environment():
    env = {LANG_ENV: "en", "LANG": "ky_KG.UTF-8"}
    assert default_lang(env) == "en"
    assert default_lang({LANG_ENV: " KY "}) == "ky"
    assert default_lang(env, "ru") == "ru"
    assert default_lang({}, "ky") == "ky"


def test_the_process_environment_by_default(clean):
    clean.setenv("LANG", "ky_KG.UTF-8")
    assert default_lang() == "ky"
    clean.setenv(LANG_ENV, "en")
    assert default_lang() == "en"


@pytest.mark.parametrize("env, config", [({LANG_ENV: "de"}, None), ({LANG_ENV: "kg"}, None), ({}, "fr")])
def test_an_unknown_language_is_refused(env, config):
    with pytest.raises(ValueError) as e:
        default_lang(env, config)
    assert "\n" not in str(e.value) and all(lang in str(e.value) for lang in LANGS)


# --------------------------------------------------------------------------- the settings file


def test_config_lang_is_validated_and_other_keys_still_refused(tmp_path):
    assert parse_config({"lang": "ky"}).lang == "ky"
    assert parse_config({}).lang is None
    assert parse_config({"lang": "en", "rules": {"SH104": {"severity": "info"}}}).lang == "en"
    with pytest.raises(ConfigError, match="lang"):
        parse_config({"lang": "de"})
    with pytest.raises(ConfigError, match="unknown key"):
        parse_config({"language": "ky"})
    with pytest.raises(ConfigError, match="unknown key"):
        parse_config({"ui": {"lang": "ky"}})
    (tmp_path / "shailoo.toml").write_text('lang = "ky"\n[rules.SH104]\nenabled = false\n', encoding="utf-8")
    cfg = load_config(cwd=tmp_path)
    assert cfg.lang == "ky" and not cfg.setting("SH104", "").enabled


def test_config_docstring_documents_lang():
    from shailoo.rules import config

    assert 'lang = "ky"' in config.__doc__


# --------------------------------------------------------------------------- the command line


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    """``check SEED001`` as text in each language, given on the command line."""
    got = {}
    for lang in LANGS:
        code, out, err = run("check", SEED001, "--lang", lang)
        assert code in (0, 1), err
        got[lang] = out
    assert len(set(got.values())) == 3, "the three languages must give three different texts"
    return got


def test_no_lang_anywhere_is_russian(clean, texts):
    assert run("check", SEED001)[1] == texts["ru"]


@pytest.mark.parametrize("locale, lang", [("ky_KG.UTF-8", "ky"), ("en_US.UTF-8", "en"), ("ru_RU.UTF-8", "ru"),
                                          ("C.UTF-8", "ru"), ("POSIX", "ru")])
def test_locale_decides_without_anything_else(clean, texts, locale, lang):
    clean.setenv("LANG", locale)
    assert run("check", SEED001)[1] == texts[lang]


def test_environment_variable_beats_locale(clean, texts):
    clean.setenv("LANG", "en_US.UTF-8")
    clean.setenv(LANG_ENV, "ky")
    assert run("check", SEED001)[1] == texts["ky"]


def test_config_file_in_the_current_folder_beats_environment(clean, texts, tmp_path):
    clean.setenv(LANG_ENV, "en")
    (tmp_path / "shailoo.toml").write_text('lang = "ky"\n', encoding="utf-8")
    assert run("check", SEED001)[1] == texts["ky"]


def test_config_option_beats_environment(clean, texts, tmp_path):
    clean.setenv(LANG_ENV, "ru")
    cfg = tmp_path / "elsewhere.toml"
    cfg.write_text('lang = "en"\n', encoding="utf-8")
    assert run("check", SEED001, "--config", cfg)[1] == texts["en"]


def test_command_line_beats_everything(clean, texts, tmp_path):
    clean.setenv("LANG", "en_US.UTF-8")
    clean.setenv(LANG_ENV, "en")
    (tmp_path / "shailoo.toml").write_text('lang = "en"\n', encoding="utf-8")
    assert run("check", SEED001, "--lang", "ky")[1] == texts["ky"]


def test_bad_environment_is_one_english_error_line(clean):
    clean.setenv(LANG_ENV, "kg")
    code, out, err = run("check", SEED001)
    assert code == 2 and out == ""
    assert err.startswith("shailoo: error: SHAILOO_LANG=") and err.count("\n") == 1, err
    # the command line's own language wins: no need to read the environment
    assert run("check", SEED001, "--lang", "ru")[0] in (0, 1)


def test_bad_config_lang_is_one_english_error_line(clean, tmp_path):
    (tmp_path / "shailoo.toml").write_text('lang = "kirghiz"\n', encoding="utf-8")
    code, out, err = run("check", SEED001)
    assert code == 2 and out == ""
    assert err.startswith("shailoo: error: ") and "shailoo.toml: lang" in err and err.count("\n") == 1, err


def test_errors_stay_english_in_kyrgyz(clean, tmp_path):
    code, _, err = run("check", tmp_path / "missing.docx", "--lang", "ky")
    assert code == 2
    assert err == f"shailoo: error: {tmp_path / 'missing.docx'}: no such file\n"


def test_compare_follows_the_default(clean):
    want = {lang: run("compare", SEED001, SEED001_KY, "--lang", lang)[1] for lang in LANGS}
    assert len(set(want.values())) == 3
    clean.setenv("LANG", "ky_KG.UTF-8")
    assert run("compare", SEED001, SEED001_KY)[1] == want["ky"]
    clean.setenv(LANG_ENV, "en")
    assert run("compare", SEED001, SEED001_KY)[1] == want["en"]


def test_every_subcommand_with_lang_takes_it_and_its_default(clean, monkeypatch, tmp_path):
    """``check``, ``compare``, ``convert``, ``parse`` and ``track status`` take ``--lang``, and without it
    get the default; the handler sees the resolved language."""
    seen = {}

    def fake(name):
        def handler(args, out, err, settings):
            seen[name] = args.lang
            return 0
        return handler

    for name in ("parse", "check", "compare", "convert", "track"):
        monkeypatch.setattr(cli, f"_cmd_{name}", fake(name))
    argvs = {
        "parse": ["parse", SEED001],
        "check": ["check", SEED001],
        "compare": ["compare", SEED001, SEED001_KY],
        "convert": ["convert", SEED001, "--out", tmp_path / "s.duckdb"],
        "track": ["track", "status", "--as-of", "01.01.2024"],
    }
    for name, argv in argvs.items():
        for lang in LANGS:
            seen.clear()
            assert run(*argv, "--lang", lang)[0] == 0
            assert seen == {name: lang}, name
        seen.clear()
        clean.setenv(LANG_ENV, "ky")
        assert run(*argv)[0] == 0
        assert seen == {name: "ky"}, name
        clean.delenv(LANG_ENV)
        seen.clear()
        assert run(*argv)[0] == 0
        assert seen == {name: "ru"}, name
        assert run(*argv, "--lang", "de")[0] == 2  # argparse's usage error


def test_run_check_from_code_decides_the_language_too(clean, texts):
    """A namespace built in code without ``lang`` (or with None) gets the same default."""
    import argparse

    from shailoo.apps.review import run_check

    clean.setenv("LANG", "ky_KG.UTF-8")
    out, err = io.StringIO(), io.StringIO()
    run_check(argparse.Namespace(files=[str(SEED001)], format="text", fail_on="never"), out, err)
    assert out.getvalue() == texts["ky"], err.getvalue()


def test_help_names_the_default_order(capsys):
    assert cli.main(["check", "--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "shailoo.toml" in text and "SHAILOO_LANG" in text and "locale" in text


def test_no_lang_needed_no_settings_read(clean, tmp_path):
    """A command that neither speaks nor writes a file (``statutes``) ignores a broken settings file."""
    (tmp_path / "shailoo.toml").write_text("lang = 'xx'\n", encoding="utf-8")
    assert run("statutes")[0] == 0


def test_cli_langs_equal_settings_langs():
    assert cli.LANGS == LANGS
