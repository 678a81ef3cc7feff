"""An immutable, hashable, picklable mapping for the frozen model classes.

``types.MappingProxyType`` cannot be pickled, and results cross process
boundaries in ``score_many(jobs=N)`` and ``perfeval batch --jobs N``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any, TypeVar

__all__ = ["FrozenDict"]

K = TypeVar("K")
V = TypeVar("V")


class FrozenDict(Mapping[K, V]):
    """A read-only dict: no method changes it after it is made."""

    # ``get`` is the dict's own method, bound per instance: lookups in units
    # and aliases are on the loader's hot path, and a Python method costs ~3×.
    __slots__ = ("_data", "_hash", "get")

    def __init__(self, data: Mapping[K, V] | Iterable[tuple[K, V]] = ()) -> None:
        self._data: dict[K, V] = dict(data)
        self._hash: int | None = None
        self.get = self._data.get  # type: ignore[method-assign]

    def __getitem__(self, key: K) -> V:
        return self._data[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(frozenset(self._data.items()))
        return self._hash

    def __repr__(self) -> str:
        return f"FrozenDict({self._data!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (FrozenDict, (self._data,))
