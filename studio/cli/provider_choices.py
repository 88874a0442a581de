"""The catalog's provider ids as argparse choices, read from the catalog the first time argparse
looks at them (a value checked, a usage or help text, shell completion).

The window starts through `image-studio`'s parser, and importing the catalog (its models,
prices and their dataclasses) was a third of what the studio did before its first paint
(bench/README.md, start-up).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import overload


class ProviderIds(Sequence[str]):
    """`studio.domain.catalog.PROVIDER_IDS` less `without`, then `extra`."""

    def __init__(self, *, without: tuple[str, ...] = (), extra: tuple[str, ...] = ()) -> None:
        self._without, self._extra = without, extra
        self._ids: tuple[str, ...] | None = None

    def _all(self) -> tuple[str, ...]:
        if self._ids is None:
            from studio.domain.catalog import PROVIDER_IDS

            kept = tuple(p for p in PROVIDER_IDS if p not in self._without)
            self._ids = kept + self._extra
        return self._ids

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...
    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        return self._all()[index]

    def __len__(self) -> int:
        return len(self._all())

    def __contains__(self, value: object) -> bool:
        return value in self._all()

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __repr__(self) -> str:
        return repr(self._all())
