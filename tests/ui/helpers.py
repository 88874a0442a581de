"""Small helpers the UI tests share: images on disk, drops, reading what the window shows."""

from __future__ import annotations

import json
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget

from studio.domain.models import GenerationRequest, JobState, ResultImage
from studio.engine.events import JobRecord


def make_image(path: Path, size: tuple[int, int] = (64, 48), color: str = "teal") -> Path:
    Image.new("RGB", size, color).save(path)
    return path


def drop_urls(target: QWidget, urls: list[QUrl]) -> None:
    """Simulate dragging `urls` from a file manager or browser and dropping them on `target`."""
    mime = QMimeData()
    mime.setUrls(urls)
    drop_mime(target, mime)


def drop_mime(target: QWidget, mime: QMimeData) -> None:
    center = target.rect().center()
    enter = QDragEnterEvent(
        QPointF(center),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted(), "the drop target refused the drag"
    drop = QDropEvent(
        QPointF(center),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(target, drop)


def embedded_request(path: str | Path) -> dict[str, object]:
    """The request a saved result carries in its `studio` PNG text chunk."""
    with Image.open(path) as image:
        studio = image.info.get("studio")
    assert studio, f"{path} carries no studio metadata"
    return dict(json.loads(studio)["request"])


def succeeded_record(job_id: str, created: float, images: int = 3) -> JobRecord:
    """A succeeded job with `images` images at /x/<job_id>-<n>.png (none of them on disk)."""
    request = GenerationRequest(provider="openai", model="gpt-image-2", prompt="p", count=images)
    results = tuple(
        ResultImage(index=i, url=None, path=f"/x/{job_id}-{i}.png") for i in range(images)
    )
    return JobRecord(
        id=job_id,
        created_at=created,
        updated_at=created,
        state=JobState.succeeded,
        request=request,
        results=results,
        files=tuple(r.path or "" for r in results),
    )
