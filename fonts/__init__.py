"""Fonts: the vendored Japanese TrueType files, their manifest, and the glyph-coverage check.

In: strings that will be set. Out: font file paths and a list of characters the fonts lack.
Beside the fonts: `manifest.json` (role → file and sha256) and `coverage.json` (the code points of each
font, keyed by its sha256; regenerate with `python -m fonts.coverage --write`).
A leaf package: it imports nothing from content, charts, layout or render.py.
"""
