"""Layout stage, parts: 奥付, the colophon, on 表4 (the back cover).

In: the `Report` and a `Setter`. Out: rows for the foot of the last page: the title, and a table of what
the edition states: 発行日 and 版 (the seika edition's own data), 報告者 (the source's issuer, who reports;
not a publisher), the publisher, publishing office (address, URL) and printer where the edition's editor
has filled them in (nothing is invented, an empty field is left out), the source, the period, the fonts
and their licence, and what was corrected (OCR misreads repaired, errors of the original corrected: the
kinds errata.yaml records). Build ids, content hashes and errata counts are not for readers: they are in
the XMP and the archive's build manifest.
"""

from __future__ import annotations

from content.model import Report
from content.seed import load_errata
from fonts.manifest import read_manifest
from layout.flowables import Row
from layout.parts.common import rule_row, text_row, with_draw
from layout.setter import Setter


def japanese_date(iso: str) -> str:
    """2026-11-27 → 令和8年（2026年）11月27日: the era year first, as a 奥付 gives it, with the Western year
    (the edition's own date, never the clock). Dates before 令和 (2019-05-01) keep the Western year only."""
    year, month, day = (int(part) for part in iso.split("-"))
    if (year, month, day) >= (2019, 5, 1):
        era = year - 2018
        return f"令和{'元' if era == 1 else era}年（{year}年）{month}月{day}日"
    return f"{year}年{month}月{day}日"


def errata_kinds(report: Report) -> set[str]:
    """The kinds of correction errata.yaml records (ocr, source-typo), those kept as written left out."""
    path = report.root / "errata.yaml"
    return {e.kind for e in load_errata(path) if not e.keep} if path.exists() else set()


def colophon_fields(report: Report) -> list[tuple[str, str]]:
    """The colophon's (label, text) rows, from the data only; what the edition leaves empty is left out."""
    ed, src = report.edition, report.source
    fields = [("発行日", f"{japanese_date(ed.release_date)}　第{ed.number}版")]
    fields += list(ed.colophon.entries())
    if src.issuer:
        fields.append(("報告者", src.issuer))
    fields.append(("原典", src.title))
    if ed.period:
        fields.append(("対象期間", ed.period))
    return fields


def colophon_rows(setter: Setter, report: Report) -> list[Row]:
    ed = report.edition
    fonts_manifest, licence = read_manifest()
    families = "・".join(dict.fromkeys(f.family for f in fonts_manifest.values()))
    fields = colophon_fields(report)
    fields.append(("書体", f"{families}（{licence.name}）"))
    kinds = errata_kinds(report)
    notes = [text for kind, text in (("ocr", "原典を光学文字認識で読み取った際の誤りを修正し"),
                                     ("source-typo", "原典の誤記を訂正し")) if kind in kinds]
    if notes:
        fields.append(("本文", "、".join(notes) + "ました（正誤表は保存用PDFに添付）。"))
    body = setter.g.body_size
    label_w = body * 5.5
    rows: list[Row] = []
    title = text_row(setter, f"{ed.title}{ed.subtitle}", "title")
    title.bookmarks.append(("colophon", "奥付", 0))
    rows.append(title)
    rows.append(rule_row(setter, setter.line * 0.5, break_after=False))
    for label, value in fields:
        lines = setter.rows(value, "small", "colophon", x=label_w, width=setter.g.measure - label_w, keep_all=True)
        lines[0] = with_draw(lines[0], text_row(setter, label, "small", height=lines[0].height).draw)  # type: ignore[arg-type]
        rows += lines
    rows.append(rule_row(setter, setter.line * 0.5, break_after=False))
    return rows
