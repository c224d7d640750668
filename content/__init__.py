"""Content stage: the edition's YAML, its typed model, the loader and the cross-record checks.

In: an edition folder (report.yaml, sections/*.yaml, errata.yaml, the vendored seed), every file of it read
through `content.gate` (confined to the folder, regular files under one size cap, strict UTF-8, one safe YAML
loader). Out: a validated, frozen `content.model.Report`, or every problem at once, each located by
file:line:column. This package is a leaf: it imports none of charts, layout, fonts or render.py.
"""
