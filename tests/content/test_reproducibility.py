"""Content stage: the kamakura-2021 YAML is exactly the seed, normalised, parsed and repaired by errata.yaml.

The YAML is read with plain `yaml.safe_load`, independently of content.loader. Also: the seed's checksum, the
errata themselves, the totals, and the parser's decisions on small planted seeds.
"""

from __future__ import annotations

import difflib
import hashlib
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from content.seed import ERRATUM_KINDS, Erratum, SeedReport, apply_errata, load_errata, parse_seed

EDITION = Path(__file__).resolve().parents[2] / "content/editions/kamakura-2021"
SEED = EDITION / "seed/000_7cc8ce592ec62522.txt"
SECTION_TITLES = ["子供・子育て・教育", "健康・福祉", "安全・安心", "文化・芸術・歴史", "環境",
                  "産業振興・起業支援・就労支援", "まちづくり", "行財政改革・イノベーション"]
SECTION_RANGES = [(1, 27), (28, 80), (81, 94), (95, 107), (108, 119), (120, 139), (140, 150), (151, 170)]


@lru_cache(maxsize=None)
def raw_seed() -> SeedReport:
    return parse_seed(SEED.read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def repaired() -> SeedReport:
    return apply_errata(raw_seed(), load_errata(EDITION / "errata.yaml"))


@lru_cache(maxsize=None)
def index() -> dict[str, Any]:
    return yaml.safe_load((EDITION / "report.yaml").read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def yaml_sections() -> list[dict[str, Any]]:
    return [yaml.safe_load((EDITION / rel).read_text(encoding="utf-8")) for rel in index()["sections"]]


def number(pledge: dict[Any, Any]) -> int:
    """The pledge number: YAML 1.1 (safe_load) reads the bare key `no` as the boolean false."""
    return int(pledge["no"] if "no" in pledge else pledge[False])


def yaml_pledges() -> dict[int, dict[Any, Any]]:
    return {number(p): p for s in yaml_sections() for p in s["pledges"]}


def seed_lines(no: int) -> list[str]:
    p = next(p for p in repaired().pledges if p.no == no)
    out = [f"status: {p.status}", f"title: {p.title}"]
    for item in p.body:
        out.append(f"{item.kind}: {item.text}" + (f" <{item.url}>" if item.url else ""))
        if item.truncated:
            out.append("  truncated: true")
    return out


def yaml_lines(pledge: dict[Any, Any]) -> list[str]:
    out = [f"status: {pledge['status']}", f"title: {pledge['title']}"]
    for item in pledge.get("body") or []:
        kind = next(k for k in item if k != "truncated")
        value = item[kind]
        if kind == "link":
            out.append(f"link: {value['text']} <{value['url']}>")
        else:
            out.append(f"{kind}: {value}")
        if item.get("truncated"):
            out.append("  truncated: true")
    return out


def diff(expected: list[str], actual: list[str], name: str) -> str:
    return "\n".join(difflib.unified_diff(expected, actual, f"seed+errata {name}", f"YAML {name}", lineterm=""))


# ---------------------------------------------------------------- the YAML equals the seed

@pytest.mark.parametrize("no", range(1, 171))
def test_pledge_matches_seed(no: int) -> None:
    pledges = yaml_pledges()
    assert no in pledges, f"pledge {no} is missing from the YAML"
    expected, actual = seed_lines(no), yaml_lines(pledges[no])
    if expected != actual:
        pytest.fail("the YAML differs from seed + errata:\n" + diff(expected, actual, f"pledge {no}"), pytrace=False)


def test_no_extra_pledges_and_sections_in_order() -> None:
    assert [s["title"] for s in yaml_sections()] == [s.title for s in repaired().sections] == SECTION_TITLES
    for section, (first, last) in zip(yaml_sections(), SECTION_RANGES):
        assert [number(p) for p in section["pledges"]] == list(range(first, last + 1)), section["title"]


def test_preface_matches_seed() -> None:
    expected, actual = list(repaired().preface), list(index()["preface"])
    if expected != actual:
        pytest.fail("the YAML preface differs from the seed:\n" + diff(expected, actual, "preface"), pytrace=False)


def test_source_title_is_the_seeds_own() -> None:
    assert index()["source"]["title"] == raw_seed().title == "【未来ビジョン 2021 鎌倉】 成果報告書"


def test_claims_are_preface_sentences() -> None:
    claims = index()["claims"]
    assert len(claims) == 6
    assert all(c["text"] in index()["preface"] for c in claims)


def test_figure_values_occur_in_their_source() -> None:
    for fig in index()["figures"]:
        if fig["source"] == "preface":
            text = "\n".join(index()["preface"])
        else:
            p = yaml_pledges()[int(fig["source"])]
            text = "\n".join([p["title"], *(str(next(iter(i.values()))) for i in p["body"])])
        plain = text.replace(",", "")
        for series in fig["series"]:
            for point in series["points"]:
                assert str(point["value"]) in plain, f"{fig['id']}: {point['value']} is not in its source"
                assert point["as_of"] in text, f"{fig['id']}: {point['as_of']} is not in its source"


# ---------------------------------------------------------------- the seed and the errata

def test_seed_checksum() -> None:
    actual = hashlib.sha256(SEED.read_bytes()).hexdigest()
    sums = dict(reversed(line.split()) for line in (EDITION / "seed/SHA256SUMS").read_text().splitlines() if line)
    assert sums[SEED.name] == actual
    assert index()["source"]["seed_sha256"] == actual
    assert (EDITION / index()["source"]["seed"]) == SEED


def test_errata_are_well_formed() -> None:
    entries = yaml.safe_load((EDITION / "errata.yaml").read_text(encoding="utf-8"))
    assert entries, "errata.yaml is empty"
    for n, e in enumerate(entries, start=1):
        assert {"pledge", "seed", "correction", "kind", "reason"} <= set(e), f"erratum #{n}"
        assert e["kind"] in ERRATUM_KINDS, f"erratum #{n}: kind {e['kind']!r}"
        assert e.get("keep", False) == (e["correction"] == e["seed"]), f"erratum #{n}: keep"
        assert not e.get("keep") or e["kind"] == "uncertain", f"erratum #{n}: a kept hit is uncertain"


@pytest.mark.parametrize("erratum", load_errata(EDITION / "errata.yaml"), ids=str)
def test_each_erratum_excerpt_occurs_in_the_seed(erratum: Erratum) -> None:
    seed = raw_seed()
    if erratum.pledge == "preface":
        found = sum(par.count(erratum.seed) for par in seed.preface)
    else:
        p = next(p for p in seed.pledges if p.no == erratum.pledge)
        found = p.title.count(erratum.seed) + sum(i.text.count(erratum.seed) for i in p.body)
    assert found == erratum.count, f"{erratum}: found {found} times in the normalised seed"


def test_totals() -> None:
    pledges = repaired().pledges
    assert len(pledges) == 170 and len(repaired().sections) == 8
    assert [p.no for p in pledges] == list(range(1, 171))
    assert Counter(p.status for p in pledges) == {"achieved": 130, "in_progress": 37, "not_achieved": 3}
    assert [p.no for p in pledges if p.status == "not_achieved"] == [109, 148, 149]
    yaml_status = Counter(p["status"] for p in yaml_pledges().values())
    assert yaml_status == {"achieved": 130, "in_progress": 37, "not_achieved": 3}


# ---------------------------------------------------------------- the parser and apply_errata on planted input

PLANTED = """# 【題】 報告書

前書き (一)

**約1億円削減。**

## ■教育

**1○最初の公約。**

- ・平成 30 年度 実施
- ・ 分割された箇

条書き
・ダッシュなし  
<https://example.org/a>

**■教育-2**

## 20 二番目の公約 手  
段で。

(令和 2 年度)

関谷小

- ・ラベル  
（平成30年度）深沢小
- ・リンク付き <https://example.org/b>
- ・途切れた文、

### 健康-3

**3✕三番目。**

[https://x.org/a\\\\_b](https://x.org/a_b)
"""


def test_parser_decisions_on_planted_seed() -> None:
    r = parse_seed(PLANTED)
    assert r.title == "【題】 報告書" and r.preface == ("前書き（一）", "約1億円削減。")
    assert [s.title for s in r.sections] == ["教育"]
    p1, p2, p3 = r.pledges
    assert (p1.no, p1.mark, p1.title) == (1, "○", "最初の公約。")
    assert [(i.kind, i.text, i.url) for i in p1.body] == [
        ("bullet", "平成30年度\u3000実施", None), ("bullet", "分割された箇条書き", None),
        ("bullet", "ダッシュなし", None), ("link", "https://example.org/a", "https://example.org/a")]
    assert (p2.no, p2.status, p2.title) == (2, "achieved", "二番目の公約\u3000手段で。")  # 0 read for ○
    assert [(i.kind, i.text, i.truncated) for i in p2.body] == [
        ("subheading", "（令和2年度）", False), ("para", "関谷小", False), ("bullet", "ラベル", False),
        ("para", "（平成30年度）深沢小", False), ("bullet", "リンク付き", False),
        ("link", "https://example.org/b", False), ("bullet", "途切れた文、", True)]
    assert (p3.mark, p3.status) == ("×", "not_achieved")
    assert p3.body[0].text == p3.body[0].url == "https://x.org/a_b"


@pytest.mark.parametrize("seed, message", [
    ("## ■A\n\n**2○番号が飛ぶ**\n", "expected pledge 1"),
    ("## ■A\n\n**1□印がない**\n", "no status mark"),
    ("## ■A\n\n### 見出し\n", "unrecognised heading"),
])
def test_parser_rejects_unknown_shapes(seed: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_seed(seed)


def _erratum(**kw: Any) -> Erratum:
    base: dict[str, Any] = {"pledge": 1, "seed": "", "correction": "", "kind": "ocr", "reason": "test"}
    return Erratum(**{**base, **kw})


def test_apply_errata_replaces_deletes_and_checks_counts() -> None:
    r = parse_seed("## ■A\n\n**1○流鏝馬の公約**\n\n- ・流鏝馬を整備\n- ・次の公約の題\n")
    fixed = apply_errata(r, [_erratum(seed="流鏝馬", correction="流鏑馬", count=2),
                             _erratum(seed="次の公約の題", correction="")])
    p = fixed.pledges[0]
    assert p.title == "流鏑馬の公約" and [i.text for i in p.body] == ["流鏑馬を整備"]
    with pytest.raises(ValueError, match=r"erratum #7 \(pledge 1, seed '流鏝馬'\).*1 times, expected 2"):
        apply_errata(parse_seed("## ■A\n\n**1○流鏝馬**\n"), [_erratum(seed="流鏝馬", count=2, index=7)])
    with pytest.raises(ValueError, match="no pledge 9"):
        apply_errata(r, [_erratum(pledge=9, seed="x", correction="y")])


def test_load_errata_rejects_bad_entries(tmp_path: Path) -> None:
    bad = tmp_path / "errata.yaml"
    bad.write_text("- {pledge: 1, seed: a, correction: b, kind: guess, reason: r}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="kind"):
        load_errata(bad)
    bad.write_text("- {pledge: 1, seed: a, correction: b, kind: ocr, reason: r, keep: true}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="keep"):
        load_errata(bad)
