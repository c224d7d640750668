"""Content stage: the validated `Report` → a JSON-ready dict (the `export-json` format).

In: a `Report`. Out: plain dicts, lists, strings and ints in the shape that `content/schema/report.schema.json`
describes (`schema_version` 1). Figure values are exact decimal strings ("799.5"), never floats. The preface
is its list of paragraphs; `edition.colophon` appears only when the editor gave at least one of its fields,
and then with the given fields only.
Paths are relative to the edition folder, so the output does not depend on where the edition lives.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from content.model import BodyItem, Colophon, Report

SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / "report.schema.json"


def _item(item: BodyItem) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": item.kind.value, "text": item.text}
    if item.url is not None:
        out["url"] = item.url
    if item.truncated:
        out["truncated"] = True
    return out


def _colophon(colophon: Colophon) -> dict[str, Any]:
    """The colophon's given fields only: what the editor left out is left out here too."""
    out: dict[str, Any] = {}
    if colophon.publisher:
        out["publisher"] = colophon.publisher
    if colophon.office is not None:
        office = colophon.office
        out["office"] = {"name": office.name, **({"address": office.address} if office.address else {}),
                         **({"url": office.url} if office.url else {})}
    if colophon.printer:
        out["printer"] = colophon.printer
    return out


def export_report(report: Report) -> dict[str, Any]:
    """The report as JSON-ready data."""
    src, ed = report.source, report.edition
    return {
        "schema_version": report.schema_version,
        "source": {"title": src.title, "issuer": src.issuer,
                   "seed": src.seed.relative_to(report.root).as_posix(), "seed_sha256": src.seed_sha256},
        "edition": {"id": ed.id, "number": ed.number, "release_date": ed.release_date, "title": ed.title,
                    "subtitle": ed.subtitle, "period": ed.period,
                    **({} if ed.colophon.is_empty else {"colophon": _colophon(ed.colophon)})},
        "preface": list(report.preface),
        "claims": [{"text": c.text, **({"status": c.status.value} if c.status else {}),
                    **({"figure": c.figure} if c.figure else {})} for c in report.claims],
        "figures": [{"id": f.id, "label": f.label, "unit": f.unit, "basis": f.basis, "as_of": f.as_of,
                     "source": f.source,
                     "series": [{"name": s.name,
                                 "points": [{"as_of": p.as_of, "value": format(p.value, "f")} for p in s.points]}
                                for s in f.series]} for f in report.figures],
        "sections": [{"title": s.title,
                      "items": [{"no": p.no, "status": p.status.value, "title": p.title,
                                 **({"short_title": p.short_title} if p.short_title else {}),
                                 "body": [_item(i) for i in p.body]} for p in s.pledges]}
                     for s in report.sections],
    }


def dumps_report(report: Report) -> str:
    """The report as JSON text: UTF-8 characters as they are, two-space indent, stable key order."""
    return json.dumps(export_report(report), ensure_ascii=False, indent=2) + "\n"
