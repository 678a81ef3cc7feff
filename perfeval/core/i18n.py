"""One language switch: zh or en, chosen once per run, for every message.

Every sentence a user can read exists in both languages as data in
:mod:`perfeval.messages` (a catalogue per concern: errors, CLI words,
finding labels). Code builds a :class:`Message` (a key and named params) and
the text is written at print time with :meth:`Message.text`.

Problems raised while reading input keep their English sentence (``str()``
and ``Problem.message`` stay what they were) and give the Chinese one with
:func:`translate`: the English sentence is matched against the catalogue's
English templates and the Chinese template is filled with the same params.
Identifiers, key paths, finding codes and what the user wrote stay as written.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import attrs

__all__ = ["LANGS", "LANG_ENV", "Message", "default_lang", "message", "normalize_lang", "translate"]

LANGS = ("zh", "en")
#: The environment variable that chooses the language of a run (zh or en).
LANG_ENV = "PERFEVAL_LANG"


def normalize_lang(lang: str | None) -> str:
    """``zh``, ``zh_CN``, ``zh-Hans`` → ``zh``; anything else → ``en``."""
    return "zh" if (lang or "").strip().lower().startswith("zh") else "en"


def default_lang(environ: Mapping[str, str] | None = None) -> str:
    """The run's language when ``--lang`` is not given: ``PERFEVAL_LANG``,
    else the locale (the first of LC_ALL, LC_MESSAGES, LANG that names a
    language; ``zh*`` → zh, any other language → en), else zh. ``C``,
    ``POSIX`` and ``C.UTF-8`` name no language (servers and CI machines set
    them), so they do not make perfeval speak English."""
    env = os.environ if environ is None else environ
    chosen = env.get(LANG_ENV, "").strip()
    if chosen:
        return normalize_lang(chosen)
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "").strip()
        if value and not _NEUTRAL.fullmatch(value):
            return normalize_lang(value)
    return "zh"


_NEUTRAL = re.compile(r"(?i)(C|POSIX)([._@].*)?")


@attrs.frozen
class Message:
    """A user-visible sentence: a catalogue key and its named params."""

    key: str
    params: tuple[tuple[str, Any], ...] = ()

    def text(self, lang: str = "en") -> str:
        from .messages import CATALOGUE

        en, zh = CATALOGUE[self.key]
        template = zh if normalize_lang(lang) == "zh" else en
        return template.format(**dict(self.params))

    def __str__(self) -> str:
        return self.text("en")


def message(key: str, /, **params: Any) -> Message:
    """``message("cli.interrupted")``, ``message("cli.no-cards", path=p)``."""
    from .messages import CATALOGUE

    if key not in CATALOGUE:
        raise KeyError(f"no message {key!r} in the catalogue")
    return Message(key, tuple(params.items()))


_FIELD = re.compile(r"\{(\w+)\}")


def _pattern(template: str) -> re.Pattern[str]:
    """An English template as a regex: literal text, each ``{name}`` a lazy group."""
    out, pos, seen = [], 0, set()
    for match in _FIELD.finditer(template):
        out.append(_literal(template[pos : match.start()]))
        name = match.group(1)
        out.append(f"(?P={name})" if name in seen else f"(?P<{name}>.*?)")
        seen.add(name)
        pos = match.end()
    out.append(_literal(template[pos:]))
    return re.compile("".join(out), re.DOTALL)


def _literal(text: str) -> str:
    return re.escape(text.replace("{{", "{").replace("}}", "}"))


#: A template with less literal text than this ("'{path}': {reason}") fits
#: almost any line: it is taken only when one of its params is ours.
_GENERIC = 6


@lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[re.Pattern[str], str, bool], ...]:
    from .messages import ERRORS, FORMS

    # The most literal text first: a specific template wins over a general one.
    def literal(item: tuple[str, tuple[str, str]]) -> int:
        return -len(_FIELD.sub("", item[1][0]))

    every = {**ERRORS, **FORMS}
    return tuple(
        (_pattern(en), zh, -literal((_key, (en, zh))) < _GENERIC)
        for _key, (en, zh) in sorted(every.items(), key=literal)
    )


#: Params that hold what the user wrote (a key, an id, a name): never translated,
#: even when the word is also one of our phrases ('points' the key, not 分值).
_AS_WRITTEN = frozenset({"key", "keys", "id", "name", "path", "tag", "text", "value", "label"})


def _phrase(value: str, depth: int) -> str:
    """A param may itself be one of our sentences or phrases ('a list')."""
    from .messages import PHRASES, YAML_CONTEXTS, YAML_PROBLEMS

    if value in PHRASES:
        return PHRASES[value]
    for head, zh in YAML_CONTEXTS.items():  # PyYAML's own words: context, then problem
        if value.startswith(head + " "):
            rest = value[len(head) + 1 :]
            return f"{zh}：{YAML_PROBLEMS.get(rest, rest)}"
    if value in YAML_PROBLEMS:
        return YAML_PROBLEMS[value]
    if depth < 3 and " " in value:
        return _translate_line(value, depth + 1)
    return value


@lru_cache(maxsize=1)
def _wrappers() -> tuple[tuple[re.Pattern[str], str, str], ...]:
    """Templates that start with another sentence ('{reason} (formula …)'),
    with the name of that param: a sentence that ends in a param ('cannot
    add {a} and {b}') would otherwise swallow what the wrapper adds."""
    from .messages import ERRORS

    wrappers = [(en, zh) for en, zh in ERRORS.values() if _FIELD.match(en)]
    wrappers.sort(key=lambda item: -len(_FIELD.sub("", item[0])))  # the most literal first
    out = []
    for en, zh in wrappers:
        first = _FIELD.match(en)
        assert first is not None
        out.append((_pattern(en), zh, first.group(1)))
    return tuple(out)


@lru_cache(maxsize=4096)
def _translate_line(line: str, depth: int = 0) -> str:
    from .messages import PHRASES

    if line in PHRASES:
        return PHRASES[line]
    if depth < 3:
        for pattern, zh, inner in _wrappers():
            match = pattern.fullmatch(line)
            if match is not None and _phrase(match.group(inner), depth) != match.group(inner):
                params = {
                    k: v if k in _AS_WRITTEN else _phrase(v, depth)
                    for k, v in match.groupdict().items()
                }
                return zh.format(**params)
    for pattern, zh, generic in _patterns():
        match = pattern.fullmatch(line)
        if match is not None:
            given = match.groupdict()
            params = {k: v if k in _AS_WRITTEN else _phrase(v, depth) for k, v in given.items()}
            if generic and params == given:
                continue  # "'{path}': {reason}" around a sentence we do not know: not ours
            return zh.format(**params)
    return line


def translate(text: str, lang: str) -> str:
    """An English message of perfeval in ``lang``: the first line (and each
    line that is not an indented quote) through the catalogue; a message the
    catalogue does not know stays English."""
    if normalize_lang(lang) != "zh":
        return text
    lines = text.split("\n")
    return "\n".join(line if line.startswith(" ") else _translate_line(line) for line in lines)
