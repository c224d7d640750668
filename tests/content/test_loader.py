"""The loader types values itself: no YAML 1.1 surprises, exact decimals, statuses from words or marks."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest

from content.export import SCHEMA_PATH, dumps_report, export_report
from content.loader import DEFAULT_EDITION, load_report, parse_status
from content.model import BodyKind, Colophon, Office, Status
from content.problems import ContentError

TINY = Path(__file__).resolve().parents[1] / "fixtures" / "tiny"


def test_tiny_edition_loads_typed() -> None:
    report = load_report(TINY)
    assert [p.no for p in report.pledges] == [1, 2, 3, 4]
    assert report.edition.release_date == "2021-10-01"  # stays text, not a datetime.date
    debt = report.figures[0].series[0].points
    assert debt[0].value == Decimal("100.5") and isinstance(debt[0].value, Decimal)
    assert debt[1].value == Decimal("98.0")
    assert report.pledge(3).status is Status.ACHIEVED  # written as ○
    items = report.pledge(2).body
    assert [i.kind for i in items] == [BodyKind.SUBHEADING, BodyKind.BULLET, BodyKind.BULLET, BodyKind.LINK]
    assert items[-1].url == "https://example.org/page" and items[-1].text == "市のページ"
    assert report.pledge(4).body[0].truncated is True
    assert report.pledge(2).origin.line == 9


@pytest.mark.parametrize("mark, status", [("○", Status.ACHIEVED), ("〇", Status.ACHIEVED), ("△", Status.IN_PROGRESS),
                                          ("×", Status.NOT_ACHIEVED), ("✕", Status.NOT_ACHIEVED),
                                          ("achieved", Status.ACHIEVED), ("not_achieved", Status.NOT_ACHIEVED)])
def test_status_words_and_marks(mark: str, status: Status) -> None:
    assert parse_status(mark) is status


def test_unknown_status_word() -> None:
    assert parse_status("done") is None


def test_yaml11_booleans_and_floats_are_not_applied(tmp_path: Path) -> None:
    dest = tmp_path / "t"
    shutil.copytree(TINY, dest)
    report_yaml = dest / "report.yaml"
    text = report_yaml.read_text(encoding="utf-8").replace("value: 98.0}", "value: 1e3}")
    report_yaml.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load_report(dest)
    assert "'1e3', not a number" in str(err.value)


def test_title_yes_stays_text(tmp_path: Path) -> None:
    dest = tmp_path / "t"
    shutil.copytree(TINY, dest)
    sec = dest / "sections" / "02-second.yaml"
    sec.write_text(sec.read_text(encoding="utf-8").replace("title: 三つ目の公約。", "title: yes"), encoding="utf-8")
    report = load_report(dest)
    assert report.pledge(3).title == "yes"


# ---------------------------------------------------------------- the colophon (奥付) fields

COLOPHON = """  colophon:
    publisher: 発行者の名前
    office:
      name: 発行所の名前
      address: 〒000-0000 発行所の所在地
      url: https://example.jp/seika
    printer: 印刷所の名前
"""


def with_edition_lines(tmp_path: Path, lines: str) -> Path:
    """A copy of the tiny edition with `lines` added at the end of its edition: mapping."""
    dest = tmp_path / "t"
    shutil.copytree(TINY, dest)
    path = dest / "report.yaml"
    text = path.read_text(encoding="utf-8")
    anchor = "  subtitle: 成果報告書\n"
    assert anchor in text
    path.write_text(text.replace(anchor, anchor + lines, 1), encoding="utf-8")
    return dest


def schema() -> dict[str, object]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def test_a_full_colophon_loads_typed(tmp_path: Path) -> None:
    report = load_report(with_edition_lines(tmp_path, COLOPHON))
    c = report.edition.colophon
    assert c.publisher == "発行者の名前" and c.printer == "印刷所の名前"
    assert c.office == Office("発行所の名前", "〒000-0000 発行所の所在地", "https://example.jp/seika",
                              origin=c.office.origin)
    assert c.origin.line == 15 and c.office.origin.line == 17  # a mapping starts at its first key
    assert c.entries() == (("発行者", "発行者の名前"), ("発行所", "発行所の名前"),
                           ("所在地", "〒000-0000 発行所の所在地"), ("URL", "https://example.jp/seika"),
                           ("印刷所", "印刷所の名前"))


def test_colophon_is_exported_and_validates(tmp_path: Path) -> None:
    report = load_report(with_edition_lines(tmp_path, COLOPHON))
    data = json.loads(dumps_report(report))
    assert data["edition"]["colophon"] == {
        "publisher": "発行者の名前", "printer": "印刷所の名前",
        "office": {"name": "発行所の名前", "address": "〒000-0000 発行所の所在地", "url": "https://example.jp/seika"}}
    jsonschema.validate(data, schema())


@pytest.mark.parametrize("lines, expected", [
    ("  colophon:\n    printer: 印刷所の名前\n", {"printer": "印刷所の名前"}),
    ("  colophon:\n    office:\n      name: 発行所の名前\n", {"office": {"name": "発行所の名前"}}),
    ("  colophon:\n    publisher: 発行者の名前\n    office:\n    printer: ''\n", {"publisher": "発行者の名前"}),
])
def test_a_partial_colophon_exports_only_what_is_given(tmp_path: Path, lines: str,
                                                      expected: dict[str, object]) -> None:
    data = export_report(load_report(with_edition_lines(tmp_path, lines)))
    assert data["edition"]["colophon"] == expected
    jsonschema.validate(data, schema())


@pytest.mark.parametrize("lines", ["", "  colophon:\n", "  colophon: {}\n",
                                   "  colophon:\n    publisher:\n    office:\n      name: ''\n      url:\n"])
def test_an_empty_colophon_is_left_out(tmp_path: Path, lines: str) -> None:
    report = load_report(with_edition_lines(tmp_path, lines))
    assert report.edition.colophon.is_empty and report.edition.colophon.entries() == ()
    data = export_report(report)
    assert "colophon" not in data["edition"]
    jsonschema.validate(data, schema())


def test_the_bundled_edition_names_no_publisher() -> None:
    """The seed names no publisher, office or printer, and source.issuer (松尾崇) is the reporter: nothing
    is filled in for kamakura-2021."""
    report = load_report(DEFAULT_EDITION)
    assert report.edition.colophon == Colophon(origin=report.edition.colophon.origin)
    assert report.edition.colophon.is_empty and report.source.issuer == "松尾崇"
    assert "colophon" not in export_report(report)["edition"]


@pytest.mark.parametrize("bad", [
    {"publisher": ["a", "b"]},
    {"office": {"name": "x", "url": "ftp://example.jp/"}},
    {"office": {"name": "x", "url": "https://"}},
    {"office": {"address": "x"}},
    {"office": {"name": "x", "phone": "0467"}},
    {"fax": "x"},
    {},
])
def test_the_schema_refuses_a_wrong_colophon(bad: dict[str, object]) -> None:
    data = export_report(load_report(TINY))
    data["edition"]["colophon"] = bad
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema())


def test_the_preface_is_a_tuple_of_paragraph_strings() -> None:
    """The layout reads report.preface as a sequence of str, one per paragraph."""
    preface = load_report(DEFAULT_EDITION).preface
    assert isinstance(preface, tuple) and len(preface) == 5 and all(isinstance(p, str) for p in preface)
    assert preface[0].startswith("松尾崇が") and preface[-1] == "それでは、以下、すべての項目についてご報告いたします。"
