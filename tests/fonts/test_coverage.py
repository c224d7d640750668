"""The glyph-coverage table shipped beside the fonts: equal to their cmaps, used without fontTools when fresh,
and never trusted when stale (the check falls back to the cmap, then rewrites the table where it can)."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import Any, Callable

import fontTools.ttLib

import pytest

from fonts.coverage import (_runs_name, coverage_by_role, covered, decode_runs, dumps_table, encode_runs,
                            find_missing, fresh_table, main, read_cmap, read_table, table_path)
from fonts.manifest import FONT_DIR, MANIFEST, load_fonts

YOSHI = 0x20BB7  # 𠮷, which no vendored font has


@pytest.fixture(scope="module")
def cmaps() -> dict[str, frozenset[int]]:
    """Each role's code points as fontTools reads them from the font (the slow path, once per module)."""
    return {role: read_cmap(font.path) for role, font in load_fonts().items()}


@pytest.fixture
def manifest(tmp_path: Path) -> Path:
    """A fonts folder of its own (links to the vendored fonts, copies of the manifest and the table);
    returns its manifest. Each test has a new path, so no per-process cache is shared with another test."""
    data = json.loads(MANIFEST.read_text(encoding="utf-8"))
    for entry in data["fonts"].values():
        (tmp_path / entry["file"]).symlink_to(FONT_DIR / entry["file"])
    shutil.copy(MANIFEST, tmp_path / "manifest.json")
    shutil.copy(table_path(), tmp_path / "coverage.json")
    return tmp_path / "manifest.json"


@pytest.fixture
def ttfont_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every font file fontTools' TTFont opens during the test."""
    calls: list[str] = []
    real = fontTools.ttLib.TTFont

    def counting(path: str, *args: Any, **kwargs: Any) -> Any:
        calls.append(Path(path).name)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(fontTools.ttLib, "TTFont", counting)
    return calls


def edit_table(manifest: Path, change: Callable[[dict[str, Any]], None]) -> None:
    path = table_path(manifest)
    table = json.loads(path.read_text(encoding="utf-8"))
    change(table)
    path.write_text(json.dumps(table), encoding="utf-8")


def sha(role: str) -> str:
    return load_fonts()[role].sha256


def test_the_shipped_table_equals_the_fonts_cmaps(cmaps: dict[str, frozenset[int]]) -> None:
    stored = read_table(table_path())
    for role, font in load_fonts().items():
        assert stored[font.sha256] == cmaps[role], role
    assert table_path().read_text(encoding="utf-8") == dumps_table(fresh_table())  # what --write would write
    assert table_path() == FONT_DIR / "coverage.json"


def test_a_fresh_table_never_opens_a_font(monkeypatch: pytest.MonkeyPatch, cmaps: dict[str, frozenset[int]]) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("a fresh coverage table must not need fontTools")

    monkeypatch.setattr(fontTools.ttLib, "TTFont", refuse)
    coverage_by_role.cache_clear()
    try:
        assert {role: covered(role) for role in cmaps} == cmaps
        missing = find_missing([("pledge 7", "mincho", "✕と𠮷"), ("label", "gothic_bold", "○△×")])
        assert [m.codepoint for m in missing] == ["U+2715", "U+20BB7"]
    finally:
        coverage_by_role.cache_clear()


def test_a_font_sha256_not_in_the_table_falls_back_and_rebuilds(manifest: Path, ttfont_calls: list[str],
                                                                cmaps: dict[str, frozenset[int]]) -> None:
    def forget_mincho(table: dict[str, Any]) -> None:
        entry = table["fonts"].pop(sha("mincho"))
        table["fonts"]["0" * 64] = entry  # as if the table were made for another mincho file

    edit_table(manifest, forget_mincho)
    assert sha("mincho") not in read_table(table_path(manifest))
    assert covered("mincho", manifest) == cmaps["mincho"]
    assert covered("gothic", manifest) == cmaps["gothic"]
    assert ttfont_calls == ["BIZUDMincho-Regular.ttf"]  # only the stale font's cmap is read
    # rebuilt: the same bytes as the shipped table, so the next process reads no cmap at all
    assert table_path(manifest).read_text(encoding="utf-8") == table_path().read_text(encoding="utf-8")
    coverage_by_role.cache_clear()
    assert covered("mincho", manifest) == cmaps["mincho"] and len(ttfont_calls) == 1


def test_an_edited_run_list_is_not_trusted(manifest: Path, ttfont_calls: list[str]) -> None:
    """A run list edited by hand (here 𠮷 in place of A, so the count still holds) no longer hashes to its
    name: the check reads the cmaps instead."""
    def cover_yoshi(table: dict[str, Any]) -> None:
        name, runs = next(iter(table["runs"].items()))
        points = decode_runs(runs) - {ord("A")} | {YOSHI}
        assert len(points) == table["fonts"][sha("mincho")]["codepoints"]
        table["runs"][name] = encode_runs(points)

    edit_table(manifest, cover_yoshi)
    assert read_table(table_path(manifest)) == {}
    missing = find_missing([("pledge 1", "mincho", "𠮷野家 A")], manifest)
    assert [m.codepoint for m in missing] == ["U+20BB7"]
    assert sorted(ttfont_calls) == sorted(f.path.name for f in load_fonts().values())
    assert table_path(manifest).read_text(encoding="utf-8") == table_path().read_text(encoding="utf-8")


def test_a_renamed_run_list_with_the_old_count_is_not_trusted(manifest: Path, ttfont_calls: list[str]) -> None:
    """Even with its name rehashed, a run list claiming a glyph the font lacks fails the code point count."""
    def cover_yoshi(table: dict[str, Any]) -> None:
        runs = encode_runs(decode_runs(next(iter(table["runs"].values()))) | {YOSHI})
        name = _runs_name(runs)
        table["runs"] = {name: runs}
        for entry in table["fonts"].values():
            entry["runs"] = name

    edit_table(manifest, cover_yoshi)
    assert read_table(table_path(manifest)) == {}
    assert YOSHI not in covered("gothic", manifest)
    assert len(ttfont_calls) == len(load_fonts())


@pytest.mark.parametrize("damage", ["missing", "not json", "other format"])
def test_a_missing_or_unreadable_table_falls_back_and_rebuilds(manifest: Path, ttfont_calls: list[str],
                                                              cmaps: dict[str, frozenset[int]], damage: str) -> None:
    path = table_path(manifest)
    if damage == "missing":
        path.unlink()
    elif damage == "not json":
        path.write_text(path.read_text(encoding="utf-8")[:500], encoding="utf-8")
    else:
        edit_table(manifest, lambda table: table.update(format=99))
    assert coverage_by_role(manifest) == cmaps
    assert len(ttfont_calls) == len(load_fonts())
    assert path.read_text(encoding="utf-8") == table_path().read_text(encoding="utf-8")


def test_a_read_only_folder_only_falls_back(manifest: Path, ttfont_calls: list[str],
                                            cmaps: dict[str, frozenset[int]], monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the table cannot be written (a read-only install; tests run as root, so chmod would not
    stop the write), the answer is still the fonts' own, and nothing is raised or left behind."""
    def read_only(*args: Any, **kwargs: Any) -> None:
        raise OSError(30, "Read-only file system")

    table_path(manifest).unlink()
    monkeypatch.setattr(tempfile, "mkstemp", read_only)  # fonts.coverage imports it when it writes
    assert find_missing([("pledge 1", "mincho", "鎌倉𠮷")], manifest)[0].codepoint == "U+20BB7"
    assert coverage_by_role(manifest) == cmaps
    assert len(ttfont_calls) == len(load_fonts())
    assert sorted(p.name for p in manifest.parent.iterdir()) == sorted(
        ["manifest.json", *(f.path.name for f in load_fonts().values())])


def test_the_command_checks_and_writes_the_table(manifest: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--check", "--manifest", str(manifest)]) == 0
    edit_table(manifest, lambda table: table["fonts"].pop(sha("gothic")))
    assert main(["--check", "--manifest", str(manifest)]) == 1
    assert "python -m fonts.coverage --write" in capsys.readouterr().err
    assert main(["--write", "--manifest", str(manifest)]) == 0
    assert main(["--check", "--manifest", str(manifest)]) == 0
    assert table_path(manifest).read_text(encoding="utf-8") == table_path().read_text(encoding="utf-8")


def test_runs_round_trip_and_reject_bad_lists() -> None:
    points = {0x20, 0x21, 0x22, 0x41, 0x3042, 0x3043, YOSHI}
    runs = encode_runs(points)
    assert runs == [0x20, 3, 0x41 - 0x23, 1, 0x3042 - 0x42, 2, YOSHI - 0x3044, 1]
    assert decode_runs(runs) == points and decode_runs([]) == frozenset() and encode_runs([]) == []
    for bad in ([1], [1, 0], [-1, 2], [1.5, 2], ["a", 1]):
        with pytest.raises(ValueError):
            decode_runs(bad)  # type: ignore[arg-type]
