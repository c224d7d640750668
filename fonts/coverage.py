"""Fonts: the glyph-coverage preflight, and the shipped table of the code points each vendored font covers.

In: the strings that will be set, each with where it comes from ("pledge 12", "chart 市債残高", "label"),
and the font roles that will set them. Out: every character the fonts lack, reported at once, each with
where it occurs, its code point as U+XXXX and its Unicode name. The build stops before layout when any
is missing.

The code points come from `fonts/coverage.json`, written beside the fonts from their cmap tables: per font
file, keyed by its sha256 as `fonts/manifest.json` records it (and `load_fonts` verifies against the file),
the number of code points and the name of a run list (alternating gaps and runs of covered code points),
itself named by the sha256 of its JSON. Identical fonts share a run list. Reading it costs a few
milliseconds, against about 0.5 s for reading the three cmaps with fontTools, so a run with a fresh table
never opens a cmap (nor imports fontTools).

An entry is used only when it matches: the font's sha256 is a key, its run list hashes to its name, and it
holds the recorded number of code points. Otherwise (no table, an unreadable one, another format, a font
swapped with its manifest, or a hand-edited list) the table is stale for that font, and the check falls
back to reading the font's cmap with fontTools, so the answer is always the font's own. After a fallback,
the table is rewritten in place (a temporary file, then a rename) when the fonts folder is writable, so the
next run is fast again; on a read-only install it only falls back, every run, without an error.
`python -m fonts.coverage --write` regenerates the table, `--check` exits 1 when it is stale.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, chain
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from fonts.manifest import MANIFEST, FontFile, load_fonts, read_manifest

TABLE_NAME = "coverage.json"
FORMAT = 1
COMMENT = ("Code points each vendored font maps to a glyph, from its cmap, for the glyph-coverage check. "
           "fonts: font sha256 (as in manifest.json) -> file, code point count, run list name. runs: name (the "
           "sha256 of the list's JSON) -> [gap, run, gap, run, ...] from U+0000. "
           "Regenerate with: python -m fonts.coverage --write")

# Characters that are never drawn as glyphs: line breaks, and the spaces that the composer turns into positioning.
_NOT_DRAWN = {"\n", "\r", "\t", " ", "\u3000"}


@dataclass(frozen=True)
class Missing:
    """A character the font lacks, and the first places it occurs."""

    char: str
    role: str
    places: tuple[str, ...]

    @property
    def codepoint(self) -> str:
        return f"U+{ord(self.char):04X}"

    @property
    def name(self) -> str:
        return unicodedata.name(self.char, "unnamed character")

    def __str__(self) -> str:
        where = ", ".join(self.places[:5]) + (f" and {len(self.places) - 5} more" if len(self.places) > 5 else "")
        return f"{where}: {self.codepoint} {self.name} ({self.char}) is not in the {self.role} font"


# --- the table ---------------------------------------------------------------------------------------------

def table_path(manifest: Path = MANIFEST) -> Path:
    """The coverage table beside a manifest (and so beside its fonts)."""
    return manifest.parent / TABLE_NAME


def read_cmap(path: Path) -> frozenset[int]:
    """The code points a font file maps to a glyph, read from its cmap with fontTools (the slow path)."""
    from fontTools.ttLib import TTFont  # only here: a fresh table never needs fontTools

    font = TTFont(str(path), lazy=True)
    try:
        return frozenset(font.getBestCmap().keys())
    finally:
        font.close()


def encode_runs(points: Iterable[int]) -> list[int]:
    """Code points as [gap, run, gap, run, ...]: each gap counts the code points skipped since the end of
    the previous run (from U+0000), each run the consecutive code points covered."""
    out: list[int] = []
    end = 0  # one past the last covered code point so far
    for cp in sorted(set(points)):
        if out and cp == end:
            out[-1] += 1
        else:
            out += [cp - end, 1]
        end = cp + 1
    return out


def decode_runs(runs: Sequence[int]) -> frozenset[int]:
    """The inverse of `encode_runs`; ValueError unless it is an even-length list of counts (runs ≥ 1)."""
    runs = list(runs)
    if len(runs) % 2 or (runs and (set(map(type, runs)) != {int} or min(runs[::2]) < 0 or min(runs[1::2]) < 1)):
        raise ValueError("a run list is pairs of non-negative gaps and positive runs")
    bounds = list(accumulate(runs))  # start of run 0, its end, start of run 1, its end, ...
    return frozenset(chain.from_iterable(map(range, bounds[::2], bounds[1::2])))


def _runs_name(runs: Sequence[int]) -> str:
    return hashlib.sha256(json.dumps(list(runs), separators=(",", ":")).encode("ascii")).hexdigest()


def make_table(fonts: Mapping[str, FontFile], coverage: Mapping[str, frozenset[int]]) -> dict[str, Any]:
    """The table for these fonts (by role) and their code points (by role)."""
    entries: dict[str, dict[str, Any]] = {}
    runs: dict[str, list[int]] = {}
    for role, font in sorted(fonts.items(), key=lambda item: item[1].path.name):
        encoded = encode_runs(coverage[role])
        name = _runs_name(encoded)
        runs[name] = encoded
        entries[font.sha256] = {"file": font.path.name, "codepoints": len(coverage[role]), "runs": name}
    return {"comment": COMMENT, "format": FORMAT, "fonts": entries, "runs": runs}


def dumps_table(table: Mapping[str, Any]) -> str:
    """The table as JSON text: one line per font entry and per run list, so a change reads as a short diff."""
    lines = ["{", f'  "comment": {json.dumps(table["comment"])},', f'  "format": {table["format"]},',
             '  "fonts": {']
    lines += [f"    {json.dumps(sha)}: {json.dumps(entry, ensure_ascii=False)}," for sha, entry in table["fonts"].items()]
    lines[-1] = lines[-1].rstrip(",")
    lines += ["  },", '  "runs": {']
    lines += [f"    {json.dumps(name)}: {json.dumps(runs, separators=(',', ':'))}," for name, runs in table["runs"].items()]
    lines[-1] = lines[-1].rstrip(",")
    lines += ["  }", "}", ""]
    return "\n".join(lines)


def read_table(path: Path) -> dict[str, frozenset[int]]:
    """Font sha256 → code points, for every entry of the table at `path` that checks out (its run list
    exists, hashes to its name and holds the recorded count). Empty when the file is missing, unreadable,
    not JSON or of another format; a bad entry is left out, never trusted."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return {}
    fonts, runs = data.get("fonts"), data.get("runs")
    if not isinstance(fonts, dict) or not isinstance(runs, dict):
        return {}
    decoded: dict[str, frozenset[int] | None] = {}  # run list name → its code points (None: damaged)
    out: dict[str, frozenset[int]] = {}
    for sha, entry in fonts.items():
        name = entry.get("runs") if isinstance(entry, dict) else None
        if not isinstance(name, str):
            continue
        if name not in decoded:
            decoded[name] = _decode_named(runs, name)
        points = decoded[name]
        if points is not None and len(points) == entry.get("codepoints"):
            out[sha] = points
    return out


def _decode_named(runs: Mapping[str, Any], name: str) -> frozenset[int] | None:
    """The code points of the run list `name`, or None when it is missing or does not hash to its name."""
    listed = runs.get(name)
    if not isinstance(listed, list) or _runs_name(listed) != name:
        return None
    try:
        return decode_runs(listed)
    except (TypeError, ValueError):
        return None


def write_table(path: Path, table: Mapping[str, Any]) -> bool:
    """Write the table atomically (a temporary file in the same folder, then a rename); False, and nothing
    written, when the folder cannot be written (a read-only install)."""
    try:
        import tempfile  # only when the table is rewritten

        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".coverage-", suffix=".tmp")
    except OSError:
        return False
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(dumps_table(table))
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
        return False
    return True


@lru_cache(maxsize=None)
def coverage_by_role(manifest: Path = MANIFEST) -> dict[str, frozenset[int]]:
    """Role → the code points its font maps to a glyph (once per process): from the table where it is fresh,
    from the font's cmap where it is not, then the table rewritten when the folder allows it. The fonts are
    taken as the manifest records them, without hashing the files (`check` need not read 15 MB of fonts):
    a build verifies every font file against its sha256 before it sets a glyph (`load_fonts`)."""
    fonts, _ = read_manifest(manifest)
    stored = read_table(table_path(manifest))
    out = {role: stored[font.sha256] if font.sha256 in stored else read_cmap(font.path)
           for role, font in fonts.items()}
    if any(font.sha256 not in stored for font in fonts.values()):
        write_table(table_path(manifest), make_table(fonts, out))
    return out


def covered(role: str, manifest: Path = MANIFEST) -> frozenset[int]:
    """The code points the font of this role maps to a glyph."""
    return coverage_by_role(manifest)[role]


def find_missing(strings: Iterable[tuple[str, str, str]], manifest: Path = MANIFEST) -> list[Missing]:
    """Check (place, role, text) triples; returns each missing character once per role, in first-seen order.
    The characters are first gathered per role as sets, so only the texts that hold a missing character are
    walked one character at a time (the usual answer, none, costs one set union per text)."""
    items = list(strings)
    chars: dict[str, set[str]] = {}
    for _, role, text in items:
        chars.setdefault(role, set()).update(text)
    lacking = {(ch, role) for role, found in chars.items() for ch in found
               if ch not in _NOT_DRAWN and ord(ch) not in covered(role, manifest)}
    if not lacking:
        return []
    places: dict[tuple[str, str], list[str]] = {}
    for place, role, text in items:
        if not any((ch, role) in lacking for ch in set(text)):
            continue
        cmap = covered(role, manifest)
        for ch in text:
            if ch not in _NOT_DRAWN and ord(ch) not in cmap:
                seen = places.setdefault((ch, role), [])
                if place not in seen:
                    seen.append(place)
    return [Missing(ch, role, tuple(p)) for (ch, role), p in places.items()]


# --- python -m fonts.coverage --------------------------------------------------------------------------------

def fresh_table(manifest: Path = MANIFEST) -> dict[str, Any]:
    """The table as it should be, from every font's cmap (reads them all)."""
    fonts = load_fonts(manifest)
    return make_table(fonts, {role: read_cmap(font.path) for role, font in fonts.items()})


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m fonts.coverage",
                                     description="Write or check fonts/coverage.json from the vendored fonts' cmaps.")
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", action="store_true", help="regenerate the table beside the manifest")
    mode.add_argument("--check", action="store_true", help="exit 1 when the table differs from the fonts")
    parser.add_argument("--manifest", type=Path, default=MANIFEST, help="the fonts' manifest (default: %(default)s)")
    args = parser.parse_args(argv)
    path, table = table_path(args.manifest), fresh_table(args.manifest)
    if args.write:
        if not write_table(path, table):
            print(f"cannot write {path}", file=sys.stderr)
            return 2
        counts = ", ".join(f"{e['file']} {e['codepoints']}" for e in table["fonts"].values())
        print(f"wrote {path}: code points per font: {counts}")
        return 0
    current = path.read_text(encoding="utf-8") if path.is_file() else None
    if current != dumps_table(table):
        print(f"{path} is stale or missing; run: python -m fonts.coverage --write", file=sys.stderr)
        return 1
    print(f"{path} matches the fonts")
    return 0


if __name__ == "__main__":
    sys.exit(main())
