"""Fonts: the manifest of vendored font files, verified by checksum.

In: `fonts/manifest.json` (role → file, family, sha256, licence). Out: `FontFile` records with verified paths,
or a `FontError` that names the file, the expected and the actual sha256, so a damaged or swapped font never
reaches a PDF. A leaf module: it imports nothing from the other stages.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

FONT_DIR = Path(__file__).resolve().parent
MANIFEST = FONT_DIR / "manifest.json"
ROLES = ("mincho", "gothic", "gothic_bold", "mincho_latin", "gothic_latin", "gothic_bold_latin")
# Each text role and the proportional face that sets its Latin words (`*_latin`).
LATIN_ROLES = {"mincho": "mincho_latin", "gothic": "gothic_latin", "gothic_bold": "gothic_bold_latin"}


class FontError(Exception):
    """A vendored font is missing or does not match its manifest."""


@dataclass(frozen=True)
class FontFile:
    """One vendored font: its role in the booklet, file, family name and checksum."""

    role: str
    path: Path
    family: str
    sha256: str


@dataclass(frozen=True)
class Licence:
    id: str
    name: str
    path: Path


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_manifest(manifest: Path = MANIFEST) -> tuple[dict[str, FontFile], Licence]:
    """The manifest's fonts by role, and the licence. Does not read the font files."""
    data = json.loads(manifest.read_text(encoding="utf-8"))
    fonts = {role: FontFile(role, manifest.parent / entry["file"], entry["family"], entry["sha256"])
             for role, entry in data["fonts"].items()}
    lic = data["licence"]
    return fonts, Licence(lic["id"], lic["name"], manifest.parent / lic["file"])


def verify(font: FontFile) -> None:
    """Raise FontError unless the file exists and its sha256 equals the manifest's."""
    if not font.path.is_file():
        raise FontError(f"font file {font.path} ({font.role}) is missing; "
                        "expected the vendored file listed in fonts/manifest.json")
    actual = _sha256(font.path)
    if actual != font.sha256:
        raise FontError(f"font file {font.path} ({font.role}) has sha256 {actual}, "
                        f"expected {font.sha256} as fonts/manifest.json records")


def load_fonts(manifest: Path = MANIFEST) -> dict[str, FontFile]:
    """Every font of the manifest, each verified by checksum (once per process and manifest, however the
    manifest is named)."""
    return _load_fonts(Path(manifest).resolve())


@lru_cache(maxsize=None)
def _load_fonts(manifest: Path) -> dict[str, FontFile]:
    fonts, _ = read_manifest(manifest)
    missing = [role for role in ROLES if role not in fonts]
    if missing:
        raise FontError(f"fonts/manifest.json has no entry for {', '.join(missing)}")
    for font in fonts.values():
        verify(font)
    return fonts
