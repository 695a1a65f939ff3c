"""What shailoo builds from its corpus, kept on disk so that a new process starts in milliseconds.

A process needs, before it reads its first cell, the corpus files parsed (YAML), the grammars
compiled (the term grammar and the other big ``regex`` alternations; the tokenizer's ``re`` patterns)
and the body matcher's tables (the gazetteer's names as lemmas). Building them takes seconds; reading
them back from here takes milliseconds. Nothing here changes a result: every entry is keyed by what
it was built from (the bytes of the corpus files, the pattern's text, the versions of the libraries
that built it, the source of the code that builds it), so a changed input is a miss, and a miss is
built exactly as without a cache.

Where: ``$SHAILOO_CACHE_DIR`` when set, else the user's cache folder (``$XDG_CACHE_HOME/shailoo``,
``~/.cache/shailoo``; ``~/Library/Caches/shailoo`` on macOS, ``%LOCALAPPDATA%\\shailoo\\Cache`` on
Windows), in a folder per shailoo version and Python. ``SHAILOO_NO_CACHE=1`` turns the cache off (every
process builds everything again; results are the same). A folder that cannot be written is no error:
the process builds what it needs and keeps it in memory only.

Safety: an entry is plain data (``marshal`` of dicts, lists, tuples, strings, numbers and bytes; never a
pickle, never code that is run), written to a temporary file and renamed into place (writers running at
once never leave half a file), and stored behind a digest of its bytes: an entry whose digest, format or
key does not match is ignored and built again, never trusted.

Public API: ``directory()``, ``enabled()``, ``load(name, key)``, ``store(name, key, value)``,
``digest(*parts)``, ``file_digest(path)``, ``package_stamp(name)``, ``source_digest(*modules)``,
``Patterns`` (compiled ``regex`` / ``re`` patterns of one part of the program), ``Memo`` (the answers of
a slow pure function, such as pymorphy3's lemma of a word, kept from process to process) and
``yaml_data`` / ``yaml_documents`` (a YAML text parsed, by the digest of its bytes).
"""

from __future__ import annotations

import atexit
import datetime as dt
import importlib.util
import marshal
import os
import sys
import threading
from pathlib import Path
from typing import Any, Callable, Optional

from shailoo.version import __version__

try:  # the BLAKE2 module alone: ``hashlib`` would load OpenSSL's bindings too (2 ms of every start)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python without it
    from hashlib import blake2b

__all__ = ["ENV_DIR", "ENV_OFF", "directory", "enabled", "load", "store", "digest", "file_digest", "package_stamp",
           "source_digest", "Patterns", "Memo", "MISSING", "yaml_data", "yaml_documents"]

#: The folder of the cache (default: the user's cache folder, see the module doc).
ENV_DIR = "SHAILOO_CACHE_DIR"
#: Any value but ``""`` and ``"0"`` turns the cache off.
ENV_OFF = "SHAILOO_NO_CACHE"

#: The first bytes of every entry; a new layout of entries gets a new magic.
_MAGIC = b"SHLCACH1"
_DIGEST = 32  # bytes of blake2b


def _user_cache_root() -> Path:
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "shailoo" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "shailoo"
    base = os.environ.get("XDG_CACHE_HOME") or ""
    return (Path(base) if os.path.isabs(base) else Path.home() / ".cache") / "shailoo"


def enabled() -> bool:
    """Whether entries are read and written (``SHAILOO_NO_CACHE`` unset, empty or ``0``)."""
    return os.environ.get(ENV_OFF, "") in ("", "0")


def directory() -> Optional[Path]:
    """The folder of this version's entries, or None when the cache is off.

    ``$SHAILOO_CACHE_DIR/<version>-<python>`` (or the user's cache folder's). Read from the environment
    on every call, so that a test or a caller may point it elsewhere at run time.
    """
    if not enabled():
        return None
    root = os.environ.get(ENV_DIR) or ""
    base = Path(root).expanduser() if root else _user_cache_root()
    return base / f"{__version__}-{sys.implementation.cache_tag}"


def _entry(name: str) -> Optional[Path]:
    d = directory()
    return None if d is None else d / f"{name}.bin"


def digest(*parts: Any) -> str:
    """A short hex digest of ``parts`` (strings, bytes, numbers and tuples of them)."""
    h = blake2b(digest_size=16)
    for p in parts:
        h.update(p if isinstance(p, bytes) else repr(p).encode("utf-8"))
        h.update(b"\x00")
    return h.hexdigest()


_FILE_DIGESTS: dict[tuple[str, int, int], str] = {}


def file_digest(path: "str | os.PathLike[str]") -> str:
    """The digest of a file's bytes (remembered per process by path, size and modification time)."""
    p = os.fspath(path)
    st = os.stat(p)
    k = (p, st.st_size, st.st_mtime_ns)
    d = _FILE_DIGESTS.get(k)
    if d is None:
        with open(p, "rb") as fh:
            d = digest(fh.read())
        _FILE_DIGESTS[k] = d
    return d


def package_stamp(name: str) -> str:
    """What tells one installation of the top-level package ``name`` from another, without importing it:
    the path, size and modification time of its ``__init__`` (an upgrade rewrites it). ``"-"`` when the
    package is not installed."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.origin:
        return "-"
    try:
        st = os.stat(spec.origin)
    except OSError:
        return spec.origin
    return f"{spec.origin}:{st.st_size}:{st.st_mtime_ns}"


def source_digest(*modules: str) -> str:
    """The digest of the source files of ``modules`` (dotted names, already imported): an entry built by
    code is keyed by that code, so that an edit to the builder is a miss."""
    return digest(*(file_digest(sys.modules[m].__file__ or "") for m in modules))


def load(name: str, key: str) -> Any:
    """The value stored as ``name`` for ``key``, or None: no cache, no entry, another key, a damaged or
    foreign file (its digest, magic or layout wrong), or one that cannot be read."""
    path = _entry(name)
    if path is None:
        return None
    try:
        with open(path, "rb") as fh:
            blob = fh.read()
    except OSError:
        return None
    head = len(_MAGIC) + _DIGEST
    if len(blob) <= head or not blob.startswith(_MAGIC):
        return None
    body = blob[head:]
    if blake2b(body, digest_size=_DIGEST).digest() != blob[len(_MAGIC):head]:
        return None
    try:
        payload = marshal.loads(body)
    except Exception:  # noqa: BLE001 - a damaged entry is a miss, whatever marshal says about it
        return None
    if not (isinstance(payload, tuple) and len(payload) == 2 and payload[0] == key):
        return None
    return payload[1]


def store(name: str, key: str, value: Any) -> bool:
    """Keep ``value`` (plain data) as ``name`` for ``key``; True when written. Never raises: a value
    marshal cannot write, no cache, or a folder that cannot be written leave the process as it was."""
    path = _entry(name)
    if path is None:
        return False
    try:
        body = marshal.dumps((key, value))
    except ValueError:
        return False
    blob = _MAGIC + blake2b(body, digest_size=_DIGEST).digest() + body
    import tempfile  # on call: only a process that writes an entry needs it (it imports random)

    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(blob)
        os.replace(tmp, path)  # atomic: a reader sees the old entry or the new one, never half of one
        return True
    except OSError:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        return False


# --------------------------------------------------------------------------- compiled patterns


def _regex_module():
    import regex  # on call: a process that never compiles a ``regex`` pattern does not import it

    return regex


def _re_state() -> Any:
    """The stdlib's compiler and its C constructor (CPython's ``re._compiler``, ``_sre``), or None."""
    try:
        import _sre
        from re import _compiler, _parser
    except ImportError:  # pragma: no cover - another Python: patterns are compiled every time
        return None
    return _compiler, _parser, _sre


class Patterns:
    """The compiled patterns of one part of the program (``Patterns("terms")``), kept on disk.

    ``compile(pattern, flags)`` returns what ``regex.compile`` returns (``engine="regex"``) or what
    ``re.compile`` returns (``engine="re"``), from the stored compiled form when there is one, else
    compiled and remembered; ``save()`` writes the forms used since the entry was read when one was
    missing (call it when the part's patterns are built; patterns no longer used fall out then).

    An entry is keyed by the pattern's text and flags, in a file keyed by the engine's version and the
    Python that compiled it. The compiled form of a ``regex`` pattern is the one ``regex`` pickles
    (``Pattern._pickled_data``, read back by ``regex._regex.compile``); of a ``re`` pattern, the code of
    CPython's compiler (read back by ``_sre.compile``, what ``re.compile`` itself calls). Anything
    unexpected there (another engine version, another layout) compiles the pattern as usual. The
    engines do not check such code, so it is only ever read from an entry whose digest is right (one
    this module wrote, in the user's own cache folder), never from anywhere else.
    """

    def __init__(self, name: str, engine: str = "regex"):
        if engine not in ("regex", "re"):
            raise ValueError(f"engine is 'regex' or 're', not {engine!r}")
        self.name = f"{engine}-{name}"
        self.engine = engine
        self._lock = threading.Lock()
        self._known: Optional[dict] = None   # (pattern, flags) -> compiled form, as read
        self._used: dict = {}                # the forms used by this process
        self._missed = False
        self._compiled: dict = {}            # (pattern, flags) -> the pattern object
        #: patterns compiled by this process because the entry did not have them (tests read it)
        self.misses = 0

    def _key(self) -> str:
        if self.engine == "regex":
            rx = _regex_module()
            return digest("regex", rx.__version__, int(rx.DEFAULT_VERSION), sys.version, marshal.version)
        return digest("re", sys.version, marshal.version)

    def _read(self) -> dict:
        if self._known is None:
            known = load(self.name, self._key()) if enabled() else None
            self._known = known if isinstance(known, dict) else {}
        return self._known

    def compile(self, pattern: str, flags: int = 0, prebuilt: Any = None) -> Any:
        """The compiled ``pattern`` (same object as the engine's own ``compile`` would give). ``prebuilt``:
        the same pattern already compiled by someone else (spaCy), used as it is when the cache is off."""
        k = (pattern, int(flags))
        with self._lock:
            p = self._compiled.get(k)
            if p is not None:
                return p
            if prebuilt is not None and not enabled():
                self._compiled[k] = prebuilt
                return prebuilt
            form = self._read().get(k)
            p = self._rebuild(pattern, int(flags), form) if form is not None else None
            if p is None:
                p, form = self._build(pattern, flags)
                self.misses += 1
                if form is not None:
                    self._missed = True
            if form is not None:
                self._used[k] = form
            self._compiled[k] = p
            return p

    def _rebuild(self, pattern: str, flags: int, form: Any) -> Any:
        try:
            if self.engine == "regex":
                from regex import _regex  # on call: only a process that reads a stored pattern needs it

                p = _regex.compile(*form)
            else:
                state = _re_state()
                if state is None:
                    return None
                p = state[2].compile(*form)
        except Exception:  # noqa: BLE001 - a stored form the engine refuses is a miss
            return None
        return p if p.pattern == pattern else None

    def _build(self, pattern: str, flags: int) -> tuple[Any, Any]:
        if self.engine == "regex":
            rx = _regex_module()
            p = rx.compile(pattern, flags)
            try:
                form = tuple(int(v) if isinstance(v, int) else v for v in p._pickled_data)
            except Exception:  # noqa: BLE001 - a regex without the pickled form: compiled every time
                form = None
            return p, form
        import re

        state = _re_state()
        if state is None or flags & re.DEBUG:
            return re.compile(pattern, flags), None
        compiler, parser, sre = state
        try:
            # re._compiler.compile, in two steps, to keep what it gives _sre.compile
            flags = int(flags)
            parsed = parser.parse(pattern, flags)
            code = compiler._code(parsed, flags)
            groupindex = dict(parsed.state.groupdict)
            indexgroup: list = [None] * parsed.state.groups
            for g, i in groupindex.items():
                indexgroup[i] = g
            form = (pattern, int(flags | parsed.state.flags), [int(c) for c in code], parsed.state.groups - 1,
                    groupindex, tuple(indexgroup))
            p = sre.compile(*form)
        except Exception:  # noqa: BLE001 - another CPython's compiler: compile as usual, keep nothing
            return re.compile(pattern, flags), None
        return p, form

    def save(self) -> bool:
        """Write the forms this process used, when one of them was missing from the entry read."""
        with self._lock:
            if not self._missed or not enabled():
                return False
            self._missed = False
            self._known = dict(self._used)
            return store(self.name, self._key(), self._known)


# --------------------------------------------------------------------------- answers of pure functions

#: What ``Memo.get`` returns for a question it has no answer to (an answer may be None or False).
MISSING = object()


class Memo:
    """The answers of slow pure functions, kept from process to process (``Memo("morph", key)``).

    ``get(table, question)`` is the answer remembered (``MISSING`` when there is none), ``put(table,
    question, answer)`` remembers one; questions and answers are plain data. The entry is read on the
    first ``get`` and written when the process ends (``atexit``, only when it learnt something), merged
    with what other processes wrote meanwhile; at most ``limit`` answers are kept (those of this process
    first). ``key`` names what the answers depend on (the library and data that gave them): another key
    starts empty. Not for anything whose answer depends on more than the question.
    """

    def __init__(self, name: str, key: Callable[[], str], limit: int = 300_000):
        self.name = f"memo-{name}"
        self._key_fn = key
        self._key: Optional[str] = None
        self.limit = limit
        self._lock = threading.Lock()
        self._tables: Optional[dict[str, dict]] = None
        self._new: dict[str, dict] = {}
        self._registered = False

    def _read(self) -> dict[str, dict]:
        if self._tables is None:
            self._key = self._key_fn()
            found = load(self.name, self._key) if enabled() else None
            ok = isinstance(found, dict) and all(isinstance(k, str) and isinstance(v, dict) for k, v in found.items())
            self._tables = found if ok else {}  # type: ignore[assignment]
        return self._tables  # type: ignore[return-value]

    def get(self, table: str, question: Any) -> Any:
        t = self._read().get(table)
        if t is None:
            return MISSING
        return t.get(question, MISSING)

    def put(self, table: str, question: Any, answer: Any) -> None:
        with self._lock:
            self._read().setdefault(table, {})[question] = answer
            self._new.setdefault(table, {})[question] = answer
            if not self._registered and enabled():
                self._registered = True
                atexit.register(self.save)

    def save(self) -> bool:
        """Write what this process learnt (merged with the entry on disk); True when written."""
        with self._lock:
            if not self._new or not enabled():
                return False
            key = self._key or self._key_fn()
            on_disk = load(self.name, key)
            merged: dict[str, dict] = {}
            if isinstance(on_disk, dict):
                for table, answers in on_disk.items():
                    if isinstance(table, str) and isinstance(answers, dict):
                        merged[table] = dict(answers)
            for table, answers in (self._tables or {}).items():
                merged.setdefault(table, {}).update(answers)
            size = sum(len(v) for v in merged.values())
            if size > self.limit:  # this process's answers first, then as many others as fit
                room = max(0, self.limit - sum(len(v) for v in self._new.values()))
                kept: dict[str, dict] = {t: dict(v) for t, v in self._new.items()}
                for table, answers in merged.items():
                    for q, a in answers.items():
                        if room <= 0:
                            break
                        if q not in kept.setdefault(table, {}):
                            kept[table][q] = a
                            room -= 1
                merged = kept
            self._new = {}
            return store(self.name, key, merged)


# --------------------------------------------------------------------------- parsed YAML

_DATE_TAG = "\x00date"
_DATETIME_TAG = "\x00datetime"


def _encode(value: Any) -> tuple[Any, bool]:
    """``value`` with every date as a tagged tuple (YAML never gives tuples), and whether one was."""
    if isinstance(value, dict):
        out, tagged = {}, False
        for k, v in value.items():
            ek, tk = _encode(k)
            ev, tv = _encode(v)
            out[ek] = ev
            tagged = tagged or tk or tv
        return out, tagged
    if isinstance(value, list):
        items = [_encode(v) for v in value]
        return [v for v, _ in items], any(t for _, t in items)
    if isinstance(value, dt.datetime):
        return (_DATETIME_TAG, value.isoformat()), True
    if isinstance(value, dt.date):
        return (_DATE_TAG, value.isoformat()), True
    return value, False


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        return {_decode(k): _decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if isinstance(value, tuple) and len(value) == 2:
        if value[0] == _DATE_TAG:
            return dt.date.fromisoformat(value[1])
        if value[0] == _DATETIME_TAG:
            return dt.datetime.fromisoformat(value[1])
    return value


def _yaml_cached(kind: str, name: str, text: str, parse: Callable[[str], Any]) -> Any:
    if not enabled():
        return parse(text)
    raw = text.encode("utf-8")
    key = digest(kind, raw, package_stamp("yaml"))
    entry = f"yaml-{digest(kind, name)}"
    hit = load(entry, key)
    if isinstance(hit, tuple) and len(hit) == 2:
        tagged, value = hit
        return _decode(value) if tagged else value
    value = parse(text)
    encoded, tagged = _encode(value)
    store(entry, key, (tagged, encoded))
    return value


def yaml_data(name: str, text: str, parse: Callable[[str], Any]) -> Any:
    """``parse(text)`` (one YAML document), or what it gave for the same bytes before. ``name`` (the
    file's path) names the entry: a new text of the same file replaces the old one. Every call returns
    new objects: callers may change them."""
    return _yaml_cached("one", name, text, parse)


def yaml_documents(name: str, text: str, parse: Callable[[str], list]) -> list:
    """``parse(text)`` (every YAML document of a stream, as a list), or what it gave before."""
    return _yaml_cached("all", name, text, parse)
