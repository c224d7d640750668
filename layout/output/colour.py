"""Output stage: the palette's RGB → its CMYK, inside content streams, for the print profile.

In: a content stream as the layout wrote it (ReportLab's operators; every colour is one palette entry's RGB,
set with `r g b rg|RG`, or a grey level with `v g|G`, each on a line of its own). Out: the same stream with
each such line replaced by that entry's CMYK (`c m y k k|K`), byte for byte elsewhere: text objects and
their strings are never touched. A colour that is no palette entry raises `ValueError`: the layout drew
something print could not reproduce exactly (an internal error).
"""

from __future__ import annotations

import re
from functools import lru_cache

from layout.palette import PALETTE

_NUM = rb"([-+]?(?:\d+\.?\d*|\.\d+))"
# ReportLab writes each colour operator on a line of its own ("0 .352941 1 rg"), outside text objects, and
# escapes every control byte inside strings, so a line always starts at a token boundary. A colour operator
# written any other way stays RGB, and the print preflight then refuses the file.
_COLOUR_LINE = re.compile(rb"^[ \t]*" + _NUM + rb"[ \t]+(?:" + _NUM + rb"[ \t]+" + _NUM + rb"[ \t]+(rg|RG)|(g|G))[ \t]*$",
                          re.M)


@lru_cache(maxsize=1)
def _cmyk_by_rgb() -> dict[tuple[int, int, int], bytes]:
    """"c m y k" operands by RGB 0–255; roles that share an RGB must share their CMYK too."""
    table: dict[tuple[int, int, int], tuple[int, int, int, int]] = {}
    for role, swatch in PALETTE.items():
        if table.setdefault(swatch.rgb, swatch.cmyk) != swatch.cmyk:
            raise ValueError(f"palette role {role} shares its RGB {swatch.rgb} with another CMYK")
    return {rgb: b" ".join(_number(v / 100) for v in cmyk) for rgb, cmyk in table.items()}


def _number(value: float) -> bytes:
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return (text or "0").encode("ascii")


def _operands(rgb: tuple[float, float, float], stream_name: str) -> bytes:
    key = tuple(round(v * 255) for v in rgb)
    try:
        return _cmyk_by_rgb()[key]  # type: ignore[index]
    except KeyError:
        raise ValueError(f"{stream_name}: colour RGB {key} is not a palette entry, so it has no CMYK") from None


def rgb_to_cmyk(stream: bytes, stream_name: str = "content stream") -> bytes:
    """The stream with every RGB and grey colour operator line replaced by the palette entry's CMYK."""

    def replace(match: re.Match[bytes]) -> bytes:
        if match.group(4) is not None:  # r g b rg|RG
            rgb = (float(match.group(1)), float(match.group(2)), float(match.group(3)))
            op = b"k" if match.group(4) == b"rg" else b"K"
        else:                           # v g|G
            grey = float(match.group(1))
            rgb = (grey, grey, grey)
            op = b"k" if match.group(5) == b"g" else b"K"
        return _operands(rgb, stream_name) + b" " + op

    return _COLOUR_LINE.sub(replace, stream)
