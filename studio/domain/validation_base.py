"""The refusal every check raises: an InvalidRequest built from a translatable template."""

from __future__ import annotations

from studio.domain.errors import InvalidRequest


class Refusal(InvalidRequest):
    """An InvalidRequest built from a translatable template."""

    def __init__(self, template: str, *, field: str | None = None, **params: object) -> None:
        super().__init__(template.format(**params), field=field)
        self.template = template
        self.params = params
