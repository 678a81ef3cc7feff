"""Frameworks (指标体系): the shipped ``indicators/*.yaml``, by name or path.

In a wheel the files live in ``perfeval/_indicators``; in a checkout or an
editable install they are read from the repository's ``indicators/``.
Frameworks are read once per process and cached (they are immutable).
"""

from __future__ import annotations

import copyreg
import os
import re
from collections.abc import Iterator
from decimal import Decimal
from functools import cache, lru_cache
from pathlib import Path as FsPath
from typing import Any

from ..core.errors import Location, Problem, ScorecardError, quote
from ..core.grading import BUILTIN_SCALES
from ..core.model import Aspect, Framework, Group, Kind
from . import _yaml
from ._check import MISSING, Checker, did_you_mean

__all__ = [
    "ALLOW_OUTSIDE_ENV",
    "DEFAULT_FRAMEWORK",
    "framework_dir",
    "framework_names",
    "get_framework",
    "load_framework",
]

DEFAULT_FRAMEWORK = "mof-2020-project"
#: Set to 1 to let cards use a framework file outside their own folder.
ALLOW_OUTSIDE_ENV = "PERFEVAL_ALLOW_FRAMEWORK_OUTSIDE"
#: The key every framework file has at its top level (flow style allowed).
#: Within one line, so the search stays linear in the file's size.
_SIGNATURE = re.compile(r"""^[{ \t]*["']?perfeval-framework["']?[ \t]*:""", re.MULTILINE)
_ID = re.compile(r"[A-Za-z0-9_.-]+")
_TOP_KEYS = (
    "perfeval-framework",
    "id",
    "zh",
    "en",
    "total",
    "scale",
    "notes",
    "groups",
    "kinds",
    "standards",
)
_STANDARD_KEYS = (
    "id",
    "name",
    "kind",
    "aspect",
    "points",
    "formula",
    "better",
    "target",
    "rule",
    "steps",
    "deduct",
    "checklist",
    "note",
    "source",
)
_GROUP_KEYS = ("id", "zh", "en", "weight", "budget")
_KIND_KEYS = ("id", "group", "zh", "en", "aliases", "aspects")
_ASPECT_KEYS = ("id", "zh", "en", "aliases")


@lru_cache(maxsize=1)
def framework_dir() -> FsPath:
    """Where the shipped frameworks are: inside the wheel, or the checkout."""
    here = FsPath(__file__).resolve().parent.parent  # the package, perfeval/
    packaged = here / "_indicators"
    if packaged.is_dir():
        return packaged
    return here.parent / "indicators"


def framework_names() -> list[str]:
    """Names of the shipped frameworks, sorted."""
    return list(_shipped_names())


@lru_cache(maxsize=1)
def _shipped_names() -> tuple[str, ...]:
    return tuple(sorted(p.stem for p in framework_dir().glob("*.yaml")))


def get_framework(
    name_or_path: str, base: FsPath | None = None, *, allow_outside: bool = True
) -> Framework:
    """A framework by shipped name (``mof-2020-project``) or by file path.

    A path is taken relative to ``base`` (the scorecard's folder; default the
    current folder) when it is not absolute. With ``allow_outside=False`` (how
    cards are loaded) a path whose target, symbolic links followed, lies
    outside ``base`` is refused. Raises :class:`ScorecardError` for an unknown
    name, a path outside, or a file that is not a valid framework.
    """
    from ._files import display_path

    if name_or_path in _shipped_names():
        return _shipped(name_or_path)
    shown = quote(display_path(name_or_path))
    if name_or_path.endswith((".yaml", ".yml")) or "/" in name_or_path or "\\" in name_or_path:
        try:
            root = (base if base is not None else FsPath.cwd()).resolve()
            path = (root / name_or_path).resolve()  # an absolute path replaces root
        except (OSError, RuntimeError, ValueError) as exc:  # a link loop, a NUL byte
            reason = "a symbolic link loop" if isinstance(exc, RuntimeError) else str(exc)
            raise ScorecardError.single(
                (), f"'{shown}': cannot read framework file: {reason}"
            ) from None
        if not allow_outside and not path.is_relative_to(root):
            raise ScorecardError.single(
                (),
                f"the framework path '{shown}' leads outside the card's folder; "
                "a card may only use a framework file in its own folder or below it, unless "
                "this is allowed (the option --allow-framework-outside, the environment "
                f"variable {ALLOW_OUTSIDE_ENV}=1, or allow_framework_outside=True)",
            )
        return _load_cached(str(path))
    names = framework_names()
    raise ScorecardError.single(
        (),
        f"unknown framework '{shown}'{did_you_mean(name_or_path, names)}; "
        f"shipped: {', '.join(names)}; or give the path of a framework file",
    )


@cache  # as many as are shipped
def _shipped(name: str) -> Framework:
    """A shipped framework by name: found on disk and read once a process."""
    return _load_cached(str(framework_dir() / f"{name}.yaml"))


@lru_cache(maxsize=64)
def _load_cached(path: str) -> Framework:
    return load_framework(path)


def load_framework(path: str | FsPath) -> Framework:
    """Read and validate a framework file; every problem is reported.

    A file without a top-level ``perfeval-framework:`` key is refused with one
    message that quotes nothing of it: an error must never become a way to
    read a file that is not perfeval's.
    """
    from ._files import display_path

    source = display_path(path)
    text = _yaml.read_text(os.fspath(path), "framework file")
    if _SIGNATURE.search(text) is None:
        raise ScorecardError.single(
            (),
            "not a perfeval framework: no 'perfeval-framework:' key (a framework file "
            "starts with perfeval-framework: 1); nothing of the file is shown",
            Location(source),
        )
    doc = _yaml.document(text, source)
    check = Checker.located(doc)
    framework = _build(check, doc.data, source)
    check.raise_if_any()
    assert framework is not None
    return framework


def _names(check: Checker, path: tuple[Any, ...], raw: dict[str, Any]) -> tuple[str, str]:
    zh = check.text((*path, "zh"), raw.get("zh", MISSING)) if "zh" in raw else None
    en = check.text((*path, "en"), raw.get("en", MISSING)) if "en" in raw else None
    ident = str(raw.get("id", ""))
    return zh or en or ident, en or zh or ident


def _aliases(check: Checker, path: tuple[Any, ...], raw: dict[str, Any]) -> list[str]:
    if "aliases" not in raw:
        return []
    items = check.sequence((*path, "aliases"), raw["aliases"], "a list of names")
    out = []
    for i, item in enumerate(items or []):
        text = check.text((*path, "aliases", i), item)
        if text:
            out.append(text)
    return out


def _build(check: Checker, data: Any, source: str) -> Framework | None:
    top = check.mapping(
        (),
        data,
        _TOP_KEYS,
        ("perfeval-framework", "id", "total", "groups", "kinds"),
        "a framework mapping",
    )
    if top is None:
        return None
    if "perfeval-framework" in top and top["perfeval-framework"] != 1:
        check.fail(
            ("perfeval-framework",),
            f"expected the format version 1; found {top['perfeval-framework']}",
        )
    ident = check.identifier(("id",), top.get("id", ""), _ID) if "id" in top else None
    total = check.number(("total",), top["total"], above=Decimal(0)) if "total" in top else None
    scale = "mof-2020"
    if "scale" in top:
        scale = check.text(("scale",), top["scale"]) or scale
        if scale not in BUILTIN_SCALES:
            check.fail(
                ("scale",), f"unknown scale '{quote(scale)}'{did_you_mean(scale, BUILTIN_SCALES)}"
            )
    groups = _groups(check, top.get("groups", []))
    group_ids = {g.id for g in groups}
    kinds, aliases = _kinds(check, top.get("kinds", []), group_ids)
    if total is not None and groups:
        found = sum((g.weight for g in groups), Decimal(0))
        if found != total:
            check.fail(
                ("groups",), f"the group weights add up to {found}, expected the total {total}"
            )
    if sum(g.budget for g in groups) > 1:
        check.fail(("groups",), "at most one group can be the budget group")
    standards = _standards(check, top.get("standards", []), aliases)
    if check.problems or ident is None or total is None:
        return None
    zh, en = _names(check, (), top)
    notes = top.get("notes", "")
    return Framework(
        id=ident,
        zh=zh,
        en=en,
        total=total,
        groups=groups,
        kinds=kinds,
        aliases=aliases,
        scale=scale,
        source=source,
        notes=str(notes or ""),
        standards=standards,
    )


def _groups(check: Checker, raw_groups: Any) -> list[Group]:
    out: list[Group] = []
    for i, raw in enumerate(check.sequence(("groups",), raw_groups) or []):
        path = ("groups", i)
        item = check.mapping(path, raw, _GROUP_KEYS, ("id", "weight"))
        if item is None:
            continue
        ident = check.identifier((*path, "id"), item.get("id", ""), _ID)
        weight = check.number((*path, "weight"), item.get("weight"), minimum=Decimal(0))
        budget = check.boolean((*path, "budget"), item["budget"]) if "budget" in item else False
        if ident is None or weight is None:
            continue
        if any(g.id == ident for g in out):
            check.fail((*path, "id"), f"the group id '{ident}' is used twice")
        zh, en = _names(check, path, item)
        out.append(Group(id=ident, zh=zh, en=en, weight=weight, budget=bool(budget)))
    return out


def _kinds(
    check: Checker, raw_kinds: Any, group_ids: set[str]
) -> tuple[list[Kind], dict[str, tuple[str, str | None]]]:
    kinds: list[Kind] = []
    aliases: dict[str, tuple[str, str | None]] = {}

    def alias(path: tuple[Any, ...], name: str, target: tuple[str, str | None]) -> None:
        key = name.strip().lower()
        if aliases.get(key, target) != target:
            check.fail(path, f"the name '{name}' already means another kind")
        aliases[key] = target

    for i, raw in enumerate(check.sequence(("kinds",), raw_kinds) or []):
        path = ("kinds", i)
        item = check.mapping(path, raw, _KIND_KEYS, ("id", "group"))
        if item is None:
            continue
        ident = check.identifier((*path, "id"), item.get("id", ""), _ID)
        group = check.text((*path, "group"), item.get("group", ""))
        if group is not None and group not in group_ids:
            check.fail(
                (*path, "group"), f"unknown group '{quote(group)}'{did_you_mean(group, group_ids)}"
            )
        if ident is None or group is None:
            continue
        zh, en = _names(check, path, item)
        aspects: list[Aspect] = []
        for j, raw_aspect in enumerate(
            check.sequence((*path, "aspects"), item.get("aspects", [])) or []
        ):
            apath = (*path, "aspects", j)
            aitem = check.mapping(apath, raw_aspect, _ASPECT_KEYS, ("id",))
            if aitem is None:
                continue
            aid = check.identifier((*apath, "id"), aitem.get("id", ""), _ID)
            if aid is None:
                continue
            azh, aen = _names(check, apath, aitem)
            aspects.append(Aspect(id=aid, zh=azh, en=aen))
            for name in (f"{aid}-{ident}", azh, aen, *_aliases(check, apath, aitem)):
                alias(apath, name, (ident, aid))
                if not name.endswith("指标") and any("\u4e00" <= c <= "\u9fff" for c in name):
                    alias(apath, name + "指标", (ident, aid))
        kinds.append(Kind(id=ident, zh=zh, en=en, group=group, aspects=aspects))
        for name in (ident, zh, en, *_aliases(check, path, item)):
            alias(path, name, (ident, None))
    return kinds, aliases


def _standards(
    check: Checker, raw: Any, aliases: dict[str, tuple[str, str | None]]
) -> tuple[Any, ...]:
    """Standard indicators: checked for shape, kind and formula here; their
    targets and rule settings are checked where a card uses them."""
    from ..core._frozen import FrozenDict
    from ..core.errors import ExpressionError
    from ..core.units import DEFAULT_UNITS

    out = []
    seen: set[str] = set()
    for i, item in enumerate(check.sequence(("standards",), raw) or []):
        path = ("standards", i)
        data = check.mapping(path, item, _STANDARD_KEYS, ("id", "name", "kind"))
        if data is None or not {"id", "name", "kind"} <= data.keys():
            continue
        ident = check.identifier((*path, "id"), data["id"], _ID)
        name = check.text((*path, "name"), data["name"])
        kind = check.text((*path, "kind"), data["kind"])
        if kind is not None and kind.strip().lower() not in aliases and kind not in aliases:
            check.fail(
                (*path, "kind"), f"unknown kind '{quote(kind)}'{did_you_mean(kind, aliases)}"
            )
        if "points" in data:
            check.number((*path, "points"), data["points"], above=Decimal(0), what="points")
        if "better" in data and data["better"] not in ("higher", "lower"):
            check.fail((*path, "better"), f"expected higher or lower; found '{data['better']}'")
        if "formula" in data:
            formula = check.text((*path, "formula"), data["formula"])
            if formula is not None:
                from ..accounts.expressions import Parser  # (only a framework with formulas)

                try:
                    Parser(formula + " = 0", DEFAULT_UNITS, None).claim()
                except ExpressionError as exc:
                    check.fail((*path, "formula"), exc.render())
        if ident is None or name is None:
            continue
        for key in (ident, name):
            if key in seen:
                check.fail(path, f"the standard '{key}' is defined twice")
            seen.add(key)
        out.append(FrozenDict(data))
    return tuple(out)


def iter_frameworks() -> Iterator[Framework]:
    """Every shipped framework, loaded."""
    for name in framework_names():
        yield get_framework(name)


def framework_problems(path: str) -> list[Problem]:
    """The problems of a framework file (empty when it is valid)."""
    try:
        load_framework(path)
    except ScorecardError as exc:
        return list(exc.problems)
    return []


def _pickle_framework(framework: Framework) -> Any:
    """A shipped framework pickles by name (unpickled with :func:`get_framework`,
    so every card read in a worker shares the one the process read); others by
    value. Registered with copyreg here, where the shipped ones are known, so
    that the model needs no knowledge of the files frameworks come from."""
    if framework.source and FsPath(framework.source).parent == framework_dir():
        return (get_framework, (framework.id,))
    return framework.__reduce_ex__(2)


copyreg.pickle(Framework, _pickle_framework)
