"""Content stage: the input gate, the one way seika reads a file on behalf of a user.

In: an edition folder (the root every file must stay inside) and the name of a file in it, as the edition
names it (`sections/01-x.yaml`, `seed/source.txt`, `errata.yaml`), with the place where that name was written.
Any later input is read the same way: a base edition named by `based_on:` (a `Gate` of its own folder), a
change log, both editions of a diff; `Gate.locate` confines a name taken from untrusted data (an attachment
name read from a PDF) without opening anything.
Out: an `InputFile` (the bytes as read, for checksums, and the text: strict UTF-8, without its BOM), or for
YAML a tree of position-carrying nodes (`ScalarNode`, `SequenceNode`, `MappingNode`), and `Problem`s located
by file:line:column, counted in characters (code points; lines end at LF, CRLF or CR and nowhere else).

Every file passes the same rules, in this order, and nothing is opened before the first three hold:
1. confined: after resolving symlinks the file lies inside the root (a `../../etc/passwd` or a symlink that
   points out of the edition is refused, and the outside file is never opened);
2. a regular file: no folder, FIFO, device or socket (checked with `os.stat`, then opened with `O_NONBLOCK`
   and checked again on the open descriptor, so a FIFO cannot hang the read);
3. at most `LIMITS.max_bytes` (16 MiB) for every file, checked before reading and enforced while reading;
4. strict UTF-8 (a BOM is allowed and dropped);
5. no control characters (C0 and C1 controls other than tab and line ends, DEL, U+2028 LINE SEPARATOR,
   U+2029 PARAGRAPH SEPARATOR, the invisible bidirectional controls): each is a located problem, shown
   escaped (`\\x00`, `\\u2028`), and replaced by U+FFFD so that the rest of the file is still read with its
   lines and columns unchanged and every problem is found at once;
6. for YAML, one safe loader (`parse_yaml`): no tabs, no directives, no anchors or aliases (refused at the
   first one, so an alias bomb never grows), no tags, one document, at most `LIMITS.max_depth` levels of nesting and
   `LIMITS.max_nodes` values. The events come from libyaml's parser when PyYAML has it and from PyYAML's
   pure-Python parser otherwise; the tree is built here from the events, iteratively, by the same rules,
   so both give the same nodes and the same problems. YAML syntax errors are told in plain words, with a
   hint for a full-width colon (`：`) and for indentation.

User text in messages always goes through `shown` (quoted, control characters escaped, long text cut), never
through repr().
"""

from __future__ import annotations

import bisect
import os
import re
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml.events import (AliasEvent, DocumentStartEvent, MappingEndEvent, MappingStartEvent, ScalarEvent,
                         SequenceEndEvent, SequenceStartEvent, StreamEndEvent)

from content.model import Origin
from content.problems import Problem
from content.problems import printable as escape  # the one escaping of user text in messages

__all__ = ["Limits", "LIMITS", "InputFile", "Gate", "ScalarNode", "SequenceNode", "MappingNode", "Node",
           "parse_yaml", "shown", "escape", "describe_char", "replacement_hint", "REFUSED_IN_TEXT", "yaml_backend",
           "fullwidth_colon_key", "fullwidth_colon_problem"]


@dataclass(frozen=True)
class Limits:
    """The bounds every input is held to. Each problem that one of them raises names the limit."""

    max_bytes: int = 16 * 1024 * 1024  # any one file of an edition
    max_depth: int = 32                # levels of nesting in a YAML file (seika's own files need 7)
    max_nodes: int = 250_000           # values (scalars, lists, mappings) in one YAML file
    max_text: int = 10_000             # characters in one text value (a title, a bullet, a claim)
    max_digits: int = 9                # digits of a whole number (a pledge number, a count)
    max_figure_digits: int = 15        # digits of a figure value, before and after the point together
    max_listed: int = 20               # problems of one kind listed per file before the rest are counted


LIMITS = Limits()

# ---------------------------------------------------------------- showing user text in messages

# Characters refused anywhere in a file: C0 controls but tab, LF and CR; DEL; C1 controls (NEL included);
# the line and paragraph separators, which YAML counts as line ends and editors do not; the invisible
# bidirectional embeddings, overrides and isolates, which show text in another order than it is read.
_REFUSED_IN_FILE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# Characters refused inside a text value: the above, and tab and line ends too.
REFUSED_IN_TEXT = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_CHAR_NAMES = {0x00: "a NUL character", 0x09: "a tab", 0x0A: "a line break", 0x0D: "a carriage return",
               0x0B: "a vertical tab", 0x0C: "a form feed", 0x1B: "an escape character", 0x7F: "a delete character",
               0x85: "a next-line character (NEL)", 0x2028: "a line separator", 0x2029: "a paragraph separator"}
_CHAR_NOTES = {0x1B: ", which terminals read as a command", 0x2028: ", which YAML reads as a line end and "
               "editors do not show", 0x2029: ", which YAML reads as a line end and editors do not show"}


def shown(text: str, limit: int = 60) -> str:
    """User text as a message quotes it: in single quotes, control characters escaped, cut after `limit`."""
    if len(text) > limit:
        text = text[:limit] + "…"
    return f"'{escape(text)}'"


def describe_char(ch: str) -> str:
    """A refused character in words, its escape and its code point: "a NUL character (\\x00, U+0000)"."""
    cp = ord(ch)
    name = _CHAR_NAMES.get(cp)
    if name is None:
        uname = unicodedata.name(ch, "")
        name = f"an invisible bidirectional control, {uname}," if uname else "a control character"
    return f"{name} ({escape(ch)}, U+{cp:04X}){_CHAR_NOTES.get(cp, '')}"


def replacement_hint(ch: str) -> str:
    """What to write instead of a refused character."""
    if ch in "\u2028\u2029\n\r":
        return "a line break or a space instead"
    if ch == "\t":
        return "spaces instead"
    return "nothing there: delete the character"


def _thousands(n: int) -> str:
    return f"{n:,}"


# ---------------------------------------------------------------- files

_LINE_END = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True, eq=False)
class InputFile:
    """One file read through the gate: `path` as the edition names it (root joined with the path inside
    the root, after resolving symlinks), `data` the bytes as read, `text` the decoded text (BOM removed,
    refused characters replaced by U+FFFD, one for one, so every index and column is unchanged)."""

    path: Path
    real: Path
    data: bytes
    text: str
    replaced: tuple[int, ...] = ()  # the indices of the refused characters (each reported, now U+FFFD)

    def replaced_between(self, start: int, end: int) -> bool:
        """Whether a refused (already reported) character lies in text[start:end]."""
        i = bisect.bisect_left(self.replaced, start)
        return i < len(self.replaced) and self.replaced[i] < end

    def line_column(self, index: int) -> tuple[int, int]:
        """The 1-based line and column (in characters) of a character index into `text`."""
        starts = self.__dict__.get("_starts")
        if starts is None:
            starts = [0] + [m.end() for m in _LINE_END.finditer(self.text)]
            object.__setattr__(self, "_starts", starts)
        line = bisect.bisect_right(starts, index)
        return line, index - starts[line - 1] + 1


_KINDS = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))
_OPEN_FLAGS = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
               | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))


class Gate:
    """One edition folder: every file read on behalf of that edition is read by `read` or `read_yaml`.

    A problem about a file as a whole (outside the folder, missing, not a regular file, too large) is
    located where its name was written (`named_at`: report.yaml's line and column) when it was written
    somewhere, else at the file itself."""

    def __init__(self, root: Path | str, limits: Limits = LIMITS) -> None:
        self.root = Path(root)
        self.real_root = Path(os.path.realpath(self.root))
        self.limits = limits

    def _problem(self, name: str | Path, named_at: Origin | None, what: str, message: str,
                 expected: str | None) -> Problem:
        if named_at is not None:
            return Problem(named_at.path, named_at.line or None, named_at.column or None,
                           f"{what} {shown(str(name), 200)} {message}", expected)
        return Problem(self.root / name, None, None, f"the file {message}", expected)

    def locate(self, name: str | Path, *, what: str = "the file", named_at: Origin | None = None
               ) -> tuple[Path | None, Path | None, list[Problem]]:
        """Confine a name to the root without opening anything: (path as named inside the root, the
        resolved path, problems). The name may come from anywhere (YAML, a command line, a PDF)."""
        text = str(name)
        if not text or "\x00" in text:
            return None, None, [self._problem(name, named_at, what, "is not a file name",
                                              "a path inside the edition folder")]
        full = Path(text) if Path(text).is_absolute() else self.root / text
        try:
            real = Path(os.path.realpath(full))
        except (OSError, ValueError) as err:
            return None, None, [self._problem(name, named_at, what, f"cannot be resolved ({err.__class__.__name__})",
                                              "a path inside the edition folder")]
        if real != self.real_root and not real.is_relative_to(self.real_root):
            target = "" if Path(os.path.abspath(full)) == real else f" (it leads to {shown(str(real))})"
            return None, None, [self._problem(name, named_at, what, f"is outside the edition folder{target}",
                                              "a file inside the edition folder; seika reads nothing outside it")]
        return self.root / real.relative_to(self.real_root), real, []

    def read(self, name: str | Path, *, what: str = "the file", named_at: Origin | None = None,
             missing_ok: bool = False) -> tuple[InputFile | None, list[Problem]]:
        """Read one file by rules 1–5. Returns (file, problems); file is None when it cannot be used at all
        (or is missing and `missing_ok`); otherwise problems list its refused characters."""
        path, real, problems = self.locate(name, what=what, named_at=named_at)
        if path is None or real is None:
            return None, problems

        def fail(message: str, expected: str | None = None) -> tuple[None, list[Problem]]:
            return None, [self._problem(name, named_at, what, message, expected)]

        limit = self.limits.max_bytes
        try:
            st = os.stat(real)
        except (FileNotFoundError, NotADirectoryError):
            return (None, []) if missing_ok else fail("does not exist", "an existing file, named relative to "
                                                      "the edition folder")
        except OSError as err:
            return fail(f"cannot be read: {err.strerror or err.__class__.__name__}")
        if stat.S_ISDIR(st.st_mode):
            return fail("is a folder, not a file", "a file")
        for test, kind in _KINDS:
            if test(st.st_mode):
                return fail(f"is {kind}, not a regular file", "a regular file")
        if not stat.S_ISREG(st.st_mode):
            return fail("is not a regular file", "a regular file")
        too_large = (f"is larger than the limit of {limit // (1024 * 1024)} MiB ({_thousands(limit)} bytes) "
                     "for one file of an edition")
        if st.st_size > limit:
            return fail(too_large, f"a file of at most {limit // (1024 * 1024)} MiB")
        try:
            fd = os.open(real, _OPEN_FLAGS)
        except OSError as err:
            return fail(f"cannot be read: {err.strerror or err.__class__.__name__}")
        try:
            opened = os.fstat(fd)
            if not stat.S_ISREG(opened.st_mode) or (opened.st_dev, opened.st_ino) != (st.st_dev, st.st_ino):
                return fail("changed while it was being read", "a file that stays as it is during the run")
            chunks: list[bytes] = []
            size = 0
            while size <= limit:
                chunk = os.read(fd, min(1 << 20, limit + 1 - size))
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
        except OSError as err:
            return fail(f"cannot be read: {err.strerror or err.__class__.__name__}")
        finally:
            os.close(fd)
        if size > limit:
            return fail(too_large, f"a file of at most {limit // (1024 * 1024)} MiB")
        data = b"".join(chunks)
        return _decode(path, real, data, self.limits)

    def read_yaml(self, name: str | Path, *, what: str = "the file", named_at: Origin | None = None,
                  missing_ok: bool = False, empty_ok: bool = False
                  ) -> tuple[Node | None, InputFile | None, list[Problem]]:
        """Read one YAML file by every rule: (root node or None, the file, problems)."""
        file, problems = self.read(name, what=what, named_at=named_at, missing_ok=missing_ok)
        if file is None:
            return None, None, problems
        node, more = parse_yaml(file, empty_ok=empty_ok, limits=self.limits)
        return node, file, problems + more


def _decode(path: Path, real: Path, data: bytes, limits: Limits) -> tuple[InputFile | None, list[Problem]]:
    """Rules 4 and 5: strict UTF-8, then the refused characters (listed, and replaced by U+FFFD)."""
    # surrogateescape turns each undecodable byte into one lone surrogate, so the first one's index is its
    # column in characters and their number is the number of bad bytes, in one linear pass.
    text = data.decode("utf-8", "surrogateescape")
    bad = re.search("[\udc80-\udcff]", text)
    if bad is not None:
        count = len(re.findall("[\udc80-\udcff]", text))
        probe = InputFile(path, real, data, text)
        line, column = probe.line_column(bad.start())
        more = f"; {_thousands(count - 1)} more such bytes in the file" if count > 1 else ""
        utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
        return None, [Problem(path, line, column,
                              f"the file is not UTF-8 (byte 0x{ord(bad[0]) - 0xDC00:02x}{more})",
                              "UTF-8 text; the file looks like UTF-16: save it as UTF-8" if utf16 else
                              "UTF-8 text; save the file as UTF-8")]
    if text.startswith("\ufeff"):
        text = text[1:]
    problems: list[Problem] = []
    refused = list(_REFUSED_IN_FILE.finditer(text))
    if refused:
        probe = InputFile(path, real, data, text)
        for m in refused[:limits.max_listed]:
            line, column = probe.line_column(m.start())
            problems.append(Problem(path, line, column, f"the file contains {describe_char(m[0])}",
                                    replacement_hint(m[0])))
        if len(refused) > limits.max_listed:
            line, column = probe.line_column(refused[limits.max_listed].start())
            problems.append(Problem(path, line, column, f"and {_thousands(len(refused) - limits.max_listed)} "
                                    "more control characters from here on", "text without control characters"))
        text = _REFUSED_IN_FILE.sub("\ufffd", text)
        return InputFile(path, real, data, text, tuple(m.start() for m in refused)), problems
    return InputFile(path, real, data, text), problems


# ---------------------------------------------------------------- YAML: nodes

NULLS = frozenset(("", "~", "null", "Null", "NULL"))


class Node:
    """A YAML node: its value and where it starts and ends (marks with 0-based line, column, index)."""

    __slots__ = ("value", "start_mark", "end_mark")

    def __init__(self, value: object, start_mark: yaml.Mark, end_mark: yaml.Mark) -> None:
        self.value = value
        self.start_mark = start_mark
        self.end_mark = end_mark


class ScalarNode(Node):
    """A scalar: `value` is its text exactly as YAML reads it; `style` is None for a plain scalar, else
    the quote or block indicator (' " | >). Nothing is typed: seika types the text itself."""

    __slots__ = ("style",)

    def __init__(self, value: str, style: str | None, start_mark: yaml.Mark, end_mark: yaml.Mark) -> None:
        super().__init__(value, start_mark, end_mark)
        self.style = style

    @property
    def is_null(self) -> bool:
        """A plain empty value (`key:`) or a plain null (~, null)."""
        return self.style is None and self.value in NULLS


class SequenceNode(Node):
    """A list: `value` is the list of its item nodes."""

    __slots__ = ()


class MappingNode(Node):
    """A mapping: `value` is the list of its (key node, value node) pairs, in file order."""

    __slots__ = ()


# ---------------------------------------------------------------- YAML: the one loader

class _PythonEvents(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser):  # type: ignore[misc]
    """PyYAML's pure-Python parser, without a composer or constructor: events only."""

    def __init__(self, text: str) -> None:
        yaml.reader.Reader.__init__(self, text)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)


def yaml_backend() -> str:
    """Which parser produces the events: "libyaml" when PyYAML has its C extension, else "python"."""
    return "libyaml" if getattr(yaml, "CSafeLoader", None) is not None else "python"


def _event_source(text: str) -> object:
    c_loader = getattr(yaml, "CSafeLoader", None)  # looked up per call: the rules do not depend on it
    return c_loader(text) if c_loader is not None else _PythonEvents(text)


class _Refused(Exception):
    def __init__(self, mark: yaml.Mark, message: str, expected: str) -> None:
        self.mark, self.message, self.expected = mark, message, expected


_TAB = re.compile(r"\t")
_DIRECTIVE = re.compile(r"^%", re.M)  # %YAML, %TAG: the two parsers do not treat unknown ones alike
_CONTENT_LINE = re.compile(r"^[ \t]*[^\s#]", re.M)  # a line that is neither blank nor a comment


def parse_yaml(file: InputFile, *, empty_ok: bool = False, limits: Limits = LIMITS
               ) -> tuple[Node | None, list[Problem]]:
    """Rule 6: the file's YAML as a node tree, or (None, problems). An empty file (blank lines and comments
    only) is a problem unless `empty_ok`, when it gives (None, [])."""
    text, path = file.text, file.path
    tabs = list(_TAB.finditer(text))
    if tabs:
        problems = []
        for m in tabs[:limits.max_listed]:
            line, column = file.line_column(m.start())
            start = m.start() - column + 1
            indent = not text[start:m.start()].strip(" -")
            problems.append(Problem(path, line, column, "a tab is used for indentation" if indent else
                                    "a tab character", "spaces; YAML does not allow tabs for indentation, "
                                    "and seika's files use spaces only"))
        if len(tabs) > limits.max_listed:
            problems.append(Problem(path, None, None, f"and {_thousands(len(tabs) - limits.max_listed)} more "
                                    "tabs in the file", "spaces"))
        return None, problems
    if not _CONTENT_LINE.search(text):
        return None, [] if empty_ok else [Problem(path, 1, 1, "the file is empty", "YAML content")]
    directive = _DIRECTIVE.search(text)
    if directive is not None:
        line, column = file.line_column(directive.start())
        return None, [Problem(path, line, column, "YAML directives (%YAML, %TAG) are not allowed",
                              "the content alone; a value that begins with % in quotes")]
    source = _event_source(text)
    try:
        node = _compose(source, limits)
    except _Refused as refused:
        line, column = refused.mark.line + 1, refused.mark.column + 1
        return None, [Problem(path, line, column, refused.message, refused.expected)]
    except yaml.MarkedYAMLError as err:
        return None, [_syntax_problem(file, err)]
    except yaml.YAMLError:
        return None, [Problem(path, None, None, "YAML cannot read the file", "valid YAML")]
    finally:
        source.dispose()  # type: ignore[attr-defined]
    if node is None:
        return None, [] if empty_ok else [Problem(path, 1, 1, "the file is empty", "YAML content")]
    return node, []


def _compose(source: object, limits: Limits) -> Node | None:
    """Build the node tree from the parser's events, one event at a time: anchors, aliases, tags, a second
    document, too deep a nesting and too many values are refused when they are first seen."""
    get_event = source.get_event  # type: ignore[attr-defined]
    max_depth, max_nodes = limits.max_depth, limits.max_nodes
    stack: list[Node] = []
    keys: list[Node | None] = []  # per open mapping: the key waiting for its value
    root: Node | None = None
    count = 0
    documents = 0
    while True:
        event = get_event()
        cls = event.__class__
        if cls is ScalarEvent or cls is MappingStartEvent or cls is SequenceStartEvent:
            if event.anchor is not None:
                raise _Refused(event.start_mark, "anchors and aliases (&name, *name) are not allowed",
                               "every value written out in full")
            if event.tag is not None and event.tag != "!":
                raise _Refused(event.start_mark, "YAML tags (!name, !!type) are not allowed",
                               "the value alone; seika reads every value as text and types it itself")
            count += 1
            if count > max_nodes:
                raise _Refused(event.start_mark, f"the file has more than {_thousands(max_nodes)} values (the "
                               "limit for one file)", "a smaller file; split the sections into more files")
            if cls is ScalarEvent:
                node: Node = ScalarNode(event.value, event.style or None, event.start_mark, event.end_mark)
            else:
                if len(stack) >= max_depth:
                    raise _Refused(event.start_mark, f"the values are nested more than {max_depth} levels deep "
                                   "(the limit)", f"at most {max_depth} levels; seika's files need 7")
                node = (MappingNode if cls is MappingStartEvent else SequenceNode)([], event.start_mark,
                                                                                   event.end_mark)
        elif cls is MappingEndEvent or cls is SequenceEndEvent:
            node = stack.pop()
            node.end_mark = event.end_mark
            if isinstance(node, MappingNode):
                keys.pop()
            _attach(node, stack, keys)
            if not stack:
                root = node
            continue
        elif cls is AliasEvent:
            raise _Refused(event.start_mark, "anchors and aliases (&name, *name) are not allowed",
                           "every value written out in full")
        elif cls is DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _Refused(event.start_mark, "more than one YAML document (---) in the file",
                               "one document: remove the second ---")
            continue
        elif cls is StreamEndEvent:
            return root
        else:  # StreamStart, DocumentEnd
            continue
        if cls is ScalarEvent:
            if stack:
                _attach(node, stack, keys)
            else:
                root = node
        else:
            stack.append(node)
            if cls is MappingStartEvent:
                keys.append(None)


def _attach(node: Node, stack: list[Node], keys: list[Node | None]) -> None:
    if not stack:
        return
    parent = stack[-1]
    if isinstance(parent, MappingNode):
        key = keys[-1]
        if key is None:
            keys[-1] = node
        else:
            parent.value.append((key, node))  # type: ignore[union-attr]
            keys[-1] = None
    else:
        parent.value.append(node)  # type: ignore[union-attr]


# ---------------------------------------------------------------- YAML: syntax errors in plain words

# A key (no ':' or '：' in it) ended by '：'. The key part is greedy and stops at the first colon of either
# kind, so a failed match gives back at most one line's characters: linear.
_FULLWIDTH_KEY = re.compile(r"^( *(?:- +)*)([^\s:：#'\"\[\]{}|>&*!%@`,?-][^:：]*)：")
_VALID_ESCAPES = frozenset("0abt\tnvfre \"/\\N_LPxuU\n\r")
_HEX_LENGTH = {"x": 2, "u": 4, "U": 8}


def fullwidth_colon_key(line: str) -> tuple[str, int] | None:
    """A line (or a plain value) that starts like a key but ends the key with a full-width colon '：':
    (the key, the index of the '：'), else None. Only the first 1,000 characters are looked at."""
    m = _FULLWIDTH_KEY.match(line[:1000])  # a key is short
    return (m[2].strip(), m.end() - 1) if m else None


def fullwidth_colon_problem(path: Path, line: int, column: int, key: str, pledge: int | None = None) -> Problem:
    """The problem for a key that ends with '：' (at line:column), in the words of every such message."""
    return Problem(path, line, column, f"a full-width colon '：' after {shown(key)}",
                   f"a half-width colon and a space, as in '{escape(key)}: …'; YAML reads only ':' as the end "
                   "of a key", pledge)


def _lines(text: str) -> list[str]:
    return _LINE_END.split(text)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _spaces(n: int) -> str:
    return "1 space" if n == 1 else f"{n} spaces"


def _syntax_problem(file: InputFile, err: yaml.MarkedYAMLError) -> Problem:
    """A YAML syntax error as a located problem in plain words, never PyYAML's or libyaml's own text."""
    problem, context = err.problem or "", err.context or ""
    pmark, cmark = err.problem_mark, err.context_mark
    mark = pmark or cmark
    lines = _lines(file.text)
    where = (mark.line + 1, mark.column + 1) if mark is not None else (None, None)
    # a full-width colon where a key ends, at or just before the error: the commonest mistake of Japanese input
    if pmark is not None:
        first = max(min(cmark.line if cmark is not None else pmark.line, pmark.line - 1), pmark.line - 50, 0)
        for n in range(min(pmark.line, len(lines) - 1), first - 1, -1):
            found = fullwidth_colon_key(lines[n])
            if found:
                return fullwidth_colon_problem(file.path, n + 1, found[1] + 1, found[0])
    hint = "valid YAML: key: value lines and '- ' list items; check the indentation, quotes and brackets"
    if "quoted scalar" in context and cmark is not None:
        if "escape" in problem or "hexdecimal" in problem:
            at = _bad_escape(file.text, cmark.index)
            line, column = file.line_column(at) if at is not None else (cmark.line + 1, cmark.column + 1)
            return Problem(file.path, line, column, "YAML syntax error: an unknown escape after a backslash in a "
                           "\"double-quoted\" text", "\\\\ for a backslash, or the text in 'single quotes', "
                           "where a backslash is an ordinary character")
        return Problem(file.path, cmark.line + 1, cmark.column + 1, "YAML syntax error: the quotation mark "
                       "opened here is never closed", "a closing quotation mark of the same kind before the "
                       "end of the value")
    if "simple key" in context and cmark is not None:
        return Problem(file.path, cmark.line + 1, cmark.column + 1, "YAML syntax error: this line has no ':' "
                       "after its key", "'key: value' with a half-width colon and a space, or a '- ' list item")
    if "flow sequence" in context or "flow mapping" in context:
        kind = "[ ] list" if "sequence" in context else "{ } mapping"
        opened = f" opened at line {cmark.line + 1}, column {cmark.column + 1}" if cmark is not None else ""
        return Problem(file.path, *where, f"YAML syntax error: the {kind}{opened} is not closed, or a comma "
                       "is missing between its items", "items separated by ', ' and the closing bracket")
    if "cannot start any token" in problem and mark is not None:
        ch = file.text[mark.index] if mark.index < len(file.text) else ""
        return Problem(file.path, *where, f"YAML syntax error: a value cannot begin with {shown(ch)}",
                       "the value in quotes, such as '@kamakura'")
    if "sequence entries are not allowed" in problem:
        return Problem(file.path, *where, "YAML syntax error: a '- ' list item where a value belongs",
                       "a value after 'key: ', or the list on the lines below the key, each item indented")
    if mark is not None and ("block end" in problem or "expected key" in problem or "'-' indicator" in problem
                             or "mapping values are not allowed" in problem):
        line_text = lines[mark.line] if mark.line < len(lines) else ""
        before = line_text[:mark.column]
        if "mapping values are not allowed" in problem and (": " in before or before.rstrip().endswith(":")):
            return Problem(file.path, *where, "YAML syntax error: a second ': ' on one line",
                           "the value in quotes when it contains ': ', such as title: '時間: 10時'")
        previous = next((ln for ln in reversed(lines[:mark.line]) if ln.strip() and not
                         ln.lstrip().startswith("#")), None)
        here = _indent(line_text)
        if line_text[here:here + 2] in ("- ", "-") and (previous is None or _indent(previous) == here):
            return Problem(file.path, mark.line + 1, here + 1, "YAML syntax error: a '- ' list item where a "
                           "'key: value' line belongs", "the list on the lines under its key, indented further "
                           "than the key, such as 'pledges:' and then '  - no: 1'")
        if previous is not None and _indent(previous) == here and previous.lstrip(" ").startswith("- "):
            return Problem(file.path, mark.line + 1, here + 1, "YAML syntax error: a 'key: value' line among "
                           "the '- ' items of a list", "each item of the list starting with '- ', or the key "
                           "indented like the other keys of its mapping")
        if previous is not None and _indent(previous) != here:
            above = _indent(previous)
            return Problem(file.path, mark.line + 1, here + 1, f"YAML syntax error: the indentation does not "
                           f"line up: this line is indented by {_spaces(here)}, the line above by {_spaces(above)}",
                           "the lines of one mapping or list indented by the same number of spaces, and a "
                           "value that goes under a key indented further than the key")
        return Problem(file.path, *where, "YAML syntax error: the indentation does not line up", hint)
    if "document" in problem:
        return Problem(file.path, *where, "YAML syntax error: text after the end of the content, not "
                       "indented under any key", "every line under a key indented, or a 'key: value' line")
    return Problem(file.path, *where, "YAML syntax error: the text here cannot be read", hint)


def _bad_escape(text: str, start: int) -> int | None:
    """The index of the first invalid backslash escape in the double-quoted scalar opening at `start`."""
    i = start + 1
    while i < len(text) and text[i] != '"':
        if text[i] == "\\":
            nxt = text[i + 1] if i + 1 < len(text) else ""
            if nxt not in _VALID_ESCAPES:
                return i
            if nxt in _HEX_LENGTH:
                digits = text[i + 2:i + 2 + _HEX_LENGTH[nxt]]
                if len(digits) < _HEX_LENGTH[nxt] or any(c not in "0123456789abcdefABCDEF" for c in digits):
                    return i
            i += 2
            continue
        i += 1
    return None
