"""Layout stage, parts: 奥付, the colophon, on 表4 (the back cover).

In: the `Report` and a `Setter`. Out: rows for the foot of the last page: the title, and a table of what
the edition states: 発行日 and 版 (the seika edition's own data), 報告者 (the source's issuer, who reports;
not a publisher), the publisher, publishing office (address, URL) and printer where the edition's editor
has filled them in (nothing is invented, an empty field is left out), the source, the period, the fonts
and their licence, and the corrections: OCR misreads repaired, and errors of the original corrected, each
counted from errata.yaml. Build ids and content hashes are not for readers: they are in the XMP and the
archive's build manifest.
"""

from __future__ import annotations

from content.model import Report
from content.seed import load_errata
from fonts.manifest import read_manifest
from layout.flowables import Row
from layout.parts.common import rule_row, text_row, with_draw
from layout.setter import Setter


def japanese_date(iso: str) -> str:
    """2026-11-27 → 2026年11月27日 (the edition's own date, never the clock)."""
    year, month, day = (int(part) for part in iso.split("-"))
    return f"{year}年{month}月{day}日"


def errata_counts(report: Report) -> dict[str, int]:
    """Corrections by kind, from errata.yaml: OCR misreads, errors of the original; entries kept as written
    (keep: true) are not corrections."""
    path = report.root / "errata.yaml"
    counts = {"ocr": 0, "source-typo": 0}
    if path.exists():
        for erratum in load_errata(path):
            if not erratum.keep and erratum.kind in counts:
                counts[erratum.kind] += 1
    return counts


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
    counts = errata_counts(report)
    fields = colophon_fields(report)
    fields.append(("書体", f"{families}（{licence.name}）"))
    notes = []
    if counts["ocr"]:
        notes.append(f"原典の読み取り誤り{counts['ocr']}件を修正")
    if counts["source-typo"]:
        notes.append(f"原典の誤記{counts['source-typo']}件を訂正")
    if notes:
        fields.append(("本文", "、".join(notes) + "（正誤表は保存用PDFに添付）"))
    body = setter.g.body_size
    rows: list[Row] = []
    title = text_row(setter, f"{ed.title}{ed.subtitle}", "title")
    title.bookmarks.append(("colophon", "奥付", 0))
    rows.append(title)
    rows.append(rule_row(setter, setter.line * 0.5, break_after=False))
    for label, value in fields:
        label_row = text_row(setter, label, "small")
        rows.append(with_draw(label_row, text_row(setter, value, "small", x=body * 6).draw))  # type: ignore[arg-type]
    rows.append(rule_row(setter, setter.line * 0.5, break_after=False))
    return rows
