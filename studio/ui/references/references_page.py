"""Settings → References: the user's S3-compatible bucket for local reference pictures.

Endpoint, region, bucket and prefix, the access key id and the link lifetime are settings; the
secret access key goes to the OS keyring ("s3") only. **Test** writes a tiny object, reads it
back through a presigned link and deletes it, on the engine's thread, and says plainly what
failed: the key, the bucket, the clock or the network.
"""

from __future__ import annotations

import asyncio
import os

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from studio.domain.errors import InvalidRequest, RefHostingFailed
from studio.domain.refhost import KEYRING_NAME, RefBucket, make_bucket
from studio.keys import KeyStore
from studio.settings import Settings
from studio.ui.kit.engine_api import EngineApi
from studio.ui.kit.palette import error_color, muted_color, set_text_color
from studio.ui.kit.plain import plain_label
from studio.ui.references import PAGE

__all__ = ["PAGE", "ReferencesPage"]


class ReferencesPage(QWidget):
    """The bucket's fields, the secret (keyring) and the Test button with its answer."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("referencesPage")
        self.intro = QLabel(
            self.tr(
                "JoyAI and GPTImage2.ai take reference pictures only as links. With a bucket of "
                "your own (AWS S3, Cloudflare R2, Backblaze B2, MinIO, Wasabi…), a local photo "
                "is uploaded there and sent as a link that expires; it is deleted when the job "
                "ends."
            ),
            self,
        )
        self.intro.setWordWrap(True)
        set_text_color(self.intro, muted_color(self.palette()))
        self.endpoint = self._edit("refEndpoint", settings.ref_endpoint, "https://s3.example.com")
        self.region = self._edit("refRegion", settings.ref_region, "us-east-1")
        self.bucket = self._edit("refBucket", settings.ref_bucket, "s3://bucket/prefix")
        self.key_id = self._edit("refKeyId", settings.ref_key_id, "AKIA…")
        self.secret = self._edit("refSecret", "", self.tr("stored in the system keyring"))
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.show_secret = QCheckBox(self.tr("Show"), self)
        self.show_secret.toggled.connect(
            lambda on: self.secret.setEchoMode(
                QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password
            )
        )
        self.lifetime = QSpinBox(self)
        self.lifetime.setObjectName("refLifetime")
        self.lifetime.setRange(5, 7 * 24 * 60)
        self.lifetime.setSuffix(self.tr(" min"))
        self.lifetime.setValue(int(settings.ref_link_minutes))
        self.test_button = QPushButton(self.tr("Test"), self)
        self.test_button.setObjectName("refTest")
        self.result = plain_label(QLabel(self))
        self.result.setObjectName("refTestResult")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        secret_row = QHBoxLayout()
        secret_row.addWidget(self.secret, 1)
        secret_row.addWidget(self.show_secret)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.result, 1)
        form = QFormLayout(self)
        form.addRow(self.intro)
        form.addRow(self.tr("Endpoint"), self.endpoint)
        form.addRow(self.tr("Region"), self.region)
        form.addRow(self.tr("Bucket and prefix"), self.bucket)
        form.addRow(self.tr("Access key ID"), self.key_id)
        form.addRow(self.tr("Secret access key"), secret_row)
        form.addRow(self.tr("Links expire after"), self.lifetime)
        form.addRow("", test_row)
        if os.environ.get("AWS_ACCESS_KEY_ID") and os.environ.get("AWS_SECRET_ACCESS_KEY"):
            note = QLabel(
                self.tr(
                    "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are set in the environment; "
                    "they are used instead of the key stored here."
                ),
                self,
            )
            note.setWordWrap(True)
            set_text_color(note, muted_color(self.palette()))
            form.addRow("", note)

    def _edit(self, name: str, text: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit(text, self)
        edit.setObjectName(name)
        edit.setPlaceholderText(placeholder)
        edit.setClearButtonEnabled(True)
        return edit

    # -- reading the form ---------------------------------------------------------------------
    def apply_to(self, settings: Settings) -> None:
        """Write the fields into `settings`; InvalidRequest if the bucket cannot be used."""
        settings.ref_endpoint = self.endpoint.text().strip()
        settings.ref_region = self.region.text().strip()
        settings.ref_bucket = self.bucket.text().strip()
        settings.ref_key_id = self.key_id.text().strip()
        settings.ref_link_minutes = self.lifetime.value()
        if settings.ref_bucket or settings.ref_endpoint:
            self.bucket_of(settings)

    def bucket_of(self, settings: Settings) -> RefBucket:
        if not (settings.ref_bucket and settings.ref_endpoint):
            raise InvalidRequest(self.tr("Enter the endpoint and the bucket (s3://bucket/prefix)."))
        return make_bucket(
            settings.ref_bucket,
            endpoint=settings.ref_endpoint,
            region=settings.ref_region,
            link_seconds=settings.ref_link_minutes * 60,
        )

    async def save_secret(self, keys: KeyStore) -> None:
        """A typed secret goes to the keyring (an empty field keeps the stored one)."""
        typed = self.secret.text().strip()
        if typed:
            await asyncio.to_thread(keys.set, KEYRING_NAME, typed)

    # -- Test ---------------------------------------------------------------------------------
    async def test(self, engine: EngineApi, settings: Settings) -> bool:
        """Run the Test on the engine's thread; True when the bucket works."""
        self.test_button.setEnabled(False)
        self.show_result(self.tr("Testing…"), ok=True)
        try:
            self.apply_to(settings)
            bucket = self.bucket_of(settings)
            typed = self.secret.text().strip() or None
            await engine.check_ref_bucket(bucket, settings.ref_key_id or None, typed)
        except RefHostingFailed as error:
            self.show_result(self.failure_text(error.reason), ok=False)
            return False
        except InvalidRequest as error:
            self.show_result(error.message, ok=False)
            return False
        finally:
            self.test_button.setEnabled(True)
        self.show_result(
            self.tr("Works: a test object was written, read back through a link and deleted."),
            ok=True,
        )
        return True

    def failure_text(self, reason: str) -> str:
        texts = {
            "credentials": self.tr(
                "The bucket refused the access key: check the key ID and the secret, and that "
                "the key may write to this bucket."
            ),
            "bucket": self.tr(
                "The bucket was not found at this endpoint: check its name, the endpoint and "
                "the region."
            ),
            "clock": self.tr(
                "This computer's clock is too far off for the bucket to accept signed requests: "
                "set the clock right (automatic time)."
            ),
            "network": self.tr(
                "The endpoint cannot be reached: check the address and the network."
            ),
        }
        return texts.get(
            reason,
            self.tr(
                "The bucket accepted the object, but it could not be read back through its link."
            ),
        )

    def show_result(self, text: str, *, ok: bool) -> None:
        self.result.setText(text)
        set_text_color(self.result, None if ok else error_color(self.palette()))
