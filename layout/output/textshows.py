"""Output stage: the text shows of a PDF content stream, found and rewritten without touching anything else.

In: the decoded bytes of one content stream (a page's, a form's). Out: `scan` gives its `Shows`: the font
operand of every Tf and every string shown with Tj, TJ, ' or ", each with its byte span and (for a string)
the font resource name in force, which follows q/Q; and the word spacing values set by Tw or ", which
apply to the one-byte code 32 only. `splice` gives the stream with chosen spans replaced and every other
byte kept, so every other operator (marked content, colour, paths, Tm …) stays exactly as it was, in order.

The scan is a lexer for what can hide a text show, not a full parser: it reads literal strings (escapes,
balanced parentheses), hex strings, dictionary delimiters, comments and inline images, and of the operators
those that take a string (Tj TJ ' " BDC DP), Tf, Tw, q and Q; numbers, names, arrays and every other
operator are skipped whole, since a string is only ever an operand of the next operator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_WS = rb"\x00\t\n\x0c\r "
_DELIMITERS = rb"()<>\[\]{}/%"
_REGULAR = rb"[^" + _WS + _DELIMITERS + rb"]"
_TOKEN_BEFORE = frozenset(_WS + b"()<>[]{}%")         # what may precede a token (not "/": a name's part)
_ENDS = rb"(?!" + _REGULAR + rb")"
_NUMBER = rb"[-+]?[0-9]*\.?[0-9]+"
_TOKEN = re.compile(
    rb"(\([^\\()]*(?:\\.[^\\()]*)*\))"                            # 1 a literal string, no nested parentheses
    rb"|(\()"                                                    # 2 one with them: read by `_balanced`
    rb"|<<|>>"                                                   # a dictionary's delimiters
    rb"|(<[^<>]*>)"                                              # 3 a hex string
    rb"|%[^\r\n]*"                                               # a comment
    rb"|(/" + _REGULAR + rb"*)[" + _WS + rb"]+" + _NUMBER + rb"[" + _WS + rb"]+Tf" + _ENDS +  # 4 Tf's font
    rb"|(T[jJw]|'|\"|BDC|DP|q|Q|BI)" + _ENDS,                    # 5 an operator (`_starts` checks its start)
    re.S)
_INLINE_DATA = re.compile(rb"[" + _WS + rb"]ID[" + _WS + rb"]")
_INLINE_END = re.compile(rb"[" + _WS + rb"]EI(?=[" + _WS + rb"]|$)")
_ESCAPE = re.compile(rb"(\\(?:[0-7]{1,3}|\r\n|.))", re.S)
_ESCAPED: dict[bytes, bytes] = {b"\\" + bytes([c]): bytes([c]) for c in range(256)}
_ESCAPED.update({b"\\" + o.encode(): bytes([int(o, 8) & 0xFF])
                 for n in (1, 2, 3) for o in (format(v, f"0{n}o") for v in range(8 ** n))})
_ESCAPED.update({b"\\n": b"\n", b"\\r": b"\r", b"\\t": b"\t", b"\\b": b"\b", b"\\f": b"\f",
                 b"\\\r\n": b"", b"\\\r": b"", b"\\\n": b""})
SHOW_OPERATORS = frozenset((b"Tj", b"TJ", b"'", b'"'))

Shown = tuple[int, int, "str | None", bytes]   # a string shown: start, end, font resource name, its bytes


@dataclass
class Shows:
    """What `scan` found in one stream."""

    fonts: list[tuple[int, int, str]] = field(default_factory=list)    # each Tf's font operand: span, name
    strings: list[Shown] = field(default_factory=list)
    word_spacing: set[float] = field(default_factory=set)              # every Tw (and ") value set


def literal(body: bytes) -> bytes:
    """The bytes of a literal string's body (without its parentheses), PDF escapes resolved."""
    if b"\\" not in body:
        return body
    get = _ESCAPED.get
    return b"".join([get(piece, piece) for piece in _ESCAPE.split(body)])


def _name(token: bytes) -> str:
    """A name token's name, without its slash and with #xx escapes resolved (as pikepdf gives names)."""
    if b"#" in token:
        token = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), token)
    return token[1:].decode("latin-1")


def _hex(token: bytes) -> bytes:
    digits = re.sub(rb"[" + _WS + rb"]", b"", token[1:-1])
    try:
        return bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode("ascii"))
    except ValueError:
        raise ValueError(f"a malformed hex string {token[:40]!r}") from None


def _balanced(data: bytes, start: int) -> int:
    """The end of the literal string that opens at `start` (nested parentheses balanced)."""
    depth, at = 0, start
    while at < len(data):
        char = data[at]
        if char == 0x5C:          # backslash: the next byte is escaped
            at += 2
            continue
        if char == 0x28:
            depth += 1
        elif char == 0x29:
            depth -= 1
            if depth == 0:
                return at + 1
        at += 1
    raise ValueError("a literal string that is never closed")


def _before(data: bytes, at: int, back: int) -> float:
    """The number `back` tokens before `at`: Tw's operand (1), or the aw of `aw ac (string) "` (2)."""
    tokens = data[max(0, at - 80):at].split()
    try:
        return float(tokens[-back])
    except (IndexError, ValueError):
        raise ValueError(f"an operator without its number: {data[max(0, at - 40):at + 2]!r}") from None


def scan(data: bytes) -> Shows:
    """Every Tf font operand and every shown string of a content stream, in order."""
    found = Shows()
    strings, fonts = found.strings, found.fonts
    pending: list[tuple[int, int, bytes]] = []   # the strings since the last operator that takes them
    font: str | None = None
    stack: list[str | None] = []
    pos = 0
    while True:
        jump = None
        for match in _TOKEN.finditer(data, pos):
            kind = match.lastindex
            if kind == 1:
                start, end = match.span()
                pending.append((start, end, literal(data[start + 1:end - 1])))
            elif kind == 5:
                start = match.start()
                if start and data[start - 1] not in _TOKEN_BEFORE:
                    continue                   # the end of a name or of another keyword
                op = match.group(5)
                if op in SHOW_OPERATORS:
                    strings += [(s, e, font, raw) for s, e, raw in pending]
                    if op == b'"' and pending:
                        found.word_spacing.add(_before(data, pending[0][0], 2))
                elif op == b"Tw":
                    found.word_spacing.add(_before(data, start, 1))
                elif op == b"q":
                    stack.append(font)
                elif op == b"Q":
                    font = stack.pop() if stack else font
                elif op == b"BI":
                    pending, jump = [], _inline_image_end(data, match.end())
                    break
                pending = []
            elif kind == 4:
                start, end = match.span(4)
                font = _name(match.group(4))
                fonts.append((start, end, font))
            elif kind == 3:
                start, end = match.span()
                pending.append((start, end, _hex(match.group(3))))
            elif kind == 2:
                start = match.start()
                jump = _balanced(data, start)
                pending.append((start, jump, literal(data[start + 1:jump - 1])))
                break
        if jump is None:
            return found
        pos = jump


def _inline_image_end(data: bytes, pos: int) -> int:
    """The end of an inline image whose BI ends at `pos` (after its ID, its data and EI)."""
    start = _INLINE_DATA.search(data, pos)
    end = _INLINE_END.search(data, start.end()) if start else None
    if end is None:
        raise ValueError("an inline image without ID … EI")
    return end.end()


def splice(data: bytes, edits: list[tuple[int, int, bytes]]) -> bytes:
    """The stream with each (start, end) span replaced by its bytes; the spans must not overlap."""
    pieces, last = [], 0
    for start, end, new in sorted(edits):
        if start < last:
            raise ValueError("overlapping edits of a content stream")
        pieces += [data[last:start], new]
        last = end
    pieces.append(data[last:])
    return b"".join(pieces)
