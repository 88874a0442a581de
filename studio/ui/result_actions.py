"""What can be done with a saved result, and the blocking parts of it, run on worker threads."""

from __future__ import annotations

import shutil
from enum import StrEnum
from pathlib import Path
from typing import Any

from PIL import Image
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QImage, QKeySequence


class ResultAction(StrEnum):
    """A command on one gallery result; the gallery menu and the details panel share them."""

    open = "open"
    save_as = "save_as"
    copy_image = "copy_image"
    copy_prompt = "copy_prompt"
    show_in_folder = "show_in_folder"
    use_as_reference = "use_as_reference"
    reuse_settings = "reuse_settings"
    delete = "delete"


_TEXTS = {
    ResultAction.open: QT_TRANSLATE_NOOP("studio.results", "Open"),
    ResultAction.save_as: QT_TRANSLATE_NOOP("studio.results", "Save as…"),
    ResultAction.copy_image: QT_TRANSLATE_NOOP("studio.results", "Copy image"),
    ResultAction.copy_prompt: QT_TRANSLATE_NOOP("studio.results", "Copy prompt"),
    ResultAction.show_in_folder: QT_TRANSLATE_NOOP("studio.results", "Show in folder"),
    ResultAction.use_as_reference: QT_TRANSLATE_NOOP("studio.results", "Use as reference"),
    ResultAction.reuse_settings: QT_TRANSLATE_NOOP("studio.results", "Reuse settings"),
    ResultAction.delete: QT_TRANSLATE_NOOP("studio.results", "Delete…"),
}


def action_text(action: ResultAction) -> str:
    return QCoreApplication.translate("studio.results", str(_TEXTS[action]))


def action_shortcut(action: ResultAction) -> QKeySequence:
    keys = {
        ResultAction.open: QKeySequence(QKeySequence.StandardKey.Open),
        ResultAction.save_as: QKeySequence(QKeySequence.StandardKey.Save),
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


def format_for_suffix(path: str) -> str:
    suffix = Path(path).suffix.lower()
    for name, (_, ext) in SAVE_FORMATS.items():
        if suffix == ext or (name == "JPEG" and suffix == ".jpeg"):
            return name
    return "PNG"


def save_copy(source: str, target: str, format_name: str) -> str:
    """Write `source` to `target` in `format_name`; keeps the embedded prompt where the format
    allows (a same-format copy is byte-identical). Blocking: run in a worker thread."""
    pil_format, suffix = SAVE_FORMATS[format_name]
    destination = Path(target)
    if destination.suffix.lower() not in (suffix, ".jpeg" if pil_format == "JPEG" else suffix):
        destination = destination.with_suffix(suffix)
    with Image.open(source) as image:
        if image.format == pil_format:
            shutil.copyfile(source, destination)
            return str(destination)
        image.load()
        converted = image.convert("RGB") if pil_format == "JPEG" else image
        extra: dict[str, Any] = {}
        comment = image.info.get("parameters")
        if pil_format == "PNG":
            from PIL.PngImagePlugin import PngInfo

            info = PngInfo()
            for key in ("parameters", "studio"):
                if key in image.info:
                    info.add_text(key, str(image.info[key]))
            extra["pnginfo"] = info
        elif comment and pil_format == "JPEG":
            extra["comment"] = str(comment).encode("utf-8")
        converted.save(destination, pil_format, **extra)
    return str(destination)


def read_image(path: str) -> QImage:
    """Decode a full result for the clipboard. Blocking: run in a worker thread."""
    image = QImage(path)
    if image.isNull():
        raise OSError(f"{Path(path).name} cannot be read")
    return image
