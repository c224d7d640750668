"""The loader types values itself: no YAML 1.1 surprises, exact decimals, statuses from words or marks."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from content.loader import load_report, parse_status
from content.model import BodyKind, Status
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
