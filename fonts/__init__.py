"""Fonts: the vendored Japanese TrueType files, their manifest, and the glyph-coverage check.

In: strings that will be set. Out: font file paths and a list of characters the fonts lack.
A leaf package: it imports nothing from content, charts, layout or render.py.
"""
