"""Output stage: a profile's last step on the laid-out PDF: identification, output intent, dates, attachments.

In: an open pikepdf `Pdf` (the laid-out booklet after `layout.output.emit` has set its colours, boxes, marks
and links), the `Report` and a `Profile`. Out: the same `Pdf`, finished (the caller saves it). Every date is
the edition's release date (never the clock) and the document /ID is derived from the content, so
identical input gives identical bytes.
- print: PDF 1.4, PDF/X-1a:2003 (GTS_PDFXVersion, /Trapped /False, an OutputIntent for the registered
  condition Japan Color 2001 Coated, JC200103, with no embedded profile), no annotations; its XMP carries
  pdf:Trapped and the PDF/X version as Info does.
- screen: the outline shown on opening; object streams for a small file.
- archive: PDF/A-3b (XMP with pdfaid, an sRGB OutputIntent with the vendored ICC profile), and the
  edition's source files, a build manifest and a constraints file attached with /AF and AFRelationship.
pikepdf (qpdf) edits the object graph, which ReportLab's writer does not expose.
"""

from __future__ import annotations

import hashlib
import importlib.metadata as metadata
import json
import platform
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream, String

from content.model import Report
from content.seed import load_errata
from fonts.manifest import FONT_DIR, load_fonts, read_manifest
from layout.output.profiles import Profile

ICC_PATH = Path(__file__).resolve().parents[1] / "icc" / "sRGB.icc"
RUNTIME = ("reportlab", "matplotlib", "pyyaml", "fonttools", "svglib", "pikepdf")
MIME = {".yaml": "application/x-yaml", ".txt": "text/plain", ".json": "application/json"}


@dataclass(frozen=True)
class Attachment:
    """A file to embed: its name inside the PDF (a relative path), bytes, MIME type and relationship."""

    name: str
    data: bytes
    mime: str
    relationship: str  # Source | Data | Supplement
    description: str


def pdf_date(iso: str) -> str:
    return "D:" + iso.replace("-", "") + "000000+00'00'"


def _seika_version() -> str:
    try:
        return metadata.version("seika")
    except metadata.PackageNotFoundError:  # running from a source tree that was not installed
        text = (Path(__file__).resolve().parents[1] / "pyproject.toml").read_text(encoding="utf-8")
        match = re.search(r'^version\s*=\s*"([^"]+)"', text, re.M)
        return match[1] if match else "unknown"


def _core_metadata(dist: metadata.Distribution) -> tuple[str, list[str]]:
    """A distribution's Version and Requires-Dist lines, read from its METADATA header without the email
    parser that `Distribution.version` and `.requires` use (ten times slower, for the same fields)."""
    text = dist.read_text("METADATA") or dist.read_text("PKG-INFO") or ""
    header = text.split("\n\n", 1)[0]
    version = re.search(r"^Version:[ \t]*(\S+)", header, re.M)
    requires = re.findall(r"^Requires-Dist:[ \t]*(.+?)[ \t]*$", header, re.M)
    return (version[1] if version else dist.version), requires


def _dependency_versions() -> dict[str, str]:
    """The runtime dependencies and, recursively, theirs (extras excluded), with installed versions."""
    seen: dict[str, str] = {}
    todo = list(RUNTIME)
    while todo:
        name = todo.pop()
        key = name.lower().replace("_", "-")
        if key in seen:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        seen[key], requires = _core_metadata(dist)
        for req in requires:
            if "extra ==" in req:
                continue
            match = re.match(r"[A-Za-z0-9._-]+", req)
            if match:
                todo.append(match[0])
    return dict(sorted(seen.items()))


def edition_files(report: Report) -> list[tuple[str, Path]]:
    """The edition's own files (index, sections, errata, seed and its checksums) by relative name."""
    root = report.root
    return sorted((p.resolve().relative_to(root.resolve()).as_posix(), p) for p in report.edition_files
                  if p.exists() and p.resolve().is_relative_to(root.resolve()))


@lru_cache(maxsize=64)
def _file_sha256(path: Path, size: int, mtime_ns: int) -> str:
    """A file's sha256, once per process for a given size and modification time (every profile of a build
    asks for the same files)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def file_sha256(path: Path) -> str:
    stat = path.stat()
    return _file_sha256(path.resolve(), stat.st_size, stat.st_mtime_ns)


def build_id(report: Report) -> str:
    """The first 12 hex digits of a sha256 over every content file and font file, in a fixed order: the
    build's identity for archivists (in the XMP and the manifest; not printed for readers)."""
    files = sorted({*report.edition_files, *(f.path for f in load_fonts().values())},
                   key=lambda p: (p.name, str(p)))
    digest = hashlib.sha256()
    for path in files:
        if path.exists():
            digest.update(path.name.encode("utf-8") + b"\0" + bytes.fromhex(file_sha256(path)) + b"\0")
    return digest.hexdigest()[:12]


def errata_counts(report: Report) -> dict[str, int]:
    """errata.yaml's entries by kind (ocr, source-typo, uncertain), and how many are kept as written."""
    path = report.root / "errata.yaml"
    counts: dict[str, int] = {}
    if path.exists():
        for erratum in load_errata(path):
            counts[erratum.kind] = counts.get(erratum.kind, 0) + 1
            counts["kept"] = counts.get("kept", 0) + (1 if erratum.keep else 0)
    return dict(sorted(counts.items()))


def build_manifest(report: Report) -> dict[str, object]:
    """sha256 of every content and font file, the build id, the errata by kind, and the versions of Python,
    seika and the dependencies."""
    fonts, licence = read_manifest()
    font_files = sorted({*(f.path for f in load_fonts().values()), licence.path, FONT_DIR / "manifest.json"})
    return {
        "edition": {"id": report.edition.id, "number": report.edition.number,
                    "release_date": report.edition.release_date},
        "build_id": build_id(report),
        "errata": errata_counts(report),
        "python": platform.python_version(),
        "seika": _seika_version(),
        "dependencies": _dependency_versions(),
        "content": {name: hashlib.sha256(path.read_bytes()).hexdigest() for name, path in edition_files(report)},
        "fonts": {f"fonts/{p.name}": file_sha256(p) for p in font_files},
        "icc": {f"layout/icc/{ICC_PATH.name}": hashlib.sha256(ICC_PATH.read_bytes()).hexdigest()},
    }


def archive_attachments(report: Report) -> list[Attachment]:
    """The source files, the build manifest and a constraints file pinning the versions used."""
    out = [Attachment(name, path.read_bytes(), MIME.get(path.suffix, "text/plain"), "Source",
                      "edition source" if name != report.source.seed.relative_to(report.root).as_posix()
                      else "the seed: markdown OCR'd from the original PDF")
           for name, path in edition_files(report)]
    manifest = build_manifest(report)
    out.append(Attachment("seika-build-manifest.json",
                          (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8"),
                          "application/json", "Data", "sha256 of the content and fonts; versions used"))
    pins = [f"seika=={manifest['seika']}"] + [f"{k}=={v}" for k, v in manifest["dependencies"].items()]  # type: ignore[union-attr]
    out.append(Attachment("constraints.txt", ("\n".join(pins) + "\n").encode("utf-8"), "text/plain",
                          "Supplement", f"pip constraints; built with Python {manifest['python']}"))
    return out


def _xmp(report: Report, title: str, subject: str, pdfa: bool, info: pikepdf.Dictionary) -> bytes:
    """The XMP packet, in step with the Info dictionary: the same title, author, dates and producer, and
    pdf:Trapped and the PDF/X version (pdfxid:GTS_PDFXVersion, and pdfx:GTS_PDFXVersion, the XMP form of a
    custom Info key) exactly when Info has /Trapped and /GTS_PDFXVersion."""
    iso = report.edition.release_date + "T00:00:00+00:00"
    pdfaid = ('<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">'
              '<pdfaid:part>3</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance></rdf:Description>'
              if pdfa else "")
    trapped = (f'<pdf:Trapped>{escape(str(info.Trapped)[1:])}</pdf:Trapped>' if "/Trapped" in info else "")
    pdfx = ""
    if "/GTS_PDFXVersion" in info:
        version = escape(str(info.GTS_PDFXVersion))
        pdfx = ('<rdf:Description rdf:about="" xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/">'
                f'<pdfxid:GTS_PDFXVersion>{version}</pdfxid:GTS_PDFXVersion></rdf:Description>'
                '<rdf:Description rdf:about="" xmlns:pdfx="http://ns.adobe.com/pdfx/1.3/">'
                f'<pdfx:GTS_PDFXVersion>{version}</pdfx:GTS_PDFXVersion></rdf:Description>')
    body = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f'<dc:format>application/pdf</dc:format><dc:identifier>seika:{build_id(report)}</dc:identifier>'
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title)}</rdf:li></rdf:Alt></dc:title>'
        f'<dc:creator><rdf:Seq><rdf:li>{escape(report.source.issuer)}</rdf:li></rdf:Seq></dc:creator>'
        f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{escape(subject)}</rdf:li></rdf:Alt></dc:description>'
        f'<dc:language><rdf:Bag><rdf:li>ja-JP</rdf:li></rdf:Bag></dc:language></rdf:Description>'
        '<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">'
        f'<xmp:CreateDate>{iso}</xmp:CreateDate><xmp:ModifyDate>{iso}</xmp:ModifyDate>'
        f'<xmp:MetadataDate>{iso}</xmp:MetadataDate><xmp:CreatorTool>seika</xmp:CreatorTool></rdf:Description>'
        '<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">'
        f'<pdf:Producer>{escape(str(info.Producer))}</pdf:Producer>{trapped}</rdf:Description>'
        f'{pdfx}{pdfaid}</rdf:RDF></x:xmpmeta><?xpacket end="w"?>')
    return body.encode("utf-8")


def _attach(pdf: pikepdf.Pdf, files: list[Attachment], date: str) -> None:
    names = Array()
    af = Array()
    for item in sorted(files, key=lambda a: a.name):
        stream = Stream(pdf, item.data)
        stream.Type = Name.EmbeddedFile
        stream.Subtype = Name("/" + item.mime.replace("/", "#2F"))
        stream.Params = Dictionary(Size=len(item.data), ModDate=String(date),
                                   CheckSum=String(hashlib.md5(item.data).digest()))
        spec = pdf.make_indirect(Dictionary(
            Type=Name.Filespec, F=String(item.name), UF=String(item.name), Desc=String(item.description),
            AFRelationship=Name("/" + item.relationship), EF=Dictionary(F=stream, UF=stream)))
        names.append(String(item.name))
        names.append(spec)
        af.append(spec)
    pdf.Root.Names = pdf.Root.get("/Names", Dictionary())
    pdf.Root.Names.EmbeddedFiles = Dictionary(Names=names)
    pdf.Root.AF = af


def finish(pdf: pikepdf.Pdf, report: Report, profile: Profile) -> None:
    """Apply the profile's finishing step to the open PDF (the caller saves it)."""
    ed = report.edition
    date = pdf_date(ed.release_date)
    title = f"{ed.title}{ed.subtitle}"
    info = pdf.trailer.Info if "/Info" in pdf.trailer else pdf.make_indirect(Dictionary())
    info.Title, info.Author = String(title), String(report.source.issuer)
    info.CreationDate, info.ModDate = String(date), String(date)
    info.Producer, info.Creator = String("seika (ReportLab)"), String("seika")
    if "/Keywords" in info and not str(info.Keywords):
        del info["/Keywords"]
    if profile.pdfx:
        info.Trapped = Name("/False")
    pdf.trailer.Info = info
    if profile.open_outline:
        pdf.Root.PageMode = Name.UseOutlines
    if profile.pdfx:
        info.GTS_PDFXVersion = String("PDF/X-1a:2003")
        pdf.Root.OutputIntents = Array([Dictionary(
            Type=Name.OutputIntent, S=Name.GTS_PDFX, OutputConditionIdentifier=String("JC200103"),
            OutputCondition=String("Japan Color 2001 Coated"), RegistryName=String("http://www.color.org"),
            Info=String("Japan Color 2001 Coated"))])
    if profile.pdfa:
        icc = Stream(pdf, ICC_PATH.read_bytes())
        icc.N = 3
        pdf.Root.OutputIntents = Array([Dictionary(
            Type=Name.OutputIntent, S=Name.GTS_PDFA1, OutputConditionIdentifier=String("sRGB"),
            RegistryName=String("http://www.color.org"), Info=String("sRGB IEC61966-2.1"),
            DestOutputProfile=pdf.make_indirect(icc))])
        for page in pdf.pages:
            for annot in page.obj.get("/Annots", []):
                annot.F = 4  # print flag, as PDF/A asks of every annotation
        _attach(pdf, archive_attachments(report), date)
    if profile.pdfa or profile.pdfx:
        meta = Stream(pdf, _xmp(report, title, str(info.get("/Subject", title)), profile.pdfa, info))
        meta.Type, meta.Subtype = Name.Metadata, Name.XML
        pdf.Root.Metadata = pdf.make_indirect(meta)
