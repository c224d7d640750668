"""The vendored fonts: manifest, checksums, licence, glyph coverage."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from fonts.coverage import find_missing
from fonts.manifest import FONT_DIR, MANIFEST, FontError, load_fonts, read_manifest


def test_manifest_fonts_verify_and_are_truetype() -> None:
    fonts = load_fonts()
    assert set(fonts) == {"mincho", "gothic", "gothic_bold", "mincho_latin", "gothic_latin", "gothic_bold_latin"}
    for font in fonts.values():
        tt = TTFont(str(font.path), lazy=True)
        assert "glyf" in tt, f"{font.path.name} must have TrueType outlines (ReportLab's TTFont needs them)"
        assert font.family in str(tt["name"].getDebugName(1))
    assert fonts["mincho"].path.name == "BIZUDMincho-Regular.ttf"  # fixed pitch, not the P variant
    assert fonts["mincho_latin"].path.name == "BIZUDPMincho-Regular.ttf"  # the P variant, for Latin words


def test_the_latin_faces_are_proportional() -> None:
    """The *_latin faces set Latin words with proportional widths (i narrower than W), where the text faces
    are fixed-pitch (every ASCII letter ½ em)."""
    fonts = load_fonts()
    for role in ("mincho", "gothic", "gothic_bold"):
        fixed, prop = (TTFont(str(fonts[r].path), lazy=True) for r in (role, f"{role}_latin"))
        def width(tt: TTFont, ch: str) -> int:
            return tt["hmtx"][tt.getBestCmap()[ord(ch)]][0]
        assert width(fixed, "i") == width(fixed, "W") == fixed["head"].unitsPerEm // 2
        assert width(prop, "i") < width(prop, "n") < width(prop, "W")


def test_mincho_is_fixed_pitch_for_kana_and_kanji() -> None:
    tt = TTFont(str(load_fonts()["mincho"].path), lazy=True)
    cmap, hmtx, upm = tt.getBestCmap(), tt["hmtx"], tt["head"].unitsPerEm
    widths = {hmtx[cmap[ord(c)]][0] for c in "あア漢字鎌倉、。「」（）・"}
    assert widths == {upm}


def test_licence_is_vendored() -> None:
    _, licence = read_manifest()
    text = licence.path.read_text(encoding="utf-8")
    assert licence.id == "OFL-1.1" and "SIL OPEN FONT LICENSE Version 1.1" in text


def test_checksum_mismatch_is_a_clear_error(tmp_path: Path) -> None:
    data = json.loads(MANIFEST.read_text(encoding="utf-8"))
    for entry in data["fonts"].values():
        shutil.copy(FONT_DIR / entry["file"], tmp_path / entry["file"])
    data["fonts"]["gothic"]["sha256"] = "0" * 64
    manifest = tmp_path / "manifest.json"
    manifest.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(FontError, match=r"BIZUDGothic-Regular\.ttf \(gothic\) has sha256 [0-9a-f]{64}, expected 0{64}"):
        load_fonts(manifest)


def test_missing_glyphs_are_all_reported_with_code_point_and_name() -> None:
    missing = find_missing([("pledge 7", "mincho", "✕未達成と𠮷野家"), ("pledge 9", "mincho", "再び✕"),
                            ("pledge 8", "gothic_bold", "○△×〇")])
    lines = [str(m) for m in missing]
    assert lines == [
        "pledge 7, pledge 9: U+2715 MULTIPLICATION X (✕) is not in the mincho font",
        "pledge 7: U+20BB7 CJK UNIFIED IDEOGRAPH-20BB7 (𠮷) is not in the mincho font",
    ]
