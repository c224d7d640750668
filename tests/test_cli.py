"""The command line on the bundled edition: check, export-json (against the shipped schema), -o, --help."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest

import render
from content.export import SCHEMA_PATH
from content.loader import DEFAULT_EDITION
from content.seed import parse_seed

ROOT = Path(__file__).resolve().parents[1]


def test_check_bundled_edition(capsys: pytest.CaptureFixture[str]) -> None:
    assert render.main(["check"]) == 0
    out = capsys.readouterr().out
    assert "170 pledges in 8 sections: ○130 △37 ×3" in out
    confirmed = [line for line in out.splitlines() if "confirmed:" in line]
    for stated in ("130項目", "37項目", "3項目", "約108億円削減", "1.7億円増加", "811人増加"):
        assert any(stated in line for line in confirmed), f"{stated} not confirmed"


def test_bare_command_builds_all_three_profiles(second_build) -> None:  # type: ignore[no-untyped-def]
    assert second_build.code == 0, second_build.stderr
    out = second_build.folder / "out"
    names = sorted(p.name for p in out.iterdir())  # and no temp file left behind
    assert names == ["kamakura-2021-archive.pdf", "kamakura-2021-print.pdf", "kamakura-2021-screen.pdf"]
    for name in names:
        assert (out / name).read_bytes().startswith(b"%PDF-")
    err = second_build.stderr
    assert "load + check" in err and re.search(r"layout: \d+ pages, a4", err) and "wrote out/kamakura-2021-archive.pdf" in err


def test_output_needs_one_profile(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert render.main(["build", "-o", str(tmp_path / "x.pdf")]) == 2
    assert "--profile" in capsys.readouterr().err


def test_build_is_deterministic(build_pdf, second_build) -> None:  # type: ignore[no-untyped-def]
    """Two builds of the bundled edition in one process (the session's and the bare command's, each in its own
    folder) give the same bytes, profile by profile."""
    assert second_build.code == 0, second_build.stderr
    for profile in ("screen", "print", "archive"):
        assert second_build.path(profile).read_bytes() == build_pdf("a4", profile).read_bytes(), profile


def test_build_stops_before_layout_on_a_missing_glyph(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy = tmp_path / "edition"
    shutil.copytree(DEFAULT_EDITION, copy)
    section = copy / "sections" / "05-kankyo.yaml"
    text = section.read_text(encoding="utf-8")
    section.write_text(text.replace("title: ごみの戸別収集を実施します。", "title: ごみの戸別収集を実施します✕𠮷。"),
                       encoding="utf-8")
    out = tmp_path / "x.pdf"
    assert render.main(["build", str(copy), "--profile", "screen", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "pledge 109" in err and "U+2715 MULTIPLICATION X" in err and "U+20BB7" in err
    assert "layout:" not in err and not out.exists()


def test_export_json_validates_and_matches_the_source(capsys: pytest.CaptureFixture[str]) -> None:
    assert render.main(["export-json"]) == 0
    data = json.loads(capsys.readouterr().out)
    jsonschema.validate(data, json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
    items = [item for section in data["sections"] for item in section["items"]]
    assert len(items) == 170 and len(data["sections"]) == 8
    assert [i["no"] for i in items] == list(range(1, 171))
    seed = parse_seed((DEFAULT_EDITION / data["source"]["seed"]).read_text(encoding="utf-8"))
    marks = {"○": "achieved", "〇": "achieved", "△": "in_progress", "×": "not_achieved", "✕": "not_achieved"}
    source_status = {p.no: marks[p.mark] for s in seed.sections for p in s.pledges}
    assert {i["no"]: i["status"] for i in items} == source_status
    assert {"source", "edition", "preface", "figures"} <= data.keys()


def test_export_json_to_file_is_atomic_and_never_overwrites_source(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "out" / "report.json"
    assert render.main(["export-json", "-o", str(target)]) == 0
    assert json.loads(target.read_text(encoding="utf-8"))["edition"]["id"] == "kamakura-2021"
    assert [p.name for p in target.parent.iterdir()] == ["report.json"]  # no temp file left behind
    source = DEFAULT_EDITION / "report.yaml"
    before = source.read_bytes()
    assert render.main(["export-json", "-o", str(source)]) == 2
    assert "refusing to overwrite a source file" in capsys.readouterr().err
    assert source.read_bytes() == before


def test_help_has_examples(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        render.main(["--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out  # the command's name is the test runner's here (tests/test_cli_hardening.py)
    assert "examples:" in out and " check " in out and "export-json" in out
    assert "exit codes (every command):" in out and "output (-o FILE, and the default out/ files):" in out


def test_a_word_longer_than_the_measure_warns_with_its_pledge(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    copy = tmp_path / "tiny"
    shutil.copytree(ROOT / "tests" / "fixtures" / "tiny", copy)
    section = copy / "sections" / "02-second.yaml"
    word = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 4
    section.write_text(section.read_text(encoding="utf-8").replace("para: 途中で切れた文、", f"para: 途中{word}で切れた文、"),
                       encoding="utf-8")
    assert render.main(["build", str(copy), "--profile", "screen", "-o", str(tmp_path / "x.pdf")]) == 0
    assert "warning: pledge 4: forced-break" in capsys.readouterr().err


def test_output_to_a_folder_or_an_unwritable_place_is_a_clear_error(tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert render.main(["export-json", "-o", str(tmp_path)]) == 2
    assert "is a folder" in capsys.readouterr().err
    blocked = tmp_path / "file"
    blocked.write_text("x")
    assert render.main(["export-json", "-o", str(blocked / "x.json")]) == 2
    err = capsys.readouterr().err
    assert f"cannot write {blocked / 'x.json'}" in err and "Traceback" not in err
