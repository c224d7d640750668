"""Output stage: seika's own preflight of a produced PDF against its profile's rules.

In: a PDF file and a profile name. Out: a list of `Finding`s (empty = pass) and a report a print-shop
operator can read. No free validator checks PDF/X, so this check is ours; it is not a certified validator.
Rules: fonts embedded and subset (all profiles); print: TrimBox and BleedBox on every page with 3 mm of
bleed, MediaBox around them, page count a multiple of 4, no RGB or Gray colour operators, no transparency,
no annotations, every colour painted inside the BleedBox at most 300% total ink, PDF/X identification and
its OutputIntent; archive: PDF/A identification, the sRGB OutputIntent, attachments with /AF and
AFRelationship whose sha256 match the embedded build manifest.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pikepdf

from layout.geometry import MM

INK_LIMIT = 300.0
BLEED_PT = 3 * MM
RGB_OPS = {"rg", "RG"}
GRAY_OPS = {"g", "G"}
PAINT_OPS = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh"}
TEXT_OPS = {"Tj", "TJ", "'", '"'}


class UnreadablePdf(Exception):
    """The file is not a PDF that can be opened."""


@dataclass(frozen=True)
class Finding:
    rule: str      # short Japanese label of the rule
    detail: str    # what was found, where

    def __str__(self) -> str:
        return f"✗ {self.rule}: {self.detail}"


def _fonts(pdf: pikepdf.Pdf) -> list[Finding]:
    out, seen = [], set()

    def visit(resources: pikepdf.Dictionary, where: str) -> None:
        for font in (resources.get("/Font") or {}).values():
            base = str(font.get("/BaseFont", "?"))
            if base in seen:
                continue
            seen.add(base)
            fonts = [font] + list(font.get("/DescendantFonts", []))
            descriptor = next((f.FontDescriptor for f in fonts if "/FontDescriptor" in f), None)
            if font.get("/Subtype") == "/Type3":
                out.append(Finding("フォント埋め込み", f"{where}: Type3 font {base}"))
            elif descriptor is None or not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                out.append(Finding("フォント埋め込み", f"{where}: font {base} is not embedded"))
            elif not re.match(r"^/[A-Z]{6}\+", base):
                out.append(Finding("フォントのサブセット化", f"{where}: font {base} is not a subset"))
        for xobj in (resources.get("/XObject") or {}).values():
            if xobj.get("/Subtype") == "/Form" and "/Resources" in xobj:
                visit(xobj.Resources, where)

    for number, page in enumerate(pdf.pages, 1):
        if "/Resources" in page.obj:
            visit(page.obj.Resources, f"p{number}")
    return out


def _boxes(pdf: pikepdf.Pdf) -> list[Finding]:
    out = []
    for number, page in enumerate(pdf.pages, 1):
        obj = page.obj
        if "/TrimBox" not in obj or "/BleedBox" not in obj:
            out.append(Finding("仕上がり・塗り足し", f"p{number}: TrimBox or BleedBox missing"))
            continue
        trim = [float(v) for v in obj.TrimBox]
        bleed = [float(v) for v in obj.BleedBox]
        media = [float(v) for v in obj.MediaBox]
        expect = [trim[0] - BLEED_PT, trim[1] - BLEED_PT, trim[2] + BLEED_PT, trim[3] + BLEED_PT]
        if any(abs(a - b) > 0.1 for a, b in zip(bleed, expect)):
            out.append(Finding("塗り足し 3 mm", f"p{number}: BleedBox {bleed} is not the TrimBox plus 3 mm"))
        if not (media[0] <= bleed[0] and media[1] <= bleed[1] and media[2] >= bleed[2] and media[3] >= bleed[3]):
            out.append(Finding("用紙サイズ", f"p{number}: MediaBox does not contain the BleedBox"))
    if len(pdf.pages) % 4:
        out.append(Finding("ページ数（中綴じ）", f"{len(pdf.pages)} pages is not a multiple of 4"))
    return out


def _multiply(m: list[float], n: list[float]) -> list[float]:
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return [a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F]


def _inside(point: tuple[float, float], box: list[float]) -> bool:
    """Strictly inside the box: a mark that only touches the BleedBox edge is outside it."""
    return box[0] + 0.01 < point[0] < box[2] - 0.01 and box[1] + 0.01 < point[1] < box[3] - 0.01


def _overlaps(path: list[tuple[float, float]], box: list[float]) -> bool:
    """Whether a path's bounding box overlaps the inside of the box (not merely its edge)."""
    if not path:
        return False
    xs, ys = [p[0] for p in path], [p[1] for p in path]
    return min(xs) < box[2] - 0.01 and max(xs) > box[0] + 0.01 and min(ys) < box[3] - 0.01 and max(ys) > box[1] + 0.01 \
        or any(_inside(p, box) for p in path)


# Every operator but the text ones: enough to follow each colour, the CTM and every path. Text needs following
# only where a fill over the ink limit is set, so only such a stream is parsed whole (text positions too).
_NO_TEXT = "q Q cm rg RG g G k K cs CS sc scn SC SCN Do m l re c S s f F f* B B* b b* sh n"


def _colours(pdf: pikepdf.Pdf, print_rules: bool) -> list[Finding]:
    """RGB/Gray operators, and the total ink of CMYK colours painted inside the BleedBox. Each stream is
    first parsed without its text operators; a stream that sets a fill over the ink limit is parsed again
    whole, so that text painted in it is checked too. The findings are exactly those of a whole parse."""
    out: list[Finding] = []

    def run(stream_owner: pikepdf.Object, ctm: list[float], box: list[float] | None, where: str,
            whole: bool = False) -> None:
        stack: list[tuple[list[float], float, float]] = []
        fill = stroke = 0.0
        spaces = {False: "Gray", True: "Gray"}  # current fill / stroke colour-space family (stroke = True)
        path: list[tuple[float, float]] = []
        text_ctm = start = ctm
        resources = stream_owner.get("/Resources") or {}
        mark = len(out)
        try:
            instructions = pikepdf.parse_content_stream(stream_owner, "" if whole else _NO_TEXT)
        except pikepdf.PdfError as exc:
            out.append(Finding("内容ストリーム", f"{where}: cannot be parsed ({exc})"))
            return
        for operands, op in instructions:
            if not whole and fill > INK_LIMIT and box is not None:
                del out[mark:]  # text may be painted over the limit in this stream: parse it whole instead
                run(stream_owner, start, box, where, whole=True)
                return
            name = str(op)
            if name == "q":
                stack.append((ctm, fill, stroke))
            elif name == "Q" and stack:
                ctm, fill, stroke = stack.pop()
            elif name == "cm":
                ctm = _multiply([float(v) for v in operands], ctm)
            elif print_rules and name in RGB_OPS | GRAY_OPS:
                kind = "RGB" if name in RGB_OPS else "Gray"
                out.append(Finding("CMYK のみ", f"{where}: {kind} colour operator {name} {list(map(float, operands))}"))
            elif name in ("cs", "CS"):
                family = _space_family(operands[0], resources)
                spaces[name == "CS"] = family
                if print_rules and family != "CMYK":
                    out.append(Finding("CMYK のみ", f"{where}: colour space {operands[0]} ({family})"))
            elif name in ("sc", "scn", "SC", "SCN"):
                if spaces[name.isupper()] == "CMYK" and len(operands) == 4:
                    total = sum(float(v) for v in operands) * 100
                    if name.isupper():
                        stroke = total
                    else:
                        fill = total
            elif name in ("k", "K"):
                total = sum(float(v) for v in operands) * 100
                spaces[name == "K"] = "CMYK"
                if name == "k":
                    fill = total
                else:
                    stroke = total
            elif name in ("m", "l"):
                path.append(_point(operands[0], operands[1], ctm))
            elif name == "re":
                x, y, w, h = (float(v) for v in operands)
                path += [_point(x, y, ctm), _point(x + w, y + h, ctm)]
            elif name == "c":
                path.append(_point(operands[4], operands[5], ctm))
            elif name == "BT":
                text_ctm = ctm
            elif name in ("Td", "TD"):
                text_ctm = _multiply([1, 0, 0, 1, float(operands[0]), float(operands[1])], text_ctm)
            elif name == "Tm":
                text_ctm = _multiply([float(v) for v in operands], ctm)
            elif name in TEXT_OPS and box is not None and fill > INK_LIMIT:
                if _inside((text_ctm[4], text_ctm[5]), box):
                    out.append(Finding("総インキ量 300%", f"{where}: text painted at {fill:.0f}%"))
            elif name in PAINT_OPS or name == "n":
                if name != "n" and box is not None:
                    ink = stroke if name in ("S", "s") else max(fill, stroke if name.lower().startswith("b") else 0)
                    if ink > INK_LIMIT and _overlaps(path, box):
                        out.append(Finding("総インキ量 300%", f"{where}: colour of {ink:.0f}% painted inside the BleedBox"))
                path = []
            elif name == "Do" and print_rules:
                xobj = (resources.get("/XObject") or {}).get(str(operands[0]))
                if xobj is not None and xobj.get("/Subtype") == "/Form":
                    matrix = [float(v) for v in xobj.get("/Matrix", [1, 0, 0, 1, 0, 0])]
                    run(xobj, _multiply(matrix, ctm), box, where + f" {operands[0]}")
                elif xobj is not None and xobj.get("/Subtype") == "/Image":
                    space = str(xobj.get("/ColorSpace", ""))
                    if "RGB" in space or "Gray" in space:
                        out.append(Finding("CMYK のみ", f"{where}: image {operands[0]} in {space}"))

    for number, page in enumerate(pdf.pages, 1):
        box = [float(v) for v in page.obj.BleedBox] if "/BleedBox" in page.obj else None
        run(page.obj, [1, 0, 0, 1, 0, 0], box if print_rules else None, f"p{number}")
    return out


def _space_family(name: object, resources: object) -> str:
    """RGB, CMYK, Gray, Spot or Pattern for a colour-space operand (a device name or a named resource)."""
    text = str(name)
    device = {"/DeviceRGB": "RGB", "/CalRGB": "RGB", "/DeviceCMYK": "CMYK", "/DeviceGray": "Gray",
              "/CalGray": "Gray", "/Lab": "RGB", "/Pattern": "Pattern"}
    if text in device:
        return device[text]
    space = ((resources.get("/ColorSpace") or {}) if hasattr(resources, "get") else {}).get(text)  # type: ignore[union-attr]
    if space is None:
        return "unknown"
    if isinstance(space, pikepdf.Array) and len(space):
        kind = str(space[0])
        if kind == "/ICCBased":
            return {1: "Gray", 3: "RGB", 4: "CMYK"}.get(int(space[1].get("/N", 0)), "unknown")
        if kind in ("/Separation", "/DeviceN"):
            return "Spot"
        if kind == "/Indexed":
            return _space_family(space[1], resources)
        return device.get(kind, "unknown")
    return device.get(str(space), "unknown")


def _point(x: object, y: object, m: list[float]) -> tuple[float, float]:
    fx, fy = float(x), float(y)  # type: ignore[arg-type]
    return (m[0] * fx + m[2] * fy + m[4], m[1] * fx + m[3] * fy + m[5])


def _dictionaries(pdf: pikepdf.Pdf):  # type: ignore[no-untyped-def]
    """Every dictionary in the file, indirect or written inline inside another object (an ExtGState
    in a Resources dictionary, an image's stream dictionary), each once."""
    seen: set[tuple[int, int]] = set()
    stack = list(pdf.objects)
    while stack:
        obj = stack.pop()
        if isinstance(obj, pikepdf.Stream):
            obj = obj.stream_dict
        if isinstance(obj, pikepdf.Dictionary):
            if obj.is_indirect:
                if obj.objgen in seen:
                    continue
                seen.add(obj.objgen)
            yield obj
            stack += [v for k, v in obj.items() if k != "/Parent" and _inline_container(v)]
        elif isinstance(obj, pikepdf.Array):
            stack += [v for v in obj if _inline_container(v)]


def _inline_container(value: object) -> bool:
    return isinstance(value, (pikepdf.Dictionary, pikepdf.Array, pikepdf.Stream)) and not value.is_indirect


def _transparency(pdf: pikepdf.Pdf) -> list[Finding]:
    out = []
    for obj in _dictionaries(pdf):
        for key in ("/CA", "/ca"):
            if key in obj and float(obj[key]) < 1:
                out.append(Finding("透明効果なし", f"{key} {float(obj[key])} in an ExtGState"))
        if "/SMask" in obj and str(obj.SMask) != "/None":
            out.append(Finding("透明効果なし", "a soft mask (SMask)"))
        if "/BM" in obj and str(obj.BM) not in ("/Normal", "/Compatible"):
            out.append(Finding("透明効果なし", f"blend mode {obj.BM}"))
        if obj.get("/S") == "/Transparency":
            out.append(Finding("透明効果なし", "a transparency group"))
    return out


def _pdfx(pdf: pikepdf.Pdf) -> list[Finding]:
    out = []
    info = pdf.trailer.get("/Info", {})
    if str(info.get("/GTS_PDFXVersion", "")) != "PDF/X-1a:2003":
        out.append(Finding("PDF/X 識別", "GTS_PDFXVersion is not PDF/X-1a:2003"))
    if str(info.get("/Trapped", "")) not in ("/False", "/True"):
        out.append(Finding("PDF/X 識別", "/Trapped is not set"))
    if "/Title" not in info:
        out.append(Finding("PDF/X 識別", "no /Title"))
    intents = [i for i in pdf.Root.get("/OutputIntents", []) if i.get("/S") == "/GTS_PDFX"]
    if not intents:
        out.append(Finding("出力インテント", "no PDF/X OutputIntent"))
    elif str(intents[0].get("/OutputConditionIdentifier", "")) == "":
        out.append(Finding("出力インテント", "OutputIntent without an OutputConditionIdentifier"))
    for number, page in enumerate(pdf.pages, 1):
        if len(page.obj.get("/Annots", [])):
            out.append(Finding("注釈なし", f"p{number}: {len(page.obj.Annots)} annotation(s)"))
    return out


def _pdfa(pdf: pikepdf.Pdf) -> list[Finding]:
    out = []
    meta = pdf.Root.get("/Metadata")
    xmp = meta.read_bytes().decode("utf-8", "replace") if meta is not None else ""
    if "<pdfaid:part>3</pdfaid:part>" not in xmp:
        out.append(Finding("PDF/A 識別", "XMP has no pdfaid:part 3"))
    intents = [i for i in pdf.Root.get("/OutputIntents", []) if i.get("/S") == "/GTS_PDFA1"]
    if not intents or "/DestOutputProfile" not in intents[0]:
        out.append(Finding("出力インテント", "no PDF/A OutputIntent with an ICC profile"))
    if "/Encrypt" in pdf.trailer:
        out.append(Finding("暗号化なし", "the file is encrypted"))
    if "/JavaScript" in (pdf.Root.get("/Names") or {}) or "/OpenAction" in pdf.Root:
        out.append(Finding("JavaScript なし", "JavaScript or an open action is present"))
    af = {str(spec.F): spec for spec in pdf.Root.get("/AF", [])}
    if not af:
        return out + [Finding("添付ファイル", "no /AF attachments")]
    files = {}
    for name, spec in af.items():
        if "/AFRelationship" not in spec:
            out.append(Finding("添付ファイル", f"{name} has no AFRelationship"))
        files[name] = spec.EF.F.read_bytes()
    manifest_data = files.get("seika-build-manifest.json")
    if manifest_data is None:
        return out + [Finding("ビルド記録", "no seika-build-manifest.json attachment")]
    manifest = json.loads(manifest_data)
    for name, digest in manifest.get("content", {}).items():
        if name not in files:
            out.append(Finding("添付ファイル", f"{name} is in the manifest but not attached"))
        elif hashlib.sha256(files[name]).hexdigest() != digest:
            out.append(Finding("添付ファイル", f"{name}: sha256 differs from the manifest"))
    return out


def preflight(path: Path, profile: str) -> list[Finding]:
    """Check a PDF against a profile's rules. Raises UnreadablePdf when it cannot be opened."""
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PasswordError:
        raise UnreadablePdf(f"{path}: the PDF is encrypted with a password; a print or archive PDF must "
                            "not be encrypted") from None
    except (pikepdf.PdfError, OSError, ValueError) as exc:
        raise UnreadablePdf(f"{path}: not a readable PDF ({exc})") from None
    with pdf:
        findings = _fonts(pdf)
        if profile == "print":
            findings += _boxes(pdf) + _colours(pdf, True) + _transparency(pdf) + _pdfx(pdf)
        elif profile == "archive":
            findings += _pdfa(pdf)
        return findings


def report_text(path: Path, profile: str, findings: list[Finding]) -> str:
    """The preflight report: one line per finding, and a verdict, in Japanese and English."""
    head = f"プリフライト {path.name}（{profile}）"
    if not findings:
        return f"{head}: 合格 — no findings (checked by seika's own preflight, not a certified validator)"
    lines = [f"{head}: 不合格 — {len(findings)} finding(s)"]
    lines += [f"  {f}" for f in findings[:200]]
    if len(findings) > 200:
        lines.append(f"  … and {len(findings) - 200} more")
    return "\n".join(lines)
