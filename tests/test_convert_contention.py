"""``shailoo convert`` under contention (issue 18, "Convert under contention"): one writer per target
(``--force`` refused while another run writes it; a lock left by a killed run is free), pool workers
that die with their client, failed files tried again on ``--resume`` with an exit code that depends
only on what the store holds in the end, and symbolic-link loops that end.

Every process a test starts runs in its own session and is killed (the whole session) in a finally."""

from __future__ import annotations

import io
import os
import re
import shutil
import signal
import subprocess
import sys
import time

import duckdb
import pytest

from conftest import FIXTURES, ROOT
from shailoo.apps.convert.engine import ConvertError, convert, lock_path
from shailoo.cli import main

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="sessions and /proc: Linux")


def run(argv):
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def rows(db: str, sql: str) -> list[tuple]:
    con = duckdb.connect(db, read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def texts(folder, n: int) -> list[str]:
    """``n`` distinct text documents (a fixture with a different number of blank lines at its end)."""
    folder.mkdir(parents=True, exist_ok=True)
    text = (FIXTURES / "text" / "seed003.txt").read_text(encoding="utf-8")
    for i in range(n):
        (folder / f"f{i:03d}.txt").write_text(text.rstrip("\n") + "\n" * (i + 1), encoding="utf-8")
    return sorted(str(p) for p in folder.iterdir())


def start(argv: list[str]) -> subprocess.Popen:
    """``shailoo ARGV`` in a session of its own (so that everything it starts can be found and killed)."""
    return subprocess.Popen([sys.executable, "-m", "shailoo", *argv], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)


def wait_line(proc: subprocess.Popen, prefix, timeout: float = 60.0) -> list[str]:
    """Read standard error until a line starting with ``prefix`` (all lines read so far)."""
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        lines.append(line)
        if line.startswith(prefix):
            return lines
    raise AssertionError(f"no {prefix!r} line within {timeout} s:\n" + "".join(lines))


def session(sid: int) -> dict[int, str]:
    """pid -> command of every live process (zombies left out) of session ``sid``."""
    found = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as fh:
                stat = fh.read()
            with open(f"/proc/{name}/cmdline", "rb") as fh:
                cmd = fh.read().replace(b"\0", b" ").decode(errors="replace").strip()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()  # after «pid (comm) »: state ppid pgrp session
        if fields[0] != "Z" and int(fields[3]) == sid:
            found[int(name)] = cmd
    return found


def end(proc: subprocess.Popen) -> None:
    """Kill what ``proc`` started (its session's process group) and reap it."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    for pid in session(proc.pid):  # processes that left the group but not the session
        try:
            os.kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    try:
        proc.wait(timeout=30)
    finally:
        for stream in (proc.stdout, proc.stderr):
            if stream:
                stream.close()


SUMMARY = re.compile(r"^(?P<target>.+): (?P<total>\d+) files: (?P<ok>\d+) converted, (?P<skipped>\d+) skipped "
                     r"\((?P<unchanged>\d+) unchanged, (?P<duplicates>\d+) duplicates[^)]*\), (?P<failed>\d+) failed, "
                     r"(?P<scanned>\d+) scanned; ")


def counts(stdout: str) -> tuple[int, ...]:
    """(total, converted, unchanged, failed, scanned) of the one summary line."""
    lines = stdout.splitlines()
    assert len(lines) == 1, stdout
    m = SUMMARY.match(lines[0])
    assert m, lines[0]
    return tuple(int(m[k]) for k in ("total", "ok", "unchanged", "failed", "scanned"))


# --------------------------------------------------------------------------- one writer per target


def test_force_is_refused_while_another_convert_writes_the_target(tmp_path):
    paths = texts(tmp_path / "in", 8)
    db = str(tmp_path / "out.duckdb")
    first = start(["convert", str(tmp_path / "in"), "--out", db, "-j", "1", "-v"])
    try:
        wait_line(first, "ok ")
        first.send_signal(signal.SIGSTOP)  # frozen while it holds the target: no race with its end
        assert open(lock_path(db)).read().strip() == str(first.pid)

        for mode in ("--force", "--resume"):
            t0 = time.monotonic()
            code, out, err = run(["convert", str(tmp_path / "in"), "--out", db, "-j", "1", mode])
            assert code == 2 and out == "", (mode, err)
            assert err.count("\n") == 1 and err.startswith(f"shailoo: error: {db}: another convert"), err
            assert f"pid {first.pid}" in err
            assert time.monotonic() - t0 < 5
        assert os.path.isfile(db)  # the first run's store was not touched

        first.send_signal(signal.SIGCONT)
        out, err = first.communicate(timeout=60)
        assert first.returncode == 0, err
        assert counts(out) == (8, 8, 0, 0, 0)
        assert sorted(r[0] for r in rows(db, "SELECT path FROM files WHERE status = 'ok'")) == paths
        assert rows(db, "SELECT count(*) FROM documents") == [(8,)]
        assert not os.path.exists(lock_path(db))  # let go at the end: the target is free again
    finally:
        end(first)


def test_a_store_removed_under_a_run_is_not_reported_as_success(tmp_path):
    texts(tmp_path / "in", 3)
    db = str(tmp_path / "out.duckdb")

    def remove(p):  # what a --force of another (older) shailoo did: the store deleted under the run
        if p.done == 1 and os.path.exists(db):
            os.remove(db)

    with pytest.raises(ConvertError, match=r"removed or replaced while this run wrote it"):
        convert([str(tmp_path / "in")], db, jobs=1, progress=remove)
    assert not os.path.exists(lock_path(db))  # let go on the error too


# --------------------------------------------------------------------------- processes die with the client


def test_pool_workers_die_with_their_client(tmp_path):
    texts(tmp_path / "in", 12)
    db = str(tmp_path / "out.duckdb")
    client = start(["convert", str(tmp_path / "in"), "--out", db, "-j", "2", "-v"])
    try:
        wait_line(client, ("ok ", "failed "))  # the pool is at work
        procs = session(client.pid)
        # the client, the forkserver, the resource tracker and two workers
        assert len(procs) >= 5, procs
        os.kill(client.pid, signal.SIGKILL)  # the client only
        client.wait(timeout=10)
        t0 = time.monotonic()
        left = session(client.pid)
        while left and time.monotonic() - t0 < 10:
            time.sleep(0.1)
            left = session(client.pid)
        assert not left, f"left behind after kill -9 of the client: {left}"
        print(f"{len(procs) - 1} processes ended {time.monotonic() - t0:.2f} s after the client's kill -9")
    finally:
        end(client)

    # the killed run's lock file is still there, with its dead pid: the next run takes it over
    assert open(lock_path(db)).read().strip() == str(client.pid)
    code, out, err = run(["convert", str(tmp_path / "in"), "--out", db, "-j", "1", "--resume"])
    assert code == 0, err
    total, ok, unchanged, failed, scanned = counts(out)
    assert (total, ok + unchanged, failed) == (12, 12, 0) and unchanged >= 1
    assert rows(db, "SELECT count(*), count(DISTINCT path) FROM files") == [(12, 12)]


# --------------------------------------------------------------------------- failed files and the exit code


def test_failed_files_are_tried_again_on_resume_and_count_in_the_exit_code(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    shutil.copyfile(FIXTURES / "text" / "seed002.txt", d / "a.txt")
    (d / "b.pdf").write_bytes(b"%PDF-1.4 broken")
    db = str(tmp_path / "out.duckdb")

    code, out, err = run(["convert", str(d), "--out", db, "-j", "1"])
    assert code == 2 and counts(out) == (2, 1, 0, 1, 0), out

    # unchanged since: the failed file is tried again (and fails again), and the exit code says so
    code, out, err = run(["convert", str(d), "--out", db, "-j", "1", "--resume"])
    assert code == 2 and counts(out) == (2, 0, 1, 1, 0), out
    assert rows(db, f"SELECT status, exit_code FROM files WHERE path = '{d / 'b.pdf'}'") == [("failed", 2)]

    # mended: converted on the next --resume, and the run succeeds
    shutil.copyfile(FIXTURES / "pdf" / "seed004.pdf", d / "b.pdf")
    code, out, err = run(["convert", str(d), "--out", db, "-j", "1", "--resume"])
    assert code == 0 and counts(out) == (2, 1, 1, 0, 0), out
    assert {r[0] for r in rows(db, "SELECT status FROM files")} == {"ok"}


def test_the_exit_code_is_the_first_failed_input_in_path_order_whatever_finished_first(tmp_path):
    d = tmp_path / "in"
    texts(d, 4)
    shutil.copyfile(FIXTURES / "pdf" / "seed001_scanned.pdf", d / "a_scanned.pdf")  # exit code 3, slow
    (d / "z_broken.pdf").write_bytes(b"%PDF-1.4 broken")  # 2, fails at once: it finishes first
    db = str(tmp_path / "out.duckdb")
    code, out, err = run(["convert", str(d), "--out", db, "-j", "2", "--ocr", "never"])
    codes = dict(rows(db, "SELECT path, exit_code FROM files WHERE status <> 'ok'"))
    assert codes == {str(d / "a_scanned.pdf"): 3, str(d / "z_broken.pdf"): 2}, codes
    assert code == 3, out + err
    code, out, err = run(["convert", str(d), "--out", db, "-j", "1", "--ocr", "never", "--resume"])
    assert code == 3 and counts(out) == (6, 0, 4, 1, 1), out + err


# --------------------------------------------------------------------------- symbolic-link loops


@pytest.mark.parametrize("follow", [False, True], ids=["default", "follow-symlinks"])
def test_glob_over_symlink_loops_ends(tmp_path, follow):
    d = tmp_path / "d"
    (d / "sub").mkdir(parents=True)
    shutil.copyfile(FIXTURES / "text" / "seed002.txt", d / "a.txt")
    shutil.copyfile(FIXTURES / "text" / "resolution_ru.txt", d / "sub" / "b.txt")
    os.symlink(".", d / "loop1")
    os.symlink(".", d / "loop2")
    os.symlink("..", d / "sub" / "up")
    db = str(tmp_path / "out.duckdb")
    argv = ["convert", f"{d}/**", "--out", db, "-j", "1"] + (["--follow-symlinks"] if follow else [])
    code = ("import sys\nfrom shailoo.cli import main\ncode = main(sys.argv[1:])\n"
            "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1]\n"
            "sys.stderr.write(f'VmHWM {hwm}\\n')\nsys.exit(code)\n")
    proc = subprocess.Popen([sys.executable, "-c", code, *argv], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    t0 = time.monotonic()
    try:
        out, err = proc.communicate(timeout=60)
    finally:
        end(proc)
    seconds = time.monotonic() - t0
    assert proc.returncode == 0, err
    total, ok, unchanged, failed, scanned = counts(out)
    assert failed == 0 and ok == 2 and total <= 20, out  # each real file converted once
    peak_kib = int(err.rsplit("VmHWM ", 1)[1].split()[0])
    assert seconds < 60 and peak_kib < 1 << 20, (seconds, peak_kib)
    print(f"convert 'd/**' over two loops ({'--follow-symlinks' if follow else 'default'}): "
          f"{seconds:.1f} s, {peak_kib // 1024} MiB peak")
