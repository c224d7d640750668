"""Content stage: detectors for OCR damage that survives into the content YAML.

Every text of the edition (preface, claims, figure labels, section titles, pledge titles and body items) is
scanned for:

* Hangul (U+1100–11FF, U+3130–318F, U+AC00–D7AF): the OCR reading katakana as Korean;
* characters outside JIS X 0208/0213 (not encodable in euc_jis_2004), and simplified-Chinese-only forms
  that JIS X 0213 happens to carry (such as 舍): the OCR picking a Chinese glyph;
* impossible era years for this report (written in 2021 = 令和3, covering 平成29–令和3, with forward targets
  up to 令和13年度 in pledge 120): 令和 ≥ 14; 平成 ≥ 32 (平成 ended in its 31st year, so 平成32 only exists
  in text written before 2019); and 平成元 (1989), the OCR's usual confusion with 令和元;
* status digits: a pledge title that starts with a digit or a status mark, or ends in 0, i.e. a pledge
  number or its mark (○ read as 0) left in the title.

Each hit must be fixed (by an erratum) or listed in errata.yaml with keep: true for that pledge, with an
excerpt that covers the hit. The test fails listing the unexplained hits.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest
import yaml

from content.seed import Erratum, load_errata

EDITION = Path(__file__).resolve().parents[2] / "content/editions/kamakura-2021"

HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]+")
# Simplified forms with no place in Japanese text. Not listed: forms that are also standard Japanese
# kanji (与 as in 譲与税, 来, 区, 没, 广 …), which would be false alarms.
SIMPLIFIED = frozenset("带舍团这门为话说对时们边过还发现开关东车长问间动书镝马鸟产业务计设护疗乡艺术")
ERA = re.compile(r"(令和|平成)\s*(\d+|元)")
STATUS_DIGIT = re.compile(r"^[0-9０-９○〇△×✕]|[0０]$")
REIWA_LIMIT = 14  # first impossible 令和 year: targets in the report reach 令和13年度
HEISEI_LIMIT = 32  # first impossible 平成 year: the era ended in 平成31


class Hit(NamedTuple):
    where: int | str  # a pledge number, "preface" or "report"
    text: str
    start: int
    end: int
    detector: str

    def __str__(self) -> str:
        return f"{self.where}: {self.detector}: {self.text[self.start:self.end]!r} in {self.text[:40]!r}…"


def hangul(text: str) -> Iterator[tuple[int, int]]:
    for m in HANGUL.finditer(text):
        yield m.start(), m.end()


def non_jis(text: str) -> Iterator[tuple[int, int]]:
    for i, ch in enumerate(text):
        try:
            ch.encode("euc_jis_2004")
        except UnicodeEncodeError:
            yield i, i + 1
            continue
        if ch in SIMPLIFIED:
            yield i, i + 1


def impossible_era(text: str) -> Iterator[tuple[int, int]]:
    for m in ERA.finditer(text):
        era, year = m.group(1), m.group(2)
        if era == "令和" and year != "元" and int(year) >= REIWA_LIMIT:
            yield m.start(), m.end()
        elif era == "平成" and (year == "元" or int(year) >= HEISEI_LIMIT):
            yield m.start(), m.end()


def status_digit(title: str) -> Iterator[tuple[int, int]]:
    for m in STATUS_DIGIT.finditer(title):
        yield m.start(), m.end()


TEXT_DETECTORS = {"hangul": hangul, "non-JIS": non_jis, "era": impossible_era}


def texts() -> Iterator[tuple[int | str, str, bool]]:
    """(where, text, is_title) for every text of the edition, read with plain yaml.safe_load."""
    index: dict[str, Any] = yaml.safe_load((EDITION / "report.yaml").read_text(encoding="utf-8"))
    for paragraph in index["preface"]:
        yield "preface", paragraph, False
    for claim in index.get("claims") or []:
        yield "report", claim["text"], False
    for fig in index.get("figures") or []:
        yield "report", f"{fig['label']} {fig['basis']}", False
        for series in fig["series"]:
            for point in series["points"]:
                yield "report", f"{series['name']} {point['as_of']}", False
    for rel in index["sections"]:
        section = yaml.safe_load((EDITION / rel).read_text(encoding="utf-8"))
        yield "report", section["title"], False
        for p in section["pledges"]:
            no = int(p["no"] if "no" in p else p[False])  # YAML 1.1 reads the bare key `no` as false
            yield no, p["title"], True
            for item in p.get("body") or []:
                value = next(v for k, v in item.items() if k != "truncated")
                yield no, value["text"] if isinstance(value, dict) else value, False


def scan(items: Iterator[tuple[int | str, str, bool]]) -> list[Hit]:
    hits: list[Hit] = []
    for where, text, is_title in items:
        for name, detector in TEXT_DETECTORS.items():
            hits += [Hit(where, text, s, e, name) for s, e in detector(text)]
        if is_title:
            hits += [Hit(where, text, s, e, "status-digit") for s, e in status_digit(text)]
    return hits


def explained(hit: Hit, kept: list[Erratum]) -> bool:
    """True when a keep: true erratum of the same pledge has an occurrence covering the hit."""
    for e in kept:
        if e.pledge != hit.where:
            continue
        for m in re.finditer(re.escape(e.seed), hit.text):
            if m.start() <= hit.start and hit.end <= m.end():
                return True
    return False


def test_every_detector_hit_is_fixed_or_kept() -> None:
    kept = [e for e in load_errata(EDITION / "errata.yaml") if e.keep]
    hits = scan(texts())
    unexplained = [h for h in hits if not explained(h, kept)]
    if unexplained:
        pytest.fail("unexplained detector hits (fix them or add keep: true errata):\n"
                    + "\n".join(map(str, unexplained)), pytrace=False)


def test_every_kept_erratum_is_a_detector_hit() -> None:
    kept = [e for e in load_errata(EDITION / "errata.yaml") if e.keep]
    hits = scan(texts())
    idle = [str(e) for e in kept if not any(explained(h, [e]) for h in hits)]
    assert not idle, f"keep: true errata that no detector flags: {idle}"


# ---------------------------------------------------------------- each detector catches a planted example

@pytest.mark.parametrize("text, detector, found", [
    ("慶応義塾大学SFC研究所ソーシャル・ファブ리케이션・ラボ", hangul, "리케이션"),
    ("湘南の一带での観光情報", non_jis, "带"),
    ("保育士宿舍借上げ", non_jis, "舍"),
    ("✕未達成", non_jis, "✕"),
    ("アンケート調査を実施（令和30年度）", impossible_era, "令和30"),
    ("令和 14 年度", impossible_era, "令和 14"),
    ("平成 32 年度までに", impossible_era, "平成 32"),
    ("（平成30年度・平成元年度・令和3年度）", impossible_era, "平成元"),
    ("0すべての就学児童が", status_digit, "0"),
    ("○老朽化している", status_digit, "○"),
    ("老朽化している小・中学校のトイレ…0", status_digit, "0"),
])
def test_detector_catches_planted_example(text: str, detector: Any, found: str) -> None:
    spans = [text[s:e] for s, e in detector(text)]
    assert found in spans


@pytest.mark.parametrize("text, detector", [
    ("ファブリケーション・ラボ", hangul),
    ("一帯での観光、宿舎、森林環境譲与税、2〜14回目", non_jis),
    ("令和13年度の完成、平成31年度、令和元年度、平成9年度", impossible_era),
    ("老朽化している小・中学校のトイレを早期に改修します。", status_digit),
])
def test_detector_passes_clean_text(text: str, detector: Any) -> None:
    assert list(detector(text)) == []


def test_unkept_hit_is_reported() -> None:
    hits = scan(iter([(72, "アンケート調査を実施（令和30年度）。", False), (9, "3歳児健康診断", True)]))
    kept = [Erratum(9, "3歳児健康診断", "3歳児健康診断", "uncertain", "test", keep=True)]
    assert [h.where for h in hits if not explained(h, kept)] == [72]
