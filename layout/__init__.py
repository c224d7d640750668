"""Layout stage: composes the report's text (JLREQ) and lays the booklet out with ReportLab.

In: a validated `content.model.Report` (and, later, the charts). Out: PDF pages. It is the only package that
imports ReportLab; its `compose` sub-package is a pure line composer that imports nothing from ReportLab.
"""
