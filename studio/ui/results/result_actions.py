"""What can be done with a saved result, and the blocking parts of it, run on worker threads."""

from __future__ import annotations

import io
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QImage, QKeySequence

if TYPE_CHECKING:
    from PySide6.QtCore import QMimeData


class ResultAction(StrEnum):
    """A command on one gallery result; the gallery menu and the details panel share them."""

    view = "view"
    open = "open"
    save_as = "save_as"
    export_clean = "export_without_metadata"
    copy_image = "copy_image"
    copy_prompt = "copy_prompt"
    show_in_folder = "show_in_folder"
    use_as_reference = "use_as_reference"
    reuse_settings = "reuse_settings"
    delete = "delete"


_TEXTS = {
    ResultAction.view: QT_TRANSLATE_NOOP("studio.results", "View"),
    ResultAction.open: QT_TRANSLATE_NOOP("studio.results", "Open in another app"),
    ResultAction.save_as: QT_TRANSLATE_NOOP("studio.results", "Save as…"),
    ResultAction.export_clean: QT_TRANSLATE_NOOP("studio.results", "Export without metadata…"),
    ResultAction.copy_image: QT_TRANSLATE_NOOP("studio.results", "Copy image"),
    ResultAction.copy_prompt: QT_TRANSLATE_NOOP("studio.results", "Copy prompt"),
    ResultAction.show_in_folder: QT_TRANSLATE_NOOP("studio.results", "Show in folder"),
    ResultAction.use_as_reference: QT_TRANSLATE_NOOP("studio.results", "Use as reference"),
    ResultAction.reuse_settings: QT_TRANSLATE_NOOP("studio.results", "Reuse prompt and settings"),
    ResultAction.delete: QT_TRANSLATE_NOOP("studio.results", "Delete"),
}


def action_text(action: ResultAction) -> str:
    return QCoreApplication.translate("studio.results", str(_TEXTS[action]))


def action_shortcut(action: ResultAction) -> QKeySequence:
    keys = {
        # Enter and double-click view a result too (the view's `activated`); Ctrl+O is the
        # window's "Open image…", which would otherwise be an ambiguous shortcut here.
        ResultAction.view: QKeySequence(Qt.Key.Key_Space),
        ResultAction.open: QKeySequence(),
        ResultAction.save_as: QKeySequence(QKeySequence.StandardKey.Save),
        ResultAction.export_clean: QKeySequence("Ctrl+Shift+E"),
        ResultAction.copy_image: QKeySequence(QKeySequence.StandardKey.Copy),
        ResultAction.copy_prompt: QKeySequence("Ctrl+Shift+C"),
        ResultAction.show_in_folder: QKeySequence("Ctrl+Shift+O"),
        ResultAction.use_as_reference: QKeySequence("Ctrl+Shift+R"),
        ResultAction.reuse_settings: QKeySequence("Ctrl+R"),
        ResultAction.delete: QKeySequence(QKeySequence.StandardKey.Delete),
    }
    return keys[action]


#: Formats "Save as" offers: name -> (Pillow format, suffix).
SAVE_FORMATS = {"PNG": ("PNG", ".png"), "JPEG": ("JPEG", ".jpg"), "WebP": ("WEBP", ".webp")}


def format_of_suffix(path: str) -> str | None:
    """The format a file name's extension names, or None for none we save."""
    suffix = Path(path).suffix.lower()
    for name, (_, ext) in SAVE_FORMATS.items():
        if suffix == ext or (name == "JPEG" and suffix == ".jpeg"):
            return name
    return None


def format_for_suffix(path: str) -> str:
    return format_of_suffix(path) or "PNG"


def save_copy(source: str, target: str, format_name: str, *, strip: bool = False) -> str:
    """Write `source` to `target` in `format_name`, atomically. A copy keeps the embedded prompt
    and settings (a same-format copy is byte-identical, unless its references must lose their
    credentials first; a signed result's copy takes its XMP sidecar along); with `strip` it
    carries none of them (no text chunks, EXIF, XMP, comments or Content Credentials) but keeps
    the picture and its colour profile, and a same-format export keeps every pixel. Blocking:
    run in a worker thread."""
    pil_format, suffix = SAVE_FORMATS[format_name]
    destination = Path(target)
    if destination.suffix.lower() not in (suffix, ".jpeg" if pil_format == "JPEG" else suffix):
        destination = destination.with_suffix(suffix)
    # Here, on the worker thread: Pillow is not needed to show the window.
    from PIL import Image

    from studio.domain.provenance import scrub_studio_json
    from studio.engine.library import write_atomically
    from studio.imaging import metadata

    data = Path(source).read_bytes()
    with Image.open(io.BytesIO(data)) as image:
        converted = image.format != pil_format
        if converted:
            image.load()
            picture = image.convert("RGB") if pil_format == "JPEG" else image
            extra: dict[str, Any] = {}
            if icc := image.info.get("icc_profile"):
                extra["icc_profile"] = icc
            buffer = io.BytesIO()
            picture.save(buffer, pil_format, **extra)
            data = buffer.getvalue()
    if strip:
        data = metadata.strip_metadata(data)
    elif converted or not metadata.has_c2pa(data):
        found = metadata.read_texts(Path(source))
        texts = {k: v for k, v in (found.texts if found else {}).items() if k in metadata.KEYS}
        shared = {k: scrub_studio_json(v) if k == "studio" else v for k, v in texts.items()}
        if converted or shared != texts:  # files of earlier versions name references in full
            data = metadata.embed(metadata.strip_metadata(data), shared)
    # A reader never sees half a file; a failed write leaves what was there (the dialog asked
    # to replace it). A copy to share gets the usual 0644, not mkstemp's private 0600.
    write_atomically(destination, data, overwrite=True, mode=0o644)
    sidecar = metadata.sidecar_path(Path(source))
    if not strip and not converted and metadata.has_c2pa(data) and sidecar.is_file():
        # A signed copy keeps its signature; its texts travel in its own sidecar.
        write_atomically(
            metadata.sidecar_path(destination), sidecar.read_bytes(), overwrite=True, mode=0o644
        )
    return str(destination)


def carries_credentials(path: str) -> bool:
    """Whether the file carries Content Credentials (C2PA). Blocking: run in a worker thread."""
    from studio.imaging.containers import has_c2pa

    try:
        return has_c2pa(Path(path).read_bytes())
    except OSError:
        return False


def read_image(path: str) -> QImage:
    """Decode a full result for the clipboard. Blocking: run in a worker thread."""
    image = QImage(path)
    if image.isNull():
        raise OSError(f"{Path(path).name} cannot be read")
    return image


#: Marks a drag or copy that comes from the studio's own gallery (a result, not a foreign file).
RESULT_MIME = "application/x-image-studio-result"


def is_own_result(mime: QMimeData) -> bool:
    return mime.hasFormat(RESULT_MIME)
