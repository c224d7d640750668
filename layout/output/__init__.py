"""Output stage: one laid-out booklet → a PDF per profile, and seika's own preflight.

In: the profile-neutral PDF of `layout.document.layout_booklet` (RGB palette colours, trim coordinates,
artwork run 3 mm into the bleed, every link and destination), the `Report` and a `Profile`. Out: the
finished bytes of that profile (`emit`), never a second layout: a profile changes the colour model, the
page boxes, the marks, the links and the finishing, never the pagination. `preflight` reads a produced
file back against its profile's rules. Modules: `profiles` (the profiles as data), `colour` (palette RGB
→ CMYK in content streams, with K100 overprinting), `marks` (トンボ as PDF operators), `prepress` (the
overprint states, the registration colour /All, derived subset tags, no empty /Trans), `emit` (the
per-profile step), `finish` (identification, XMP, output intents, attachments) and `preflight`. Nothing
here imports ReportLab.
"""
