"""Located YAML: plain values plus a way back to line and column.

PyYAML (with its C composer when present) builds a node tree; we construct
plain values from it ourselves, so that:

- numbers become exact ``Decimal`` (never float), NaN and infinities kept
  as Decimal specials for the validator to reject by name;
- a duplicate key in any mapping is an error (PyYAML keeps the last);
- any explicit tag (``!!python/object``, ``!!binary``, ``!foo``) is an
  error and nothing is ever constructed from it;
- aliases are expanded with a budget (alias bombs), nesting is bounded;
- the node tree is kept, so a key path can be located when, and only when,
  an error needs it.
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml

from ..core.errors import Location, Path, Problem
from ..core.limits import (
    EXPANSION_FACTOR,
    MAX_DEPTH,
    MAX_EXPANDED_BYTES,
    MAX_FILE_BYTES,
    MAX_VALUES,
    expanded_limit,
)

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_VALUES",
    "Document",
    "decode",
    "parse",
]

try:  # the C composer is several times faster; fall back to pure Python
    _Base: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Base = yaml.SafeLoader

# First characters for which some YAML 1.1 implicit resolver (bool, int, float,
# null, timestamp, merge, value) may match; every other plain scalar is text.
_RESOLVABLE = frozenset(k for k in yaml.SafeLoader.yaml_implicit_resolvers if k)
_STR_TAG = "tag:yaml.org,2002:str"


class _Loader(_Base):  # type: ignore[misc]
    """The safe loader with a shortcut in tag resolution: PyYAML resolves
    every scalar in Python by trying regexes; a scalar whose first character
    no resolver handles (all Chinese text, most names) is text at once."""

    def resolve(self, kind: type, value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode and implicit[0] and value and value[0] not in _RESOLVABLE:
            return _STR_TAG
        return super().resolve(kind, value, implicit)  # type: ignore[no-any-return]


# The limits live in perfeval.limits; these names are kept for old imports.
MAX_BYTES = MAX_FILE_BYTES

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_COLLECTION_TAGS = {_TAG + "map", _TAG + "seq"}
_constructor = yaml.SafeLoader("")  # only its scalar helpers are used


class YamlProblemsError(Exception):
    """Raised internally with the problems that stop a document being read."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


def decode(data: bytes, source: str) -> str:
    """UTF-8 text from bytes (a byte-order mark is allowed), or a problem.

    When the bytes are not UTF-8 but decode as GBK (common for files saved
    by Chinese Windows tools), the message says so and how to convert.
    """
    if len(data) > MAX_BYTES:
        raise YamlProblemsError(
            [
                Problem(
                    (),
                    f"the file is {len(data):,} bytes; the limit is {MAX_BYTES:,} bytes "
                    "(split it into several files)",
                    Location(source),
                )
            ]
        )
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):  # before UTF-16's FF FE
        raise YamlProblemsError(
            [Problem((), "the file is UTF-32; save it as UTF-8", Location(source, 1, 1))]
        )
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise YamlProblemsError(
            [Problem((), "the file is UTF-16; save it as UTF-8", Location(source, 1, 1))]
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        hint = "the file is not UTF-8"
        if b"\x00" in data[:1024]:
            hint = "the file is binary, not a UTF-8 text scorecard"
        else:
            try:
                data.decode("gbk")
            except UnicodeDecodeError:
                pass
            else:
                hint = (
                    "the file is not UTF-8; it looks like GBK (GB2312/GB18030). Convert it "
                    "with: iconv -f GBK -t UTF-8 FILE > FILE.utf8 (or save it as UTF-8 "
                    "in your editor)"
                )
        raise YamlProblemsError([Problem((), hint, Location(source, line, column))]) from None


def _mark_location(source: str, mark: Any) -> Location:
    if mark is None:
        return Location(source)
    return Location(source, mark.line + 1, mark.column + 1)


def _syntax_problem(source: str, exc: yaml.MarkedYAMLError, text: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    location = _mark_location(source, mark)
    what = " ".join(p for p in (exc.context, exc.problem) if p)
    line = (
        text.splitlines()[mark.line]
        if mark is not None and mark.line < len(text.splitlines())
        else ""
    )
    stripped = line.strip()
    if "block scalar" in what and ">" in stripped:
        location = Location(source, location.line, line.index(">") + 1)
        message = (
            f"YAML reads '>' at the start of a value as a folded text block: quote the "
            f"value ('{stripped.split(':', 1)[-1].strip()}' in quotes) or write ≥ instead of >="
        )
    elif "\t" in line[: len(line) - len(line.lstrip())] or (
        "cannot start any token" in what and "\t" in line
    ):
        message = "a tab is used for indentation; YAML needs spaces"
    elif "expected a single document" in what:
        message = (
            "the file holds more than one YAML document ('---'); a scorecard file holds exactly one"
        )
    elif "exceeded maximum nesting depth" in what:
        message = f"the YAML is nested too deeply (a scorecard needs at most {MAX_DEPTH} levels)"
    else:
        message = f"YAML syntax error: {what}"
    return Problem((), message, location)


class Document:
    """A parsed YAML document: ``data`` and ``locate(path)``.

    From the fast path the node tree is not built; ``locate`` composes it
    from ``text`` the first time an error needs a place, and only then.
    """

    def __init__(
        self, source: str, root: yaml.Node | None, data: Any, text: str | None = None
    ) -> None:
        self.source = source
        self._root = root
        self._text = text
        self.data = data

    def _tree(self) -> yaml.Node | None:
        if self._root is None and self._text is not None:
            self._root = yaml.compose(self._text, Loader=_Loader)
            self._text = None
        return self._root

    def locate(self, path: Path, *, key: bool = False) -> Location:
        """The location of the value at ``path`` (of its key with ``key``).

        Follows the path as far as it exists, so a missing key is placed at
        the mapping that should hold it.
        """
        node = self._tree()
        if node is None:
            return Location(self.source, 1, 1)
        mark = node.start_mark
        for i, part in enumerate(path):
            last = i == len(path) - 1
            if isinstance(node, yaml.MappingNode) and isinstance(part, str):
                found = None
                for k, v in node.value:
                    if isinstance(k, yaml.ScalarNode) and k.value == part:
                        found = (k, v)
                if found is None:
                    break
                node = found[1]
                mark = found[0].start_mark if (key and last) else node.start_mark
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                if not 0 <= part < len(node.value):
                    break
                node = node.value[part]
                mark = node.start_mark
            else:
                break
        return _mark_location(self.source, mark)


class _Builder:
    def __init__(self, source: str, max_bytes: int) -> None:
        self.source = source
        self.problems: list[Problem] = []
        self.count = 0
        self.bytes = 0
        self.max_bytes = max_bytes
        self.seen: set[int] = set()  # the nodes built: one built again is an alias's
        self.aliased = False

    def problem(self, path: Path, message: str, node: yaml.Node) -> None:
        self.problems.append(Problem(path, message, _mark_location(self.source, node.start_mark)))

    def spend(self, text: str, path: Path, node: yaml.Node) -> None:
        """Count a scalar's text against the expanded-size limit."""
        self.bytes += _size(text)
        if self.bytes > self.max_bytes:
            where = _mark_location(self.source, node.start_mark)
            raise YamlProblemsError([Problem(path, _expanded_message(self.max_bytes), where)])

    def build(self, node: yaml.Node, path: Path, depth: int) -> Any:
        self.count += 1
        if id(node) in self.seen:
            self.aliased = True
        self.seen.add(id(node))
        if self.count > MAX_VALUES:
            # Only a document whose aliases repeat values is an alias bomb; a
            # long card without any has met the limit on values itself.
            said = (
                f"the document expands to more than {MAX_VALUES:,} values "
                "(aliases that repeat aliases?)"
                if self.aliased
                else f"the document holds more than {MAX_VALUES:,} values (keys, items and "
                "texts; a card of 1,000 indicators holds about 15,000): split it into "
                "several cards"
            )
            raise YamlProblemsError(
                [Problem(path, said, _mark_location(self.source, node.start_mark))]
            )
        if depth > MAX_DEPTH:
            raise YamlProblemsError(
                [
                    Problem(
                        path,
                        f"the YAML is nested more than {MAX_DEPTH} levels deep",
                        _mark_location(self.source, node.start_mark),
                    )
                ]
            )
        if isinstance(node, yaml.ScalarNode):
            self.spend(node.value, path, node)
            return self.scalar(node, path)
        if node.tag not in _COLLECTION_TAGS:
            self.problem(path, _tag_message(node.tag), node)
            return None
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.MappingNode)
        out: dict[str, Any] = {}
        first_seen: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem(path, "a key must be plain text, not a list or mapping", key_node)
                continue
            if key_node.tag == _TAG + "merge":
                self.problem(
                    path, "merge keys ('<<') are not supported; write the keys out", key_node
                )
                continue
            key = key_node.value
            self.spend(key, path, key_node)
            if key in first_seen:
                line = first_seen[key].start_mark.line + 1
                self.problem(
                    (*path, key),
                    f"duplicate key '{key}' (first given on line {line}); YAML would keep "
                    "only the last value and lose the other",
                    key_node,
                )
                continue
            first_seen[key] = key_node
            out[key] = self.build(value_node, (*path, key), depth + 1)
        return out

    def scalar(self, node: yaml.ScalarNode, path: Path) -> Any:
        tag = node.tag
        if tag in (_TAG + "value", _TAG + "merge"):
            return node.value  # resolved, not written: '=' or '<<' as a value is text
        if tag not in _SCALAR_TAGS:
            self.problem(path, _tag_message(tag), node)
            return None
        return _convert(tag, node.value)


def _size(text: str) -> int:
    """The UTF-8 size of a scalar's text, plus one for the value itself."""
    return 1 + (len(text) if text.isascii() else len(text.encode("utf-8", "surrogatepass")))


def _expanded_message(limit: int) -> str:
    return (
        f"the document expands to more than {limit:,} bytes of text through aliases "
        "(an anchored value repeated by '*' aliases); write the values out, or repeat "
        f"less (the limit is {EXPANSION_FACTOR}× the file's size, at least "
        f"{MAX_EXPANDED_BYTES:,} bytes)"
    )


def _convert(tag: str, text: str) -> Any:
    """A resolved scalar as our value: text, None, a marked boolean or date,
    or an exact Decimal (never a float)."""
    if tag == _STR_TAG:
        return text
    if tag == _TAG + "null":
        return None
    node = yaml.ScalarNode(tag, text)
    if tag == _TAG + "bool":
        return _YamlBool(bool(_constructor.construct_yaml_bool(node)), text)
    if tag == _TAG + "int":
        if _SIMPLE_NUMBER.fullmatch(text) is not None:
            return YamlNumber(text, text)  # as the fast path reads it, however many digits
        try:
            return YamlNumber(_constructor.construct_yaml_int(node), text)
        except ValueError:  # beyond Python's 4,300 digits for int(): no number perfeval reads
            return text
    if tag == _TAG + "float":
        return YamlNumber(_float(text), text)
    if tag == _TAG + "timestamp":
        return _YamlDate(_constructor.construct_yaml_timestamp(node), text)
    return text  # YAML 1.1's '=' (value) and '<<' (merge) as values are plain text


def _float(text: str) -> Decimal:
    lowered = text.lower().replace("_", "")
    if lowered in (".nan",):
        return Decimal("NaN")
    if lowered in (".inf", "+.inf"):
        return Decimal("Infinity")
    if lowered == "-.inf":
        return Decimal("-Infinity")
    try:
        return Decimal(lowered)
    except InvalidOperation:  # YAML 1.1 sexagesimal floats such as 1:20.5
        node = yaml.ScalarNode(_TAG + "float", text)
        return Decimal(repr(_constructor.construct_yaml_float(node)))


def _tag_message(tag: str) -> str:
    shown = tag.replace(_TAG, "!!")
    return (
        f"YAML tags such as '{shown}' are not allowed in a scorecard; nothing is "
        "constructed from them. Remove the tag"
    )


class YamlNumber(Decimal):
    """A YAML number as an exact Decimal that remembers how it was written,
    so a name written ``1:20`` stays '1:20' (YAML 1.1 reads it as 80)."""

    text: str

    def __new__(cls, value: Any, text: str) -> YamlNumber:
        number = super().__new__(cls, value)
        number.text = text
        return number

    def __reduce__(self) -> tuple[Any, ...]:
        """Decimal pickles a subclass without its extra field; keep the text."""
        return (YamlNumber, (str(self), self.text))

    @property
    def plain(self) -> bool:
        """Written as a plain decimal number (not 0x1F, 1:20, 1_000, .inf)."""
        text = self.text
        return (text.isascii() and text.isdigit()) or _PLAIN_NUMBER.fullmatch(text) is not None


_PLAIN_NUMBER = re.compile(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?")


class _YamlBool:
    """A YAML 1.1 boolean, remembering how it was written (``yes``, ``on``)."""

    __slots__ = ("text", "value")

    def __init__(self, value: bool, text: str) -> None:
        self.value = value
        self.text = text

    def __bool__(self) -> bool:
        return self.value

    def __eq__(self, other: object) -> bool:
        return bool(self) == other if isinstance(other, bool | _YamlBool) else NotImplemented

    def __hash__(self) -> int:
        return hash(self.value)

    def __repr__(self) -> str:
        return repr(self.value)


class _YamlDate:
    """A YAML timestamp, kept so the validator can say 'quote it'."""

    def __init__(self, value: dt.date | dt.datetime, text: str) -> None:
        self.value = value
        self.text = text

    def __repr__(self) -> str:
        return f"date({self.text})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _YamlDate) and (self.value, self.text) == (other.value, other.text)

    def __hash__(self) -> int:
        return hash(self.text)


def is_bool(value: object) -> bool:
    return isinstance(value, bool | _YamlBool)


def is_date(value: object) -> bool:
    return isinstance(value, _YamlDate | dt.date)


def written(value: object) -> str:
    """How a scalar was written in the file, for messages."""
    if isinstance(value, _YamlBool | _YamlDate | YamlNumber):
        return value.text
    return str(value)


class _UnusualError(Exception):
    """The fast path met something it leaves to the located path."""


_PENDING = object()
_TAGGED = (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)


def _tag_problems(text: str, source: str) -> list[Problem]:
    """Every explicit tag in the text, placed: the parser's events say which
    tags were written (the composed nodes cannot tell them from resolved ones)."""
    problems = []
    # Where the next event sits: frames of [is_mapping, path, next key or index,
    # whether a mapping waits for a key].
    frames: list[list[Any]] = []
    loader = _Loader(text)
    try:
        while loader.check_event():
            event = loader.get_event()
            is_key = bool(frames) and frames[-1][0] and frames[-1][3]
            path: Path = ()
            if frames:
                frame = frames[-1]
                path = frame[1] if is_key else (*frame[1], frame[2])
            if isinstance(event, _TAGGED) and event.tag is not None:
                shown = event.tag.replace(_TAG, "!!")
                problems.append(
                    Problem(path, _tag_message(shown), _mark_location(source, event.start_mark))
                )
            if isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                frames.pop()
                is_key = False
            elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
                frames.append([isinstance(event, yaml.MappingStartEvent), path, 0, True])
                continue
            elif not isinstance(event, yaml.ScalarEvent | yaml.AliasEvent):
                continue
            if frames:  # a value or key was completed inside the top frame
                frame = frames[-1]
                if frame[0]:
                    if is_key:
                        frame[2] = event.value if isinstance(event, yaml.ScalarEvent) else "?"
                    frame[3] = not is_key
                else:
                    frame[2] += 1
    except yaml.YAMLError:
        pass  # the composer reports the syntax error itself
    finally:
        loader.dispose()
    return problems


#: A plain scalar YAML 1.1 resolves as a decimal int (``20``) or float
#: (``0.95``) with nothing unusual in it: its value is Decimal(text), which
#: is what the resolver and _convert would give, without their regex walk.
_SIMPLE_NUMBER = re.compile(r"(?:[1-9][0-9]*|0)(?:\.[0-9]+)?")


#: The letters-only words YAML 1.1 resolves to something other than text:
#: its booleans and null (every other resolver needs a digit, sign or mark).
_YAML_WORDS = frozenset(
    f(word)
    for word in ("yes", "no", "true", "false", "on", "off", "null")
    for f in (str.lower, str.capitalize, str.upper)
)


def _fast_scalar(loader: Any, event: yaml.ScalarEvent) -> Any:
    if event.tag is not None:
        raise _UnusualError  # any tag is an error, reported with its place
    value = event.value
    if event.style or not event.implicit[0]:
        return value  # quoted or block text
    if value and value[0] not in _RESOLVABLE:
        return value  # plain text no resolver takes (an empty one is null)
    if not value.isascii():
        return value  # 24小时内: every YAML 1.1 resolver matches ASCII text only
    if _SIMPLE_NUMBER.fullmatch(value) is not None:
        return YamlNumber(value, value)
    if value.isalpha() and value not in _YAML_WORDS:
        return value  # a word (output, ratio): text, as the resolver would say
    tag = loader.resolve(yaml.ScalarNode, value, event.implicit)
    if tag == _STR_TAG:
        return value
    return _convert(tag, value)


def _fast(text: str, max_bytes: int | None = None) -> Any:
    """Plain values straight from the C parser's events, or _UnusualError.

    No nodes, no marks: the common, valid card pays only for what it needs.
    Anything the located path reports as a problem raises _UnusualError.
    Bytes of text are counted only when the text can hold an alias (a '*'):
    without one, the values are the text's own and cannot outgrow it.
    """
    if max_bytes is None:
        max_bytes = expanded_limit(_size(text) - 1)
    counting = "*" in text
    loader = _Loader(text)
    try:
        get = loader.get_event
        if type(get()) is not yaml.StreamStartEvent:  # pragma: no cover
            raise _UnusualError
        event = get()
        if type(event) is yaml.StreamEndEvent:
            return None
        if type(event) is not yaml.DocumentStartEvent:  # pragma: no cover
            raise _UnusualError
        # A frame: [container, is_mapping, pending key, anchor, size, bytes of text]
        stack: list[list[Any]] = []
        anchors: dict[str, tuple[Any, int, int]] = {}
        total = 0
        total_bytes = 0
        scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
        mapping_start, sequence_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
        mapping_end, sequence_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
        frame: list[Any] | None = None  # the innermost open container
        while True:
            event = get()
            kind = type(event)
            if kind is scalar_event:
                if frame is not None and frame[1] and frame[2] is _PENDING:
                    key = event.value  # a mapping key: plain text, once
                    if (
                        event.tag is not None
                        or event.anchor is not None
                        or key in frame[0]  # the keys whose values are read
                        or (key == "<<" and not event.style)
                    ):
                        raise _UnusualError
                    frame[2] = key
                    if counting:
                        nbytes = _size(key)
                        frame[5] += nbytes
                        total_bytes += nbytes
                    continue
                value, size = _fast_scalar(loader, event), 1
                nbytes = _size(event.value) if counting else 0
                if event.anchor is not None:
                    if event.anchor in anchors:
                        raise _UnusualError  # a second &x: the composer says where
                    anchors[event.anchor] = (value, 1, nbytes)
            elif kind is mapping_start or kind is sequence_start:
                if event.tag is not None:
                    raise _UnusualError
                if frame is not None and frame[1] and frame[2] is _PENDING:
                    raise _UnusualError  # a list or mapping as a key
                if len(stack) >= MAX_DEPTH or (
                    event.anchor is not None and event.anchor in anchors
                ):
                    raise _UnusualError
                mapping = kind is mapping_start
                frame = [{} if mapping else [], mapping, _PENDING, event.anchor, 1, 0]
                stack.append(frame)
                continue
            elif kind is mapping_end or kind is sequence_end:
                done = stack.pop()
                value, size, nbytes = done[0], done[4], done[5]
                # Its values and bytes were counted as they came; they are
                # counted again below (as an anchor's would be for an alias),
                # so take them off here: each value counts once, however deep.
                total -= size - 1
                total_bytes -= nbytes
                if done[3] is not None:
                    anchors[done[3]] = (value, size, nbytes)
                frame = stack[-1] if stack else None
            elif kind is alias_event:
                if event.anchor not in anchors or (
                    frame is not None and frame[1] and frame[2] is _PENDING
                ):
                    raise _UnusualError
                value, size, nbytes = anchors[event.anchor]
            else:
                raise _UnusualError
            total += size
            total_bytes += nbytes
            if total > MAX_VALUES or total_bytes > max_bytes:
                raise _UnusualError
            if frame is None:
                break
            frame[4] += size
            frame[5] += nbytes
            if frame[1]:
                frame[0][frame[2]] = value
                frame[2] = _PENDING
            else:
                frame[0].append(value)
        if type(get()) is not yaml.DocumentEndEvent or type(get()) is not yaml.StreamEndEvent:
            raise _UnusualError
        return value
    except yaml.YAMLError:
        raise _UnusualError from None
    finally:
        loader.dispose()


def parse(text: str, source: str) -> Document:
    """One YAML document as plain values; raise YamlProblemsError.

    The fast path builds values from parser events; a document it does not
    accept as it is goes through the located path, which says where and why.
    """
    max_bytes = expanded_limit(_size(text) - 1)
    try:
        return Document(source, None, _fast(text, max_bytes), text)
    except _UnusualError:
        return located(text, source, max_bytes)


def located(text: str, source: str, max_bytes: int | None = None) -> Document:
    """The located path: a node tree with marks, and every problem placed."""
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        raise YamlProblemsError([_syntax_problem(source, exc, text)]) from None
    except yaml.reader.ReaderError as exc:
        raise YamlProblemsError(
            [
                Problem(
                    (),
                    f"the file holds a control character (#x{exc.character:04x}) that YAML "
                    "does not allow; is it a text file?",
                    Location(
                        source,
                        text.count("\n", 0, exc.position) + 1,
                        exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1,
                    ),
                )
            ]
        ) from None
    except yaml.YAMLError as exc:  # pragma: no cover - any other PyYAML failure
        raise YamlProblemsError([Problem((), f"YAML error: {exc}", Location(source))]) from None
    tags = _tag_problems(text, source)
    if tags:
        raise YamlProblemsError(tags)
    if root is None:
        return Document(source, None, None)
    if max_bytes is None:
        max_bytes = expanded_limit(_size(text) - 1)
    builder = _Builder(source, max_bytes)
    data = builder.build(root, (), 0)
    if builder.problems:
        raise YamlProblemsError(builder.problems)
    return Document(source, root, data)


Locator = Callable[[Path, bool], Location | None]


def read_text(path: str, what: str = "the file") -> str:
    """A file's text (UTF-8, a byte-order mark dropped), or ScorecardError:
    it cannot be read, is too large, or is not UTF-8."""
    from ..core.errors import ScorecardError
    from ._files import display_path, read_bytes

    data = read_bytes(path, what)
    try:
        return decode(data, display_path(path))
    except YamlProblemsError as exc:
        raise ScorecardError(exc.problems) from None


_SURROGATE = re.compile("[\ud800-\udfff]")


def text_of(text: object, source: str) -> str:
    """The text of a document given to the API: str as it is, bytes decoded
    as a file is (UTF-8, a byte-order mark allowed, the same messages); a
    lone surrogate, which no file can hold, is an error with its place."""
    from ..core.errors import ScorecardError

    if isinstance(text, bytes | bytearray | memoryview):
        try:
            return decode(bytes(text), source)
        except YamlProblemsError as exc:
            raise ScorecardError(exc.problems) from None
    if not isinstance(text, str):
        raise TypeError(
            f"expected the YAML text as str (or UTF-8 bytes); found {type(text).__name__}"
        )
    found = _SURROGATE.search(text)
    if found is not None:
        at = found.start()
        line = text.count("\n", 0, at) + 1
        column = at - (text.rfind("\n", 0, at) + 1) + 1
        raise ScorecardError.single(
            (),
            f"the text holds a lone surrogate (U+{ord(found.group()):04X}), which is not a "
            "character and cannot be saved as UTF-8; was it decoded with errors='surrogateescape'?",
            Location(source, line, column),
        )
    return text


def document(text: str, source: str) -> Document:
    """One YAML document with its locations, or ScorecardError with every
    problem (too large, syntax, tags, duplicate keys …)."""
    from ..core.errors import ScorecardError

    if len(text) * 4 > MAX_BYTES and len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise ScorecardError.single(
            (), f"the text is larger than the limit of {MAX_BYTES:,} bytes", Location(source)
        )
    try:
        return parse(text.removeprefix("\ufeff"), source)
    except YamlProblemsError as exc:
        raise ScorecardError(exc.problems) from None
