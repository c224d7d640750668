"""Issue 12, the command line and its output: one exit-code table, hostile output targets, signals, prog.

Each test makes its hostile fixture in a temporary folder and asserts the exit code, the located message and
that no traceback appears (and, where it matters, that bytes and unrelated files are unchanged). Builds use
the 4-pledge tiny edition; output problems are checked before the layout, so most tests never lay out. A
subprocess timeout is only a guard against a hang, never what is asserted: the tests that signal a process
wait for it to report that it is inside the final write, then signal it.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import shutil
import signal
import socket
import stat
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest

import render

ROOT = Path(__file__).resolve().parents[1]
TINY = ROOT / "tests" / "fixtures" / "tiny"
GUARD = 300  # seconds: a hang fails the test instead of stalling the suite


def run(*argv: str, cwd: Path = ROOT, env: dict[str, str] | None = None,
        stdin: int | None = subprocess.DEVNULL) -> subprocess.CompletedProcess[str]:
    """`python render.py ARGV` in a fresh interpreter."""
    return subprocess.run([sys.executable, str(ROOT / "render.py"), *argv], cwd=cwd, capture_output=True,
                          text=True, encoding="utf-8", timeout=GUARD, env=env, stdin=stdin)


def no_traceback(err: str) -> None:
    assert "Traceback" not in err and 'File "' not in err, err


def temp_files(folder: Path) -> list[str]:
    return sorted(n for n in os.listdir(folder) if ".seika-" in n and n.endswith(".tmp"))


@pytest.fixture()
def layouts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The editions laid out during the test: a check that a problem was found before the layout ran."""
    from layout import document

    calls: list[str] = []
    real = document.layout_booklet

    def recording(report, paper):  # type: ignore[no-untyped-def]
        calls.append(report.edition.id)
        return real(report, paper)

    monkeypatch.setattr(document, "layout_booklet", recording)
    return calls


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """A folder that cannot be written: mode 0555, and for root (whom modes do not stop) the immutable flag."""
    folder.chmod(0o555)
    immutable = False
    try:
        if os.access(folder, os.W_OK):
            immutable = subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode == 0
            if not immutable:
                pytest.skip("running as root where neither modes nor chattr +i make a folder read-only")
        yield
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
        folder.chmod(0o755)


# --- item 2: one exit-code table ---------------------------------------------------------------------------

def test_exit_codes_are_documented_in_help_and_readme() -> None:
    help_text = run("--help").stdout
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for code, words in (("0", "ok"), ("1", "a finding"), ("2", "bad input"), ("3", "internal error"),
                        ("130", "Ctrl-C"), ("143", "SIGTERM")):
        assert any(line.lstrip().startswith(code + " ") and words in line for line in help_text.splitlines()), code
        assert f"| `{code}` |" in readme and words in readme, code
    for command in render.COMMANDS:  # the table is the same for every command: each command's help has it
        assert "exit codes (every command):" in run(command, "--help").stdout, command


def test_an_internal_error_is_exit_3_with_a_request_to_report_and_no_traceback(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from layout import document

    def broken(report, paper):  # type: ignore[no-untyped-def]
        raise RuntimeError("the layout fell over \x1b[31m")

    monkeypatch.setattr(document, "layout_booklet", broken)
    monkeypatch.delenv("SEIKA_DEBUG", raising=False)
    argv = ["build", str(TINY), "--profile", "screen", "-o", str(tmp_path / "x.pdf")]
    assert render.main(argv) == 3
    err = capsys.readouterr().err
    assert "seika: internal error: RuntimeError: the layout fell over \\x1b[31m" in err  # escaped, not obeyed
    assert "please report it" in err and "SEIKA_DEBUG=1" in err and "\x1b" not in err
    no_traceback(err)
    assert os.listdir(tmp_path) == []
    monkeypatch.setenv("SEIKA_DEBUG", "1")
    assert render.main(argv) == 3
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err and "RuntimeError" in err


def test_unreadable_inputs_and_outputs_are_exit_2(tmp_path: Path) -> None:
    """A PDF that is missing, a folder or a FIFO (which would block a reader forever) is exit 2 at once, and so
    is a stdout whose reader went away."""
    fifo = tmp_path / "in.pdf"
    os.mkfifo(fifo)
    for path, words in ((tmp_path / "missing.pdf", "No such file"), (tmp_path, "it is a folder"),
                        (fifo, "it is not a regular file")):
        proc = run("preflight", str(path))
        assert proc.returncode == 2 and f"cannot read {path}: " in proc.stderr and words in proc.stderr, proc.stderr
        no_traceback(proc.stderr)
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader has gone before seika writes (`seika export-json | true`)
    try:
        proc = subprocess.run([sys.executable, str(ROOT / "render.py"), "export-json"], cwd=ROOT, stdout=write_end,
                              stderr=subprocess.PIPE, text=True, timeout=GUARD)
    finally:
        os.close(write_end)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr == "seika: cannot write stdout: the reading process closed the pipe\n", proc.stderr


# --- row 1: devices, FIFOs and sockets as -o -----------------------------------------------------------------

def test_row1_a_character_device_is_written_in_place(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`-o /dev/null` writes into the device (as cp does) and never replaces it with a regular file, even as
    root. A private null device is tried first where one can be made, so that a regression fails the test on
    it, not on the machine's /dev/null."""
    targets = []
    private = tmp_path / "null"
    with contextlib.suppress(PermissionError, OSError):
        os.mknod(private, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        targets.append(private)
    targets.append(Path("/dev/null"))
    for device in targets:
        before = os.stat(device)
        assert render.main(["export-json", str(TINY), "-o", str(device)]) == 0
        assert f"wrote {device}" in capsys.readouterr().err
        after = os.stat(device)
        assert stat.S_ISCHR(after.st_mode) and (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)
    assert render.main(["build", str(TINY), "--profile", "screen", "-o", "/dev/null"]) == 0  # preflight first
    err = capsys.readouterr().err
    assert "preflight ok" in err and "wrote /dev/null" in err
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    import tempfile

    assert not [n for n in os.listdir(tempfile.gettempdir()) if n.startswith(".null.seika-")]


def test_row1_a_fifo_without_a_reader_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "out.json"
    os.mkfifo(fifo)
    for argv in (["export-json", str(TINY), "-o", str(fifo)],  # it would block forever opening without O_NONBLOCK
                 ["build", str(TINY), "--profile", "screen", "-o", str(fifo)]):
        proc = run(*argv)
        assert proc.returncode == 2, proc.stderr
        assert f"cannot write {fifo}: no process is reading the FIFO" in proc.stderr
        assert "layout:" not in proc.stderr  # found before the layout, which would take seconds
        no_traceback(proc.stderr)
        assert stat.S_ISFIFO(os.stat(fifo).st_mode) and os.listdir(tmp_path) == ["out.json"]


def test_row1_a_fifo_with_a_reader_is_written_in_place(tmp_path: Path) -> None:
    fifo = tmp_path / "out.json"
    os.mkfifo(fifo)
    fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # a reader, as `cat FIFO > file` would be
    chunks: list[bytes] = []
    try:
        proc = subprocess.Popen([sys.executable, str(ROOT / "render.py"), "export-json", str(TINY), "-o", str(fifo)],
                                cwd=ROOT, stderr=subprocess.PIPE, text=True)
        keep_open = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)  # so the reader never sees EOF between writers
        try:
            while True:  # read what comes until seika has exited and nothing is left
                finished = proc.poll() is not None
                select.select([fd], [], [], 0.2)
                with contextlib.suppress(BlockingIOError):
                    while chunk := os.read(fd, 65536):
                        chunks.append(chunk)
                if finished:
                    break
        finally:
            os.close(keep_open)
        _, err = proc.communicate(timeout=GUARD)
    finally:
        os.close(fd)
    assert proc.returncode == 0, err
    assert json.loads(b"".join(chunks))["edition"]["id"] == "tiny-2021"
    assert stat.S_ISFIFO(os.stat(fifo).st_mode) and os.listdir(tmp_path) == ["out.json"]


def test_row1_a_socket_is_refused(tmp_path: Path, layouts: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    sock_path = tmp_path / "out.pdf"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(sock_path))
    try:
        assert render.main(["build", str(TINY), "--profile", "screen", "-o", str(sock_path)]) == 2
        err = capsys.readouterr().err
        assert f"cannot write {sock_path}: is a socket" in err and not layouts
        no_traceback(err)
        assert stat.S_ISSOCK(os.stat(sock_path).st_mode)
    finally:
        server.close()


def test_row1_a_block_device_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    disk = tmp_path / "disk"
    try:  # a device number no driver has: even a wrong open could not touch a disk
        os.mknod(disk, stat.S_IFBLK | 0o600, os.makedev(4095, 4095))
    except (PermissionError, OSError):
        pytest.skip("making a block device node needs CAP_MKNOD")
    assert render.main(["export-json", str(TINY), "-o", str(disk)]) == 2
    err = capsys.readouterr().err
    assert f"cannot write {disk}: is a block device" in err
    no_traceback(err)
    assert stat.S_ISBLK(os.stat(disk).st_mode)


# --- row 2: seika's own files --------------------------------------------------------------------------------

@pytest.mark.parametrize("inside", ["fonts/BIZUDGothic-Regular.ttf", "fonts/new.pdf", "layout/icc/sRGB.icc",
                                    "layout/new.pdf", "render.py", "charts/__init__.py", "content/schema/x.json",
                                    "content/editions/kamakura-2021/report.json"])
def test_row2_paths_inside_seikas_own_files_are_refused(inside: str, tmp_path: Path, layouts: list[str],
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    target = ROOT / inside
    before = target.read_bytes() if target.exists() else None
    link = tmp_path / "innocent.pdf"  # the same place reached through a symlink
    link.symlink_to(target)
    for named in (target, link):
        assert render.main(["build", str(TINY), "--profile", "print", "-o", str(named)]) == 2
        err = capsys.readouterr().err
        assert f"cannot write {render.display_path(named)}: it is inside seika's own files" in err, err
        no_traceback(err)
        assert render.main(["export-json", str(TINY), "-o", str(named)]) == 2
        assert "inside seika's own files" in capsys.readouterr().err
    assert not layouts
    assert (target.read_bytes() if target.exists() else None) == before
    assert not temp_files(target.parent)


def test_row2_out_at_the_repository_root_stays_allowed(capsys: pytest.CaptureFixture[str]) -> None:
    out = ROOT / "out"
    existed = out.exists()
    target = out / f"test-row2-{os.getpid()}.json"
    try:
        assert render.main(["export-json", str(TINY), "-o", str(target)]) == 0
        assert json.loads(target.read_text(encoding="utf-8"))["edition"]["id"] == "tiny-2021"
    finally:
        target.unlink(missing_ok=True)
        if not existed:
            shutil.rmtree(out, ignore_errors=True)


# --- row 3: temp files ---------------------------------------------------------------------------------------

PAUSE_IN_FINAL_WRITE = """\
import os, signal, sys
sys.path.insert(0, {root!r})
real = os.replace
def paused(src, dst, *args, **kwargs):
    if os.path.basename(str(src)).startswith(".") and str(src).endswith(".tmp"):
        print("IN-FINAL-WRITE " + str(src), flush=True)  # the temp file is complete, the rename is next
        signal.pause()
    return real(src, dst, *args, **kwargs)
os.replace = paused
import render
sys.exit(render.main(sys.argv[1:]))
"""


@pytest.mark.parametrize("signum, code, line", [(signal.SIGTERM, 143, "seika: stopped by SIGTERM"),
                                                (signal.SIGHUP, 129, "seika: stopped by SIGHUP"),
                                                (signal.SIGINT, 130, "seika: interrupted")])
@pytest.mark.parametrize("command", ["export-json", "build"])
def test_row3_a_signal_during_the_final_write_leaves_no_temp_file(command: str, signum: int, code: int, line: str,
                                                                   tmp_path: Path) -> None:
    target = tmp_path / ("out.json" if command == "export-json" else "out.pdf")
    argv = [command, str(TINY), "-o", str(target)] + (["--profile", "screen"] if command == "build" else [])
    proc = subprocess.Popen([sys.executable, "-c", PAUSE_IN_FINAL_WRITE.format(root=str(ROOT)), *argv], cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
    assert proc.stdout is not None
    ready = proc.stdout.readline()  # blocks until the process is inside its final write
    assert ready.startswith("IN-FINAL-WRITE "), proc.communicate(timeout=GUARD)
    temp = Path(ready.split(" ", 1)[1].strip())
    assert temp.parent == tmp_path and temp.stat().st_size > 0  # a full-size temp file exists now
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=GUARD)
    assert proc.returncode == code, err
    assert err.splitlines()[-1] == line and err.count(line) == 1
    no_traceback(err)
    assert os.listdir(tmp_path) == []  # neither the temp file nor a half-written output


def test_row3_stale_temp_files_of_the_same_target_are_removed_and_only_those(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import fcntl

    target = tmp_path / "report.json"
    stale = [tmp_path / ".report.json.seika-0badf00d.tmp", tmp_path / ".report.json.seika-12345678.tmp"]
    for path in stale:
        path.write_bytes(b"%PDF-1.4 left by a killed run")
    keep = {
        ".report.json.seika-live0000.tmp": b"not our pattern (not hex)",
        ".other.json.seika-0badf00d.tmp": b"another target's",
        ".report.json.0badf00d.tmp": b"not seika's",
        "report.json.seika-0badf00d.tmp": b"not hidden",
        ".report.json.seika-0badf00d.tmp.bak": b"a longer name",
        "unrelated.txt": b"the user's",
    }
    for name, data in keep.items():
        (tmp_path / name).write_bytes(data)
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"must survive")
    (tmp_path / ".report.json.seika-aaaaaaaa.tmp").symlink_to(victim)  # a symlink matching the pattern
    live = tmp_path / ".report.json.seika-cafebabe.tmp"  # a concurrent run, still writing: it holds the lock
    live.write_bytes(b"being written")
    holder = os.open(live, os.O_RDONLY)
    fcntl.flock(holder, fcntl.LOCK_EX)
    try:
        assert render.main(["export-json", str(TINY), "-o", str(target)]) == 0
    finally:
        os.close(holder)
    capsys.readouterr()
    assert not any(p.exists() for p in stale)
    assert all((tmp_path / name).read_bytes() == data for name, data in keep.items())
    assert victim.read_bytes() == b"must survive" and (tmp_path / ".report.json.seika-aaaaaaaa.tmp").is_symlink()
    assert live.read_bytes() == b"being written"
    assert json.loads(target.read_text(encoding="utf-8"))["edition"]["id"] == "tiny-2021"


# --- row 13: Ctrl-C and SOURCE_DATE_EPOCH --------------------------------------------------------------------

def _interrupt(*args: object, **kwargs: object) -> None:
    raise KeyboardInterrupt


STAGES = {  # stage → (module, attribute, command)
    "load": ("render", "load_report", "build"),
    "check": ("render", "check_report", "build"),
    "glyphs": ("render", "find_missing", "build"),
    "output check": ("render", "remove_stale_temps", "build"),
    "layout": ("layout.document", "layout_booklet", "build"),
    "emit": ("layout.output.emit", "emit", "build"),
    "preflight": ("layout.output.preflight", "preflight", "build"),
    "rename": ("os", "replace", "build"),
    "export": ("content.export", "dumps_report", "export-json"),
    "check command": ("render", "check_report", "check"),
    "preflight command": ("layout.output.preflight", "preflight", "preflight"),
}


@pytest.mark.parametrize("stage", list(STAGES))
def test_row13_ctrl_c_at_every_stage_prints_one_line_and_exits_130(stage: str, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """KeyboardInterrupt raised where SIGINT's default handler raises it: inside the stage."""
    import importlib

    module, name, command = STAGES[stage]
    monkeypatch.setattr(importlib.import_module(module), name, _interrupt)
    out = tmp_path / "out"
    out.mkdir()
    argv = {"build": ["build", str(TINY), "--profile", "screen", "-o", str(out / "x.pdf")],
            "export-json": ["export-json", str(TINY), "-o", str(out / "x.json")],
            "check": ["check", str(TINY)],
            "preflight": ["preflight", str(TINY / "seed.txt")]}[command]
    assert render.main(argv) == 130
    err = capsys.readouterr().err
    assert err.endswith("seika: interrupted\n") and err.count("interrupted") == 1, err
    no_traceback(err)
    assert os.listdir(out) == []


IMPORT_INTERRUPTED = """\
import sys
sys.path.insert(0, {root!r})
class CtrlC:  # Ctrl-C while seika's own modules are being imported
    def find_spec(self, name, path=None, target=None):
        if name == "fonts.coverage":
            raise KeyboardInterrupt
        return None
sys.meta_path.insert(0, CtrlC())
import render
"""


def test_row13_ctrl_c_while_seika_starts_exits_130() -> None:
    proc = subprocess.run([sys.executable, "-c", IMPORT_INTERRUPTED.format(root=str(ROOT))], capture_output=True,
                          text=True, timeout=GUARD)
    assert proc.returncode == 130 and proc.stderr == "seika: interrupted\n", proc.stderr


def test_row13_source_date_epoch_has_no_effect(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """Not a number, zero, or a date: the same bytes as without it (so the same /ID), and no crash. The charts'
    cache is cleared before each build, so matplotlib, which reads the variable too, draws every time."""
    from charts.draw.export import clear_cache

    built = {}
    for value in (None, "abc", "0", "1700000000"):
        if value is None:
            monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
        else:
            monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
        clear_cache()
        target = tmp_path / f"{value}.pdf"
        assert render.main(["build", str(TINY), "--profile", "screen", "-o", str(target)]) == 0, value
        err = capsys.readouterr().err
        no_traceback(err)
        assert os.environ.get("SOURCE_DATE_EPOCH") == value  # restored for the caller
        built[value] = target.read_bytes()
    assert len(set(built.values())) == 1
    assert "SOURCE_DATE_EPOCH has no effect" in run("--help").stdout


# --- row 24: prog, the default command, file names per paper ------------------------------------------------

SCRIPT = """\
import sys
sys.path.insert(0, {root!r})
from render import main
sys.exit(main())
"""


def test_row24_usage_names_the_command_as_it_was_run(tmp_path: Path) -> None:
    script = tmp_path / "seika"  # what pip's console script does: argv[0] is the script, main() is called
    script.write_text(SCRIPT.format(root=str(ROOT)), encoding="utf-8")
    proc = subprocess.run([sys.executable, str(script), "--help"], capture_output=True, text=True, timeout=GUARD)
    assert proc.returncode == 0 and proc.stdout.startswith("usage: seika "), proc.stdout
    assert "python render.py" not in proc.stdout and "\n  seika check " in proc.stdout
    proc = subprocess.run([sys.executable, str(script), "check", "--bogus"], capture_output=True, text=True,
                          timeout=GUARD)
    assert proc.returncode == 2 and proc.stderr.startswith("usage: seika ") and "\nseika: error: " in proc.stderr
    proc = run("--help")
    assert proc.returncode == 0 and proc.stdout.startswith("usage: render.py "), proc.stdout
    assert "\n  python render.py check " in proc.stdout


def test_row24_options_without_the_command_run_build(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "x.pdf"
    assert render.main(["--profile", "screen", "-o", str(target), str(TINY)]) == 0
    assert target.read_bytes().startswith(b"%PDF-") and "preflight ok" in capsys.readouterr().err
    assert render.main([str(TINY), "--profile", "screen", "-o", str(tmp_path)]) == 2  # build's own checks apply
    assert "is a folder" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_:  # a mistyped command is named, not taken for an edition
        render.main(["chekc", str(TINY)])
    assert exit_.value.code == 2 and "invalid choice: 'chekc'" in capsys.readouterr().err


def test_row24_another_paper_never_overwrites_the_a4_files(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    out.mkdir()
    a4 = out / "tiny-2021-screen.pdf"
    a4.write_bytes(b"the A4 screen PDF of an earlier build")
    monkeypatch.chdir(tmp_path)
    assert render.main(["build", str(TINY), "--paper", "b5", "--profile", "screen"]) == 0
    assert "wrote out/tiny-2021-b5-screen.pdf" in capsys.readouterr().err
    assert a4.read_bytes() == b"the A4 screen PDF of an earlier build"
    assert sorted(os.listdir(out)) == ["tiny-2021-b5-screen.pdf", "tiny-2021-screen.pdf"]


# --- row 25: output problems before the layout ---------------------------------------------------------------

def test_row25_output_problems_are_found_before_the_layout(tmp_path: Path, layouts: list[str],
                                                           monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    locked = tmp_path / "locked"
    locked.mkdir()
    cases = {  # -o → what the message says
        str(tmp_path): "is a folder",
        str(tmp_path / "new-folder") + "/": "is a folder",
        str(blocker / "x.pdf"): "Not a directory",
        str(ROOT / "fonts" / "x.pdf"): "inside seika's own files",
        str(locked / "x.pdf"): "the folder cannot be written",
        str(locked / "deeper" / "x.pdf"): "is read-only or not writable",
    }
    with read_only(locked):
        for named, words in cases.items():
            assert render.main(["build", str(TINY), "--profile", "screen", "-o", named]) == 2, named
            err = capsys.readouterr().err
            assert f"seika: cannot write {render.display_path(Path(named))}" in err and words in err, err
            assert "layout:" not in err and not layouts
            no_traceback(err)
        monkeypatch.chdir(locked)  # the default out/ in a folder that cannot be written
        assert render.main(["build", str(TINY)]) == 2
        err = capsys.readouterr().err
        assert "cannot write out/tiny-2021-print.pdf" in err and "read-only or not writable" in err
        assert not layouts and os.listdir(locked) == []
    assert not (tmp_path / "new-folder").exists() and sorted(os.listdir(tmp_path)) == ["a-file", "locked"]
