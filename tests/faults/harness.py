"""The kill -9 fault matrix: one emulator on loopback, then per cell a real `image-studio
generate` killed by SIGKILL at a named crash point (STUDIO_CRASH_AT, see
studio.engine.crashpoints), one or two `image-studio resume`, and the promise checked from the
outside: the emulator's count of creates, the files on disk, the journal, every byte under the
cell's folders.

Used by tests/faults/test_matrix.py (one test per cell) and tests/faults/report.py (the table in
docs/RELIABILITY.md).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
#: How long an emulated task runs: long enough for two polls at IMAGE_STUDIO_POLL_INTERVAL, also
#: on a loaded machine (at 0.15 s, under a load average of 12 on 2 cores, the first poll came
#: after the task had ended, so poll@2 was never reached).
TASK_SECONDS = 0.3
POLL_INTERVAL = "0.05"
#: Old failed jobs put straight into the journal of the "large history" cells.
HISTORY_JOBS = 20_000
#: Seconds between the starts of two concurrent `resume` processes (as in issue #15, item 2).
RESUME_STAGGER = 0.1
PROMPT = "fault matrix cell"
#: Tries at arranging a `paused` cell's interleaving before the harness gives up on it.
ATTEMPTS = 3
KEY_VARIABLES = (
    "JOYAI_API_KEY",
    "GPTIMAGE2_API_KEY",
    "ICODEEASY_API_KEY",
    "OPENAI_API_KEY",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
)
XDG = (
    ("XDG_CONFIG_HOME", ".config"),
    ("XDG_DATA_HOME", ".local/share"),
    ("XDG_CACHE_HOME", ".cache"),
    ("XDG_STATE_HOME", ".local/state"),
    ("XDG_PICTURES_DIR", "Pictures"),
)
#: The crash points after which the create may or may not have reached the provider: the
#: journal says `submitting` and no reply was spooled, so the only true outcome is `unknown`
#: (never sent again). From `sent` on, the reply is on disk (studio/engine/spool.py).
AMBIGUOUS = frozenset({"sending"})


@dataclass(frozen=True)
class Form:
    """One way the command line reaches a paid provider (a provider, its model, its protocol)."""

    label: str
    provider: str
    key_env: str
    model: str | None = None
    max_count: int = 1
    polls: bool = True  # an asynchronous task (task id, polls); else the reply has the images
    #: From this many images on, the create waits for them instead (no task to poll).
    sync_from: int | None = None
    inline: bool = False  # images arrive inside the reply (b64), not as links
    extra: tuple[str, ...] = ()
    #: A local photo goes through the user's bucket (moto on loopback) as a presigned link.
    hosted: bool = False

    def polls_for(self, count: int) -> bool:
        """Whether a job of `count` images is a task the studio polls."""
        return self.polls and (self.sync_from is None or count < self.sync_from)


#: Stands for `Emulator.reference_link()` in a form's options.
REFERENCE_LINK = "<a picture on the emulator>"
#: Every paid provider and model form the CLI can reach. icodeeasy sends n > 1 in its
#: synchronous form (a task reply carries one `result_url`; see
#: OpenAIImagesClient.waits_for_images): that reply lists the links, so those cells never poll.
FORMS = (
    Form(
        "joyai/joyai",
        "joyai",
        "JOYAI_API_KEY",
        model="joyai",
        extra=("--ref", REFERENCE_LINK),
    ),
    Form("joyai/gptimage2", "joyai", "JOYAI_API_KEY", model="gptimage2"),
    Form("gptimage2ai", "gptimage2ai", "GPTIMAGE2_API_KEY", max_count=4),
    Form("icodeeasy/async", "icodeeasy", "ICODEEASY_API_KEY", max_count=10, sync_from=2),
    Form("openai", "openai", "OPENAI_API_KEY", max_count=10, polls=False, inline=True),
    Form("joyai/joyai+bucket", "joyai", "JOYAI_API_KEY", model="joyai", hosted=True),
)


_S3: Any = None


def s3_server() -> Any:
    """moto's S3 server (tests/servers/s3.py), started once for the hosted form's cells."""
    global _S3
    if _S3 is None:
        from tests.servers.s3 import start

        _S3 = start()
    return _S3


def bucket_prefix(cell: Cell) -> str:
    """The cell's own prefix in the bucket (letters, digits, '-' and '_' only: moto checks the
    signature of a path with an escaped character otherwise than S3 does)."""
    return "matrix/" + re.sub(r"[^A-Za-z0-9_-]", "-", cell.id)


def hosted_args(cell: Cell, folder: Path) -> list[str]:
    """A local photo and the bucket it goes through, under a prefix of the cell's own."""
    from PIL import Image

    photo = folder / "photo.jpg"
    if not photo.exists():
        Image.new("RGB", (320, 240), (160, 90, 40)).save(photo, "JPEG")
    prefix = f"s3://refs/{bucket_prefix(cell)}"
    return ["--ref", str(photo), "--ref-bucket", prefix, "--ref-endpoint", s3_server().endpoint]


@dataclass(frozen=True)
class Cell:
    form: Form
    count: int
    point: str | None  # the crash point; None: no kill (a fault-only cell)
    nth: int = 1
    resumers: int = 1
    history: int = 0
    #: "", "no_keyring", "disk_full_library", "disk_full_journal", "disk_full_data_folder"
    fault: str = ""
    #: Two resumes, the second stopped (SIGSTOP) after it read the job list and before it
    #: claims, and continued once the first has finished: the interleaving of issue #15
    #: item 2, made certain instead of left to the scheduler.
    paused: bool = False

    @property
    def crash(self) -> str | None:
        return f"{self.point}@{self.nth}" if self.point else None

    @property
    def id(self) -> str:
        parts = [self.form.label, f"n{self.count}", self.crash or "no-kill"]
        if self.resumers > 1:
            parts.append(f"{self.resumers}resumes" + ("-paused" if self.paused else ""))
        if self.history:
            parts.append(f"history{self.history}")
        if self.fault:
            parts.append(self.fault)
        return "-".join(parts).replace("/", "_").replace("@", "at")

    @property
    def ambiguous(self) -> bool:
        return self.point in AMBIGUOUS


def kill_cells() -> list[Cell]:
    """Every form x n in {1, 2} (where the model allows) x every crash point it meets."""
    cells = []
    for form in FORMS:
        for count in (1, 2):
            if count > form.max_count:
                continue
            points: list[tuple[str, int]] = [
                ("journaled", 1),
                *([("uploaded", 1)] if form.hosted else []),
                ("sending", 1),
                ("sent", 1),
                ("task_recorded", 1),
            ]
            if form.polls_for(count):
                points += [("poll", 1), ("poll", 2)]
            per_image = ["download", "write", "saved"] + (["staged"] if form.inline else [])
            points += [(name, k) for name in per_image for k in range(1, count + 1)]
            cells += [Cell(form, count, name, k) for name, k in points]
    return cells


def concurrency_cells() -> list[Cell]:
    """Two `resume` processes at once: started 0.1 s apart; and over a large history, the
    second stopped between reading the job list and claiming (`paused`). Left to the
    scheduler, that interleaving shows up in some trials only (see docs/RELIABILITY.md);
    stopping the process makes it certain."""
    cells = []
    for form in FORMS:
        cells.append(Cell(form, 1, "journaled", resumers=2))
        for point in ("journaled", "download"):
            cells.append(Cell(form, 1, point, resumers=2, history=HISTORY_JOBS, paused=True))
    return cells


def fault_cells() -> list[Cell]:
    """No keyring backend (the key only in the environment, absent at the first resume), and
    a full disk (see `disk_full`)."""
    cells = []
    for form in FORMS:
        cells.append(Cell(form, 1, "journaled", fault="no_keyring"))
        if form.polls:
            cells.append(Cell(form, 1, "poll", fault="no_keyring"))
        else:
            cells.append(Cell(form, 1, "task_recorded", fault="no_keyring"))
    for form in (FORMS[2], FORMS[4]):  # one form with links, one with inline images
        cells.append(Cell(form, 2, None, fault="disk_full_library"))
    for form in (FORMS[1], FORMS[2]):  # the disk fills while the task runs
        cells.append(Cell(form, 1, None, fault="disk_full_journal"))
        cells.append(Cell(form, 1, None, fault="disk_full_data_folder"))
    return cells


def all_cells() -> list[Cell]:
    return kill_cells() + concurrency_cells() + fault_cells()


# -- the emulator ------------------------------------------------------------------------------


@dataclass
class Emulator:
    url: str
    state: Any  # studio.emulator.state.EmulatorState

    def base_url(self, provider: str) -> str:
        from studio.emulator import base_url_for

        return base_url_for(self.url, provider)

    def creates(self, key: str) -> int:
        """Paid create calls the emulator received with `key` (each cell has its own key)."""
        return int(self.state.create_calls(key=key))

    def reference_link(self) -> str:
        """A link to a picture on this emulator that stays valid all run: the studio checks a
        typed link before paying, and the emulated JoyAI fetches it, both on loopback."""
        import io
        from asyncio import run

        from PIL import Image

        buffer = io.BytesIO()
        Image.new("RGB", (64, 64), (90, 90, 160)).save(buffer, "PNG")
        bucket = self.state.bucket
        run(bucket.put("reference.png", buffer.getvalue(), "image/png"))
        return run(bucket.link("reference.png", 24 * 3600)).replace(bucket.origin, self.url)


@contextlib.contextmanager
def serve_emulator(faults: list[Any] | None = None) -> Iterator[Emulator]:
    """The emulator served by uvicorn on 127.0.0.1 in a thread of this process."""
    from studio.emulator import EmulatorConfig, create_app
    from tests.helpers import free_port, uvicorn_in_thread

    app = create_app(EmulatorConfig(task_seconds=TASK_SECONDS, faults=faults or []))
    port = free_port()
    with uvicorn_in_thread(app, port):
        yield Emulator(url=f"http://127.0.0.1:{port}", state=app.state.emulator)


# -- one cell ----------------------------------------------------------------------------------


@dataclass
class Outcome:
    """What one cell measured, and the invariants it broke."""

    cell: Cell
    killed: bool = False
    creates: int = 0
    paid: int = 0
    files: int = 0
    undecodable: list[str] = field(default_factory=list)
    leftovers: int = 0  # temporary files (.partial-*.tmp) still in the output folder
    key_found: list[str] = field(default_factory=list)
    state: str = "?"
    error: str | None = None
    disk: str = ""  # how a full disk was made: "tmpfs" or "RLIMIT_FSIZE"
    notes: list[str] = field(default_factory=list)
    skipped: str = ""  # why the cell could not run on this machine
    harness_error: str = ""

    @property
    def failures(self) -> list[str]:
        if self.harness_error:
            return [self.harness_error]
        cell, broken = self.cell, []
        if cell.point and not self.killed:
            broken.append(f"killed by SIGKILL at {cell.crash} (the point was never reached)")
        if cell.ambiguous:
            if self.creates > 1:
                broken.append(f"creates sent <= 1, never re-sent (got {self.creates})")
            # `unknown` with no file is the truth the journal allows; finishing the job with
            # every image paid for would keep the promise better still.
            finished = self.state == "succeeded" and self.files == self.paid
            if not finished and (self.state, self.files) != ("unknown", 0):
                broken.append(
                    f"final state unknown with no file, or succeeded with every image paid "
                    f"for (got {self.state}, {self.files} files of {self.paid} paid)"
                )
        else:
            if self.creates != 1:
                broken.append(f"creates sent == jobs (1) (got {self.creates})")
            if self.files != self.paid:
                broken.append(f"files on disk == images paid for ({self.files} != {self.paid})")
            if self.state != "succeeded":
                broken.append(f"final state is succeeded (got {self.state}: {self.error})")
        if self.undecodable:
            broken.append(f"every file under a final name decodes ({self.undecodable})")
        if self.key_found:
            broken.append(f"the key appears in no file ({self.key_found})")
        broken += self.notes
        return broken


def cell_env(home: Path, cell: Cell, key: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in KEY_VARIABLES and k != "STUDIO_CRASH_AT"}
    env.update(
        HOME=str(home),
        PYTHONPATH=str(ROOT),
        IMAGE_STUDIO_POLL_INTERVAL=POLL_INTERVAL,
        PYTHON_KEYRING_BACKEND=(
            "keyring.backends.fail.Keyring"
            if cell.fault == "no_keyring"
            else "studio.keys.MemoryKeyring"
        ),
    )
    for var, sub in XDG:
        env[var] = str(home / sub)
    if key is not None:
        env[cell.form.key_env] = key
    if cell.form.hosted:
        env.update(AWS_ACCESS_KEY_ID=s3_server().key_id, AWS_SECRET_ACCESS_KEY=s3_server().secret)
    return env


def make_home(home: Path) -> None:
    for _, sub in XDG:
        (home / sub).mkdir(parents=True, exist_ok=True)


def journal_file(home: Path) -> Path:
    return home / ".local/share/image-studio/journal.sqlite3"


def studio(
    args: list[str], env: dict[str, str], logs: Path, name: str, **popen: Any
) -> subprocess.Popen[bytes]:
    """`python -m studio ARGS`, its output kept under the cell's folder (grepped for the key)."""
    logs.mkdir(parents=True, exist_ok=True)
    with open(logs / f"{name}.out", "wb") as out, open(logs / f"{name}.err", "wb") as err:
        return subprocess.Popen(
            [sys.executable, "-m", "studio", *args], env=env, stdout=out, stderr=err, **popen
        )


def generate_args(emulator: Emulator, cell: Cell, out: Path) -> list[str]:
    form = cell.form
    args = ["generate", "--provider", form.provider, "--prompt", PROMPT]
    args += ["--model", form.model] if form.model else []
    args += ["--count", str(cell.count)] if cell.count > 1 else []
    extra = [emulator.reference_link() if a == REFERENCE_LINK else a for a in form.extra]
    args += [*extra, "--base-url", emulator.base_url(form.provider)]
    args += hosted_args(cell, out.parent) if form.hosted else []
    return [*args, "--output-dir", str(out)]


def resume(
    env: dict[str, str],
    logs: Path,
    resumers: int,
    *,
    tag: str = "resume",
    stagger: float = RESUME_STAGGER,
    timeout: float = 120,
) -> None:
    """`resumers` resume processes; one still running after `timeout` s is killed (a resume
    without a key may wait for it rather than exit)."""
    processes = []
    for i in range(resumers):
        if i:
            time.sleep(stagger)
        processes.append(studio(["resume", "--json"], env, logs, f"{tag}{i + 1}"))
    for process in processes:
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class NotArranged(Exception):
    """The harness could not set up the interleaving a cell is about (not a product result)."""


def resume_paused(env: dict[str, str], logs: Path, journal: Path) -> None:
    """Two resumes: the second starts first and stops itself (SIGSTOP, crash point `listed`)
    once it has read the jobs it will try to claim; the first runs to its end; then the second
    continues from the list it read before. That is the interleaving of issue #15 item 2, made
    certain. NotArranged when the second never reached the point."""
    import signal

    stop_at = {"STUDIO_CRASH_AT": "listed", "STUDIO_CRASH_SIGNAL": "STOP"}
    second = studio(["resume", "--json"], {**env, **stop_at}, logs, "resume2")
    try:
        if not _wait_stopped(second):
            raise NotArranged("the second resume never stopped at 'listed'")
        studio(["resume", "--json"], env, logs, "resume1").wait(timeout=120)
    finally:
        second.send_signal(signal.SIGCONT)
        second.wait(timeout=120)


def _wait_stopped(process: subprocess.Popen[bytes], seconds: float = 60) -> bool:
    """Until `process` is stopped (state T in /proc; elsewhere after 2 s)."""
    stat = Path(f"/proc/{process.pid}/stat")
    deadline = time.monotonic() + seconds
    while process.poll() is None and time.monotonic() < deadline:
        if not stat.exists():
            time.sleep(2)
            return True
        with contextlib.suppress(OSError):
            if stat.read_text().rpartition(")")[2].split()[0] == "T":
                return True
        time.sleep(0.005)
    return False


def run_cell(emulator: Emulator, cell: Cell, base: Path) -> Outcome:
    """Run one cell in its own folder under `base` and measure it."""
    if cell.fault == "disk_full_data_folder":
        # Its own emulator, whose downloads take a second: the disk fills meanwhile.
        from studio.emulator import FaultRule

        with serve_emulator([FaultRule(route="download", delay=1.0)]) as own:
            return _run_cell(own, cell, base / cell.id)
    for attempt in range(1, ATTEMPTS + 1):
        try:
            return _run_cell(emulator, cell, base / cell.id / f"attempt{attempt}")
        except NotArranged as exc:
            reason = str(exc)
    return Outcome(cell, harness_error=f"{reason}, {ATTEMPTS} times (not a product result)")


def _run_cell(emulator: Emulator, cell: Cell, folder: Path) -> Outcome:
    home, logs = folder / "home", folder / "logs"
    # The library shares the full disk, except where the data folder is full on its own.
    on_disk = cell.fault in ("disk_full_library", "disk_full_journal")
    out = home / "out" if on_disk else folder / "out"
    key = f"sk-faultmatrix-{uuid.uuid4().hex}-DO-NOT-LEAK"
    outcome = Outcome(cell)
    env = cell_env(home, cell, key)

    def generate(**popen: Any) -> subprocess.Popen[bytes]:
        crash = {"STUDIO_CRASH_AT": cell.crash} if cell.crash else {}
        args = generate_args(emulator, cell, out)
        return studio(args, {**env, **crash}, logs, "generate", **popen)

    if cell.fault.startswith("disk_full"):
        from tests.faults import disks

        try:
            mounted = disks.disk_full(
                cell, outcome, home, lambda: make_home(home), journal_file(home), generate
            )
        except disks.NoMount as exc:
            outcome.skipped = f"needs a tmpfs ({exc})"
            return outcome
        with mounted:
            resume(env, logs, cell.resumers)
            measure(emulator, cell, outcome, key, folder, out)
        return outcome
    make_home(home)
    if cell.history:
        seed_history(journal_file(home), cell.history)
    outcome.killed = generate().wait(timeout=120) == -9
    if cell.fault == "no_keyring":
        before = emulator.creates(key)
        resume(cell_env(home, cell, None), logs, 1, tag="keyless-resume", timeout=20)
        if emulator.creates(key) != before:
            outcome.notes.append("a resume without the key sends nothing")
    if cell.paused:
        resume_paused(env, logs, journal_file(home))
    else:
        resume(env, logs, cell.resumers)
    measure(emulator, cell, outcome, key, folder, out)
    return outcome


def measure(
    emulator: Emulator, cell: Cell, outcome: Outcome, key: str, folder: Path, out: Path
) -> None:
    from PIL import Image

    outcome.creates = emulator.creates(key)
    if cell.form.hosted:
        prefix = bucket_prefix(cell) + "/"
        uploads = [p for p in s3_server().puts("refs") if p.startswith(f"/refs/{prefix}")]
        if len(uploads) != 1:
            outcome.notes.append(f"one upload of the photo, not {len(uploads)}")
        if [n for n in s3_server().names("refs") if n.startswith(prefix)]:
            outcome.notes.append("the photo's object is deleted once the job has ended")
    outcome.paid = outcome.creates * cell.count  # every create in the matrix is answered
    finals = [p for p in out.glob("*") if p.is_file() and not p.name.startswith(".")]
    outcome.files = len(finals)
    outcome.leftovers = len([p for p in out.glob(".partial-*")])
    for path in finals:
        try:
            with Image.open(path) as image:
                image.load()
        except Exception as exc:
            outcome.undecodable.append(f"{path.name}: {type(exc).__name__}")
    needle = key.encode()
    outcome.key_found = [
        str(p.relative_to(folder))
        for p in folder.rglob("*")
        if p.is_file() and needle in p.read_bytes()
    ]
    with sqlite3.connect(f"file:{journal_file(folder / 'home')}?mode=ro", uri=True) as db:
        rows = db.execute(
            "SELECT state, error_message FROM jobs WHERE request LIKE ?", (f'%"{PROMPT}"%',)
        ).fetchall()
    if len(rows) != 1:
        outcome.notes.append(f"the journal holds the one job of this cell (found {len(rows)})")
    if rows:
        outcome.state, outcome.error = rows[0]


def seed_history(path: Path, jobs: int) -> None:
    """A journal with `jobs` old failed jobs, written straight into SQLite (copied from one
    made once per run: building it costs a few seconds)."""
    template = _history_template(jobs)
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template, path)


_templates: dict[int, Path] = {}
_template_lock = threading.Lock()


def _history_template(jobs: int) -> Path:
    with _template_lock:
        if jobs not in _templates:
            import tempfile

            from studio.domain.models import GenerationRequest
            from studio.engine.journal import Journal

            path = Path(tempfile.mkdtemp(prefix="studio-history-")) / "journal.sqlite3"
            journal = Journal(path)
            journal.close()
            now = time.time() - 86_400
            rows = [
                (
                    uuid.uuid4().hex,
                    now + i * 0.001,
                    "failed",
                    GenerationRequest(
                        provider="joyai", model="gptimage2", prompt=f"old history {i}"
                    ).to_json(),
                    str(path.parent),
                )
                for i in range(jobs)
            ]
            with sqlite3.connect(path) as db:
                db.executemany(
                    "INSERT INTO jobs (id, created_at, updated_at, state, provider, model,"
                    " request, library_dir, error_kind, error_message)"
                    " VALUES (?, ?, ?, ?, 'joyai', 'gptimage2', ?, ?, 'provider_failed',"
                    " 'The provider reported that the job failed.')",
                    [(r[0], r[1], r[1], r[2], r[3], r[4]) for r in rows],
                )
            _templates[jobs] = path
        return _templates[jobs]


def run_cells(
    emulator: Emulator,
    cells: list[Cell],
    base: Path,
    *,
    workers: int = 4,
    on_done: Callable[[Outcome], None] | None = None,
) -> dict[str, Outcome]:
    """Every cell, a few at a time (each mostly waits on its subprocesses and the emulator)."""

    def one(cell: Cell) -> Outcome:
        try:
            outcome = run_cell(emulator, cell, base)
        except Exception as exc:  # the harness failing is a red cell, never a silent one
            outcome = Outcome(cell, harness_error=f"the harness ran the cell ({exc!r})")
        if on_done:
            on_done(outcome)
        return outcome

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return {o.cell.id: o for o in pool.map(one, cells)}
