"""Grade scales (评价等级): half-open bands, highest first."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from types import MappingProxyType

import attrs

__all__ = ["BUILTIN_SCALES", "MOF_2020", "Band", "GradeScale", "ScaleError"]


class ScaleError(ValueError):
    """An inconsistent scale; the loader turns it into a located problem."""


def _strings(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


@attrs.frozen
class Band:
    """A grade and the lowest percentage that earns it (``min`` included).

    ``grade`` is the identifier (``excellent``), ``zh`` and ``en`` the labels,
    ``aliases`` other names that mean the same grade on a published form
    (优秀 for 优).
    """

    grade: str
    zh: str
    en: str
    min: Decimal
    aliases: tuple[str, ...] = attrs.field(default=(), converter=_strings)

    def names(self) -> frozenset[str]:
        """Every name of this grade, lower-cased, for matching a reported grade."""
        return frozenset(n.lower() for n in (self.grade, self.zh, self.en, *self.aliases))

    def label(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


def _bands(value: Iterable[Band]) -> tuple[Band, ...]:
    return tuple(value)


@attrs.frozen
class GradeScale:
    """Bands ordered by ``min``, highest first; the lowest starts at 0.

    A percentage p gets the first band with ``p >= min``: so with 优 at 90
    and 良 at 80, 89.99 is 良 and 90 is 优 (10号's 90(含)–100).
    """

    name: str
    bands: tuple[Band, ...] = attrs.field(converter=_bands)

    @classmethod
    def build(cls, name: str, bands: Iterable[Band]) -> GradeScale:
        """A scale, checked: strictly descending minimums from ≤100 down to 0.

        Raises :class:`ScaleError` naming the band at fault: unordered or
        overlapping bands, a gap below the lowest band, a duplicate grade.
        """
        bands = tuple(bands)
        if not bands:
            raise ScaleError("a scale needs at least one band")
        seen: set[str] = set()
        for i, band in enumerate(bands):
            if band.grade in seen:
                raise ScaleError(f"band {i} repeats the grade '{band.grade}'")
            seen.add(band.grade)
            if not Decimal(0) <= band.min <= Decimal(100):
                raise ScaleError(f"band {i} ('{band.grade}') has min {band.min}; expected 0 to 100")
            if i and band.min >= bands[i - 1].min:
                raise ScaleError(
                    f"band {i} ('{band.grade}', min {band.min}) overlaps or is out of order: "
                    f"bands go from the highest min down, and the band before it starts at "
                    f"{bands[i - 1].min}"
                )
        if bands[-1].min != 0:
            raise ScaleError(
                f"the lowest band ('{bands[-1].grade}') starts at {bands[-1].min}, leaving "
                f"scores below it without a grade; its min must be 0"
            )
        return cls(name, bands)

    def grade(self, percent: Decimal) -> Band:
        """The band a percentage of the maximum falls in."""
        for band in self.bands:
            if percent >= band.min:
                return band
        return self.bands[-1]

    def find(self, name: str) -> Band | None:
        """The band a grade name denotes (any alias, any case), or None."""
        key = name.strip().lower()
        for band in self.bands:
            if key in band.names():
                return band
        return None


MOF_2020 = GradeScale.build(
    "mof-2020",
    [
        Band("excellent", "优", "Excellent", Decimal(90), ("优秀",)),
        Band("good", "良", "Good", Decimal(80), ("良好",)),
        Band("fair", "中", "Fair", Decimal(60), ("中等", "合格", "一般")),
        Band("poor", "差", "Poor", Decimal(0), ("较差", "不合格")),
    ],
)

# US OMB PART ratings; the cut-offs 85/70/50 are recalled, not seen (see
# docs/reference/scoring-methodology.md §3). "Results Not Demonstrated" is
# not a score band and is therefore not part of the scale.
OMB_PART = GradeScale.build(
    "omb-part",
    [
        Band("effective", "有效", "Effective", Decimal(85)),
        Band("moderately-effective", "较有效", "Moderately Effective", Decimal(70)),
        Band("adequate", "尚可", "Adequate", Decimal(50)),
        Band("ineffective", "无效", "Ineffective", Decimal(0)),
    ],
)

BUILTIN_SCALES: Mapping[str, GradeScale] = MappingProxyType(
    {MOF_2020.name: MOF_2020, OMB_PART.name: OMB_PART}
)
