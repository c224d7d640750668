"""Content stage: the kamakura-2021 YAML is exactly the seed, normalised, parsed and repaired by errata.yaml.

Pledge by pledge, and for the preface: its paragraphs are the seed's preface lines, normalised, repaired and
joined by `content.normalise.join_lines`, each line once and in order, with the editorial breaks recorded in
report.yaml's comments. The YAML is read with plain `yaml.safe_load`, independently of content.loader. Also:
every running text is normalised text and follows the symbol style (read a second way, without normalise),
the seed's checksum, the errata themselves, the totals, and the parser's decisions on small planted seeds.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from content.normalise import join_lines, normalise
from content.problems import ContentError
from content.seed import (ERRATUM_KINDS, Erratum, SeedReport, apply_errata, load_errata, parse_seed,
                          preface_paragraphs)

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


def preface_split() -> tuple[range, ...]:
    """Which of the repaired seed's preface lines each YAML paragraph joins; fails the test with the place
    where a paragraph parts from the seed's lines."""
    try:
        return preface_paragraphs(repaired().preface, index()["preface"])
    except ValueError as err:
        pytest.fail(f"the YAML preface is not the seed's preface lines joined: {err}", pytrace=False)


def test_preface_paragraphs_are_the_seed_lines_joined() -> None:
    """Every seed preface line, normalised and repaired, is in exactly one paragraph, in order, and each
    paragraph is its lines joined by join_lines: nothing is lost, repeated, moved, invented or dropped."""
    lines, paragraphs = repaired().preface, index()["preface"]
    split = preface_split()
    assert len(lines) == 20 and [i for r in split for i in r] == list(range(len(lines)))
    assert [join_lines(lines[r.start:r.stop]) for r in split] == paragraphs
    assert "".join(paragraphs) == "".join(lines)  # nothing between Japanese text: no space was added
    assert all(normalise(p) == p for p in paragraphs)  # the joined text is normalised text too


def running_texts() -> list[tuple[int | str, str]]:
    """(where, text) for every text of the YAML that normalise produced: section and pledge titles, bullets,
    paragraphs, subheadings and the preface (link labels and URLs are the seed's own, never normalised)."""
    out: list[tuple[int | str, str]] = [("preface", p) for p in index()["preface"]]
    for section in yaml_sections():
        out.append(("section", section["title"]))
        for p in section["pledges"]:
            out.append((number(p), p["title"]))
            out += [(number(p), v) for item in p.get("body") or [] for k, v in item.items()
                    if k not in ("link", "truncated")]
    return out


def test_every_running_text_is_normalised_text() -> None:
    """The errata's corrections keep the text normalised (no erratum brings back a ～, an ASCII & or a spaced
    hyphen), and so does the editor's own text in report.yaml: normalise changes none of them."""
    editor = index()["edition"]
    own = [editor["title"], editor.get("subtitle") or "", editor.get("period") or ""]
    own += [f["label"] for f in index()["figures"]] + [f["basis"] for f in index()["figures"]]
    own += [c["text"] for c in index()["claims"]]
    changed = [(where, text) for where, text in running_texts() + [("report", t) for t in own]
               if normalise(text) != text]
    assert not changed, f"{len(changed)} texts are not normalised, first: {changed[0]}"


_URL_IN_TEXT = re.compile(r"https?://[!#-;=?-~]+")
_JAPANESE = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uff01-\uff9f]")
_LATIN_OR_DIGIT = re.compile(r"[0-9A-Za-z]")


def symbol_style_breaches(text: str) -> list[str]:
    """The places where `text` departs from the symbol style of content/SCHEMA.md ("Symbols"), found without
    normalise: a second reading of the same style, so that a mistake in the rules shows here."""
    text = _URL_IN_TEXT.sub(lambda m: "u" * len(m[0]), text)  # URLs are exempt: read them as Latin
    found = []
    for i, ch in enumerate(text):
        left, right = text[:i].rstrip(" ")[-1:], text[i + 1:].lstrip(" ")[:1]  # the nearest non-spaces
        japanese = bool(_JAPANESE.match(left) or _JAPANESE.match(right))
        latin_beside = bool(_LATIN_OR_DIGIT.match(left) or _LATIN_OR_DIGIT.match(right))
        latin = bool(_LATIN_OR_DIGIT.match(left) and _LATIN_OR_DIGIT.match(right))
        sign = text[i + 1:i + 2].isdigit() and not _LATIN_OR_DIGIT.match(left)
        if ch in "\uff5e\u2014" or (ch == "\u2013" and japanese):
            why = f"{ch} U+{ord(ch):04X}"
        elif ch == "+" and japanese and not sign:
            why = "ASCII + beside Japanese that is no sign"
        elif ch == "\uff0b" and (latin or sign) or ch == "\uff06" and latin:
            why = f"full-width {ch} in a Latin or number run"
        elif ch == "&" and japanese:
            why = "ASCII & beside Japanese"
        elif ch == "-" and japanese and not latin_beside:
            why = "ASCII - used as a dash"
        elif ch in "〜―＋＆" and " " in (text[i - 1:i], text[i + 1:i + 2]):
            why = f"a space beside {ch}"
        else:
            continue
        found.append(f"{why} at {text[max(0, i - 8):i + 8]!r}")
    return found


def test_the_content_follows_the_symbol_style() -> None:
    breaches = [f"{where}: {b}" for where, text in running_texts() for b in symbol_style_breaches(text)]
    assert not breaches, "\n".join(breaches)
    joined = "".join(text for _, text in running_texts())
    # what the seed gives: 14 wave dashes (11 ～, 3 ~), 3 ＋ and 3 ＆ between Japanese, 4 signs (+80 …),
    # and 3 dashes (2 from hyphens in pledge 100, 1 from the erratum of pledge 97)
    assert [joined.count(c) for c in "〜＋＆―+"] == [14, 3, 3, 3, 4]


@pytest.mark.parametrize("text, breach", [
    ("令和2年度～令和3年度", "U+FF5E"),
    ("東京–大阪", "U+2013"),
    ("イベント+妙長寺", "ASCII +"),
    ("R＆D", "full-width ＆"),
    ("（＋80）", "full-width ＋"),
    ("キッズ&ファミリー", "ASCII &"),
    ("館 - 頼朝", "ASCII - used as a dash"),
    ("企画展—みほとけ", "U+2014"),
    ("令和2年度 〜 令和3年度", "a space beside 〜"),
])
def test_symbol_style_breaches_are_found(text: str, breach: str) -> None:
    assert any(breach in b for b in symbol_style_breaches(text))
    assert not symbol_style_breaches(normalise(text))


@pytest.mark.parametrize("text", ["定員2,451人（+80）", "Wi-Fi整備", "（3-20）", "R&Dセンター", "x - y", "C++",
                                  "詳細はhttps://example.org/?a=1&b=-2~を参照"])
def test_symbol_style_allows_latin_codes_signs_and_urls(text: str) -> None:
    assert symbol_style_breaches(text) == []


def test_preface_breaks_are_recorded_in_the_yaml() -> None:
    """The comment above each paragraph names the seed file lines it joins, and they are the real ones."""
    text = (EDITION / "report.yaml").read_text(encoding="utf-8")
    block = text[text.index("\npreface:"):text.index("\nclaims:")]
    stated = [(int(n), int(first), int(last or first))
              for n, first, last in re.findall(r"^  # ¶(\d+) seed lines? (\d+)(?:–(\d+))?:", block, re.M)]
    where = repaired().preface_lines
    actual = [(k, where[r.start], where[r.stop - 1]) for k, r in enumerate(preface_split(), start=1)]
    assert stated == actual, f"the ¶ comments in report.yaml name {stated}, the paragraphs join {actual}"
    # the items follow their comments one for one
    assert re.findall(r"^  # ¶\d+.*\n  - ", block, re.M) and block.count("\n  - ") == len(actual)


def test_preface_paragraphs_are_few_and_real() -> None:
    """The editorial breaks: the report and its self-assessment; the debt; the funds; the population; the
    lead into the pledges. Every paragraph ends a sentence (no paragraph ends mid-clause on 、)."""
    paragraphs = index()["preface"]
    assert [len(r) for r in preface_split()] == [6, 5, 4, 4, 1]
    assert all(p.endswith("。") for p in paragraphs)


def test_source_title_is_the_seeds_own() -> None:
    assert index()["source"]["title"] == raw_seed().title == "【未来ビジョン 2021 鎌倉】 成果報告書"


def test_claims_are_preface_sentences() -> None:
    """Each claim stands inside one paragraph, exactly as written there (never across a paragraph break)."""
    claims = index()["claims"]
    assert len(claims) == 6
    for c in claims:
        assert sum(c["text"] in p for p in index()["preface"]) == 1, c["text"]


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
    assert r.preface_lines == (3, 5)
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
    with pytest.raises(ValueError, match=r"erratum 7 \(pledge 1\): the excerpt '流鏝馬' occurs 1 time in pledge 1 "
                       r"of the seed \(expected 2"):
        apply_errata(parse_seed("## ■A\n\n**1○流鏝馬**\n"), [_erratum(seed="流鏝馬", count=2, index=7)])
    with pytest.raises(ValueError, match="no pledge 9"):
        apply_errata(r, [_erratum(pledge=9, seed="x", correction="y")])


def test_load_errata_rejects_bad_entries(tmp_path: Path) -> None:
    bad = tmp_path / "errata.yaml"
    bad.write_text("- {pledge: 1, seed: a, correction: b, kind: guess, reason: r}\n", encoding="utf-8")
    with pytest.raises(ContentError, match="errata.yaml:1:45: erratum 1: kind 'guess' is not one of"):
        load_errata(bad)
    bad.write_text("- {pledge: 1, seed: a, correction: b, kind: ocr, reason: r, keep: true}\n", encoding="utf-8")
    with pytest.raises(ContentError, match="erratum 1: keep is true, but the correction differs from the seed"):
        load_errata(bad)


# ---------------------------------------------------------------- preface_paragraphs on planted lines

LINES = ("掲げた4項目のうち、", "○達成が3項目（約75%）", "となりました。", "市債残高は", "約3億円削減しました。")


def test_preface_paragraphs_finds_the_breaks() -> None:
    paragraphs = ["掲げた4項目のうち、○達成が3項目（約75%）となりました。", "市債残高は約3億円削減しました。"]
    assert preface_paragraphs(LINES, paragraphs) == (range(0, 3), range(3, 5))
    assert preface_paragraphs(LINES, list(LINES)) == tuple(range(i, i + 1) for i in range(5))
    assert preface_paragraphs(["ZEN", "2.0 の推進"], ["ZEN 2.0 の推進"]) == (range(0, 2),)


@pytest.mark.parametrize("paragraphs, message", [
    # a line lost
    (["掲げた4項目のうち、となりました。", "市債残高は約3億円削減しました。"], "paragraph 1 parts from preface line 2"),
    # a line repeated
    (["掲げた4項目のうち、○達成が3項目（約75%）となりました。", "となりました。市債残高は約3億円削減しました。"],
     "paragraph 2 parts from preface line 4"),
    # two lines swapped
    (["掲げた4項目のうち、○達成が3項目（約75%）となりました。", "約3億円削減しました。市債残高は"],
     "paragraph 2 parts from preface line 4"),
    # a character invented (a 、 the seed does not have)
    (["掲げた4項目のうち、○達成が3項目（約75%）、となりました。", "市債残高は約3億円削減しました。"],
     "paragraph 1 parts from preface line 3 ('となりました。') at character 24"),
    # a character dropped
    (["掲げた4項目のうち○達成が3項目（約75%）となりました。", "市債残高は約3億円削減しました。"],
     "paragraph 1 parts from preface line 1 ('掲げた4項目のうち、') at character 10"),
    # a break inside a line
    (["掲げた4項目のうち、○達成が3項目", "（約75%）となりました。市債残高は約3億円削減しました。"], "paragraph 1"),
    # the last line left out, or text after the last line
    (["掲げた4項目のうち、○達成が3項目（約75%）となりました。", "市債残高は"], "end before preface line 5"),
    (["掲げた4項目のうち、○達成が3項目（約75%）となりました。", "市債残高は約3億円削減しました。以上。"],
     "goes on after the last preface line"),
])
def test_preface_paragraphs_refuses_what_is_not_the_lines(paragraphs: list[str], message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        preface_paragraphs(LINES, paragraphs)


def test_a_lost_or_reordered_seed_line_fails_the_bundled_preface() -> None:
    """The bundled preface with one seed line dropped, or two swapped, no longer passes."""
    lines = list(repaired().preface)
    paragraphs = index()["preface"]
    with pytest.raises(ValueError):
        preface_paragraphs(lines[:8] + lines[9:], paragraphs)
    with pytest.raises(ValueError):
        preface_paragraphs(lines[:8] + [lines[9], lines[8]] + lines[10:], paragraphs)
    with pytest.raises(ValueError):
        preface_paragraphs(lines[:9] + lines[8:], paragraphs)


def test_preface_errata_apply_to_lines_before_the_join() -> None:
    r = parse_seed("前書き (一)\n\n次の行\n\n## ■A\n\n**1○公約**\n")
    fixed = apply_errata(r, [_erratum(pledge="preface", seed="次の行", correction="")])
    assert fixed.preface == ("前書き（一）",) and fixed.preface_lines == (1,)
