"""One studio at a time: a second `image-studio FILE` hands the file to the running window (which
offers to reuse it) and exits; a socket a killed studio left behind does not stop the next one;
only a caller with the running studio's token is heard."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from PIL.PngImagePlugin import PngInfo
from PySide6.QtCore import QByteArray
from PySide6.QtNetwork import QLocalSocket

from studio.ui.shell import instance_client
from studio.ui.shell.instance_client import hand_over, instance_address, socket_path
from studio.ui.shell.single_instance import StudioServer

ROOT = Path(__file__).resolve().parents[3]
PROMPT = "a lighthouse in a storm, oil painting"
#: How long a studio may take to show its window on a busy test machine (s).
START_SECONDS = 60


def image_with_prompt(path: Path) -> Path:
    info = PngInfo()
    info.add_text("parameters", f"{PROMPT}\nSteps: 20, Sampler: Euler a, Size: 512x512")
    Image.new("RGB", (64, 64), "navy").save(path, pnginfo=info)
    return path


class Studio:
    """A real `python -m studio` process with its layout report (what its window shows)."""

    def __init__(self, tmp: Path, name: str, *args: str) -> None:
        self.layout = tmp / f"{name}.json"
        env = dict(os.environ)
        env.update(
            QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
            STUDIO_AUTOTEST_LAYOUT=str(self.layout),
            PYTHONPATH=str(ROOT),
        )
        self.process = subprocess.Popen(
            [sys.executable, "-m", "studio", *args],
            env=env,
            cwd=tmp,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def report(self) -> dict[str, object] | None:
        try:
            return dict(json.loads(self.layout.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            return None

    def wait_for(self, what: str, test: object = None, seconds: float = START_SECONDS) -> object:
        """The report's `what` once it is there (and passes `test`), while the process lives."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            report = self.report()
            value = report.get(what) if report else None
            if report is not None and (test(value) if callable(test) else value is not None):
                return value
            assert self.process.poll() is None, self.process.communicate()
            time.sleep(0.1)
        raise AssertionError(f"{what} not shown within {seconds} s: {self.report()}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.communicate()


@pytest.fixture
def studios(isolated_home: Path, tmp_path: Path) -> Iterator[list[Studio]]:
    started: list[Studio] = []
    yield started
    for studio in started:
        studio.stop()


def second_studio(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "studio", *args],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


def socket_file() -> Path:
    return Path(socket_path(instance_address()))


def offered(value: object) -> bool:
    return isinstance(value, dict) and PROMPT in str(value.get("text"))


def test_a_second_studio_hands_its_file_to_the_first_and_exits(
    studios: list[Studio], tmp_path: Path
) -> None:
    first = Studio(tmp_path, "first", "--demo")
    studios.append(first)
    first.wait_for("window")
    assert first.report()["offer"] is None  # type: ignore[index]
    image = image_with_prompt(tmp_path / "storm.png")

    started = time.monotonic()
    second = second_studio(tmp_path, image.name)  # relative: the first works elsewhere
    elapsed = time.monotonic() - started

    assert second.returncode == 0, second.stderr
    assert elapsed < 10, f"the second studio took {elapsed:.1f} s to hand over"
    offer = first.wait_for("offer", offered, seconds=20)
    assert offer["buttons"] == ["reuse", "reference"]  # type: ignore[index]
    assert first.process.poll() is None  # the first studio stays open


def test_a_socket_left_by_a_killed_studio_does_not_stop_the_next(
    studios: list[Studio], tmp_path: Path
) -> None:
    killed = Studio(tmp_path, "killed", "--demo")
    studios.append(killed)
    killed.wait_for("window")
    killed.process.send_signal(signal.SIGKILL)
    killed.process.wait()
    if sys.platform != "win32":  # the socket file a killed studio leaves behind
        assert socket_file().exists()
    image = image_with_prompt(tmp_path / "storm.png")

    # The next studio, given a file, cannot hand it over: it opens its own window with it...
    next_one = Studio(tmp_path, "next", "--demo", str(image))
    studios.append(next_one)
    next_one.wait_for("offer", offered)
    # ...and listens in the killed one's place: a third hands over to it.
    third = second_studio(tmp_path)
    assert third.returncode == 0, third.stderr
    assert next_one.process.poll() is None


def test_a_caller_without_the_token_is_not_heard(isolated_home: Path, qtbot) -> None:
    server = StudioServer()
    assert server.listen()
    received: list[list[str]] = []
    server.files_received.connect(received.append)
    try:
        intruder = QLocalSocket()
        intruder.connectToServer(server.address)
        assert intruder.waitForConnected(1000)
        message = {"token": "guessed", "files": ["/tmp/payload.png"]}
        intruder.write(QByteArray(json.dumps(message).encode() + b"\n"))
        intruder.flush()
        qtbot.waitUntil(lambda: intruder.state() == QLocalSocket.LocalSocketState.UnconnectedState)
        assert received == []
        assert intruder.readAll().data() == b""  # no "ok"
    finally:
        server.close()


def test_the_socket_and_token_are_this_users_only(isolated_home: Path, tmp_path: Path) -> None:
    server = StudioServer()
    assert server.listen()
    try:
        token = isolated_home / ".local/share/image-studio" / instance_client.TOKEN_FILE
        assert token.stat().st_mode & 0o077 == 0
        if sys.platform != "win32":
            assert socket_file().stat().st_mode & 0o077 == 0
    finally:
        server.close()


def test_two_data_folders_have_two_studios(tmp_path: Path) -> None:
    assert instance_address(tmp_path / "a") != instance_address(tmp_path / "b")
    assert instance_address(tmp_path / "a") == instance_address(tmp_path / "a")


def test_with_no_studio_open_nothing_is_handed_over(isolated_home: Path) -> None:
    assert hand_over(["/tmp/x.png"]) is False
