"""Reading the row's kind (二级指标) and aspect, and a framework standard it names."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from ...core.errors import Path, quote
from ...core.model import Framework
from .._check import did_you_mean
from .base import INDICATOR_KEYS, Part, _scaled


class KindPart(Part):
    """Reads the row's kind (二级指标) and aspect."""

    def kind(
        self, path: Path, item: dict[str, Any], framework: Framework
    ) -> tuple[str, str | None] | None:
        check = self.check
        if "kind" not in item:
            return None
        name = check.text((*path, "kind"), item["kind"])
        if name is None:
            return None
        resolved = framework.resolve_kind(name)
        if resolved is None:
            names = sorted({k.id for k in framework.kinds} | set(framework.aliases))
            check.fail(
                (*path, "kind"),
                f"unknown kind '{quote(name)}'{did_you_mean(name, names)}; "
                f"framework {framework.id} has: "
                f"{', '.join(k.id for k in framework.kinds)}",
            )
            return None
        kind_id, aspect = resolved
        kind = framework.kind(kind_id)
        assert kind is not None
        if "aspect" in item:
            aspect_name = check.text((*path, "aspect"), item["aspect"])
            if aspect_name is None:
                return None
            if not kind.aspects:
                check.fail((*path, "aspect"), f"kind '{kind.id}' has no aspects; remove 'aspect'")
                return None
            found = framework.resolve_kind(aspect_name)
            by_id = kind.aspect(aspect_name)
            if by_id is not None:
                found = (kind.id, by_id.id)
            if found is None or found[0] != kind.id or found[1] is None:
                aspect_ids = [a.id for a in kind.aspects]
                check.fail(
                    (*path, "aspect"),
                    f"unknown aspect '{quote(aspect_name)}'"
                    f"{did_you_mean(aspect_name, aspect_ids)}; expected one of: "
                    f"{', '.join(aspect_ids)}",
                )
                return None
            if aspect is not None and aspect != found[1]:
                check.fail(
                    (*path, "aspect"),
                    f"the kind '{name}' already says the aspect "
                    f"'{aspect}'; remove 'aspect' or make them agree",
                )
                return None
            aspect = found[1]
        if kind.aspects and aspect is None:
            choices = ", ".join(a.id for a in kind.aspects)
            check.fail(
                (*path, "aspect"),
                f"kind '{kind.id}' needs an aspect: one of {choices} "
                f"(or write kind: {kind.aspects[0].id}-{kind.id})",
                at=(*path, "kind"),
            )
            return None
        return kind_id, aspect

    def standard(
        self, path: Path, raw: Mapping[str, Any], framework: Framework
    ) -> dict[str, Any] | None:
        """The indicator with the framework's standard filled in under it:
        whatever the card gives itself wins."""
        name = self.check.text((*path, "standard"), raw["standard"])
        if name is None:
            return None
        found = framework.standard(name)
        if found is None:
            names = [s["id"] for s in framework.standards]
            self.check.fail(
                (*path, "standard"),
                f"framework {framework.id} has no standard "
                f"indicator '{name}'{did_you_mean(name, names)}",
            )
            return None
        merged = {k: v for k, v in found.items() if k in INDICATOR_KEYS and k != "standard"}
        if "weight" not in merged and "points" in found:
            merged["weight"] = found["points"]
        if "points" in found and "weight" in raw:
            # The standard's settings are written for its own points: a card
            # that gives the row other points gets them scaled alike.
            try:
                factor = Decimal(str(raw["weight"]).rstrip("%")) / Decimal(str(found["points"]))
            except (ArithmeticError, ValueError):
                factor = Decimal(1)  # a bad weight is reported where it is read
            if factor != 1:
                for key in ("steps", "deduct", "checklist"):
                    if key in merged and key not in raw:
                        merged[key] = _scaled(merged[key], factor)
        if "id" not in raw:
            merged["id"] = found["id"]
        merged.update({k: v for k, v in raw.items() if k != "standard"})
        merged["_standard"] = found["id"]
        return merged
