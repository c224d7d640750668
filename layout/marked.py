"""Layout stage: marked-content spans that carry a run's source text (/ActualText).

In: the source text of something drawn with inserted spacing (a line whose glyphs are positioned apart,
a chart label set as positioned runs). Out: the operators that open and close one marked-content span
around it, `/Span <</ActualText <FEFF…>>> BDC … EMC`, written into a ReportLab text object or canvas.

Text extractors (poppler, MuPDF) read a span's /ActualText instead of its glyphs, so a search finds
「平成30年度」 where the glyphs are set as 「平成」「30」「年度」 with quarter-em gaps between them.
A span is opened and closed inside one text object (or outside every text object) on one page, with the
graphics state balanced inside it, so it never straddles a page, q/Q or BT/ET; the structure tree of the
accessible profile reuses these spans. /ActualText in marked content is PDF 1.5: the print profile
(PDF/X-1a, PDF 1.4) turns each span into a bare `/Span BMC` (`strip_actual_text`), keeping the pairing.
"""

from __future__ import annotations

import re

SPAN_END = "EMC"
_SPAN_RE = re.compile(rb"/Span <</ActualText <FEFF((?:[0-9A-F]{4})*)>>> BDC")


def span_begin(text: str) -> str:
    """The operator that opens a span whose extracted text is `text` (UTF-16BE with BOM, as hex)."""
    return f"/Span <</ActualText <FEFF{text.encode('utf-16-be').hex().upper()}>>> BDC"


def needs_span(drawn: str, runs: int) -> bool:
    """Does a text drawn as `runs` separately positioned runs need its source text attached? Only when
    the gaps between runs would be read as spaces, i.e. when there is more than one run."""
    return runs > 1 and bool(drawn.strip())


def strip_actual_text(stream: bytes) -> bytes:
    """The content stream with every ActualText span reduced to `/Span BMC` (for PDF 1.4 files)."""
    return _SPAN_RE.sub(b"/Span BMC", stream)


def actual_text_spans(stream: bytes) -> list[str]:
    """The source texts of the ActualText spans in a content stream, in order (for tests and preflight)."""
    return [bytes.fromhex(m.group(1).decode("ascii")).decode("utf-16-be") for m in _SPAN_RE.finditer(stream)]
