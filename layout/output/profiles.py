"""Output stage: the output profiles as typed data.

In: nothing. Out: `PROFILES`: print (入稿: PDF/X-1a:2003, CMYK with K100 overprinting, 3 mm bleed, Japanese
トンボ in the registration colour /All, no annotations),
screen (RGB, links, outline open, small) and archive (PDF/A-3b, RGB with an sRGB OutputIntent, the source
and a build manifest attached). The layout is one for all three (`layout.output.emit` makes each file from
it); a profile only chooses the colour model, the page boxes around the trim, the marks, the links, and
the finishing step.
"""

from __future__ import annotations

from dataclasses import dataclass

from layout.geometry import BLEED_MM, MM


@dataclass(frozen=True)
class Profile:
    """What one output profile asks of the layout and of the finishing step."""

    name: str
    label: str             # for messages and the preflight report
    cmyk: bool             # colours from the palette's CMYK (print) or RGB
    bleed_mm: float        # the BleedBox past the trim (≤ the layout's BLEED, which its artwork fills)
    slug_mm: float         # trim edge to media edge: room for the marks (0 = the page is the trim)
    marks: bool            # Japanese double トンボ and centre marks, in registration colour (Separation /All)
    overprint: bool        # K100 text and rules overprint (スミノセ); nothing else does (needs cmyk)
    links: bool            # internal links from the indexes, and web links
    actual_text: bool      # spaced runs carry their source text (/ActualText spans: PDF 1.5, not in PDF/X-1a)
    open_outline: bool     # the viewer opens with the bookmarks shown
    pdf_version: str
    pdfx: bool             # PDF/X-1a:2003 identification and Japan Color 2001 Coated OutputIntent
    pdfa: bool             # PDF/A-3b identification, sRGB OutputIntent, attachments with /AF
    object_streams: bool   # compress the object graph (not in PDF 1.4, so not for print)
    max_bytes: int | None  # a size budget at A4, checked by the tests and the benchmark

    @property
    def bleed(self) -> float:
        return self.bleed_mm * MM

    @property
    def slug(self) -> float:
        return self.slug_mm * MM


PROFILES: dict[str, Profile] = {
    "print": Profile("print", "印刷入稿用 (PDF/X-1a:2003)", cmyk=True, bleed_mm=BLEED_MM, slug_mm=15.0, marks=True,
                     overprint=True, links=False, actual_text=False, open_outline=False, pdf_version="1.4", pdfx=True, pdfa=False,
                     object_streams=False, max_bytes=None),
    "screen": Profile("screen", "画面配布用", cmyk=False, bleed_mm=0.0, slug_mm=0.0, marks=False,
                      overprint=False, links=True, actual_text=True, open_outline=True, pdf_version="1.7", pdfx=False, pdfa=False,
                      object_streams=True, max_bytes=1_200_000),
    "archive": Profile("archive", "保存用 (PDF/A-3b)", cmyk=False, bleed_mm=0.0, slug_mm=0.0, marks=False,
                       overprint=False, links=True, actual_text=True, open_outline=True, pdf_version="1.7", pdfx=False, pdfa=True,
                       object_streams=True, max_bytes=None),
}
