"""Content stage: the edition's YAML, its typed model, the loader and the cross-record checks.

In: an edition folder (report.yaml, sections/*.yaml, errata.yaml, the vendored seed). Out: a validated,
frozen `content.model.Report`. This package is a leaf: it imports none of charts, layout, fonts or render.py.
"""
