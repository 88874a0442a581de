"""Marks text that the window shows for translation, without the domain importing Qt.

pyside6-lupdate finds calls by their name, so `QT_TRANSLATE_NOOP("context", "text")` here puts
"text" into the `.ts` files just as Qt's own macro does; the window translates it when it shows
it (`QCoreApplication.translate(context, text)`), and the command line keeps the English.
"""

from __future__ import annotations

from dataclasses import dataclass, field


def QT_TRANSLATE_NOOP(context: str, source: str) -> str:
    """Return `source` unchanged; only marks it for `pyside6-lupdate` under `context`."""
    del context
    return source


@dataclass(frozen=True, eq=True)
class Text:
    """A message built from a translatable template, for text made below the UI layer.

    `str()` gives the English (the command line, logs); the window translates `template` under
    `context` and formats it with `params`, translating any parameter that is a `Text` itself.
    """

    context: str
    template: str
    params: dict[str, object] = field(default_factory=dict, hash=False)

    def __str__(self) -> str:
        return self.template.format(**{k: str(v) for k, v in self.params.items()})
