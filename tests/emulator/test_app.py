"""The emulator as a whole: base URLs, its recorded state, admin routes and `serve`."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from decimal import Decimal
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette

from studio.emulator import EmulatorConfig, FaultRule, base_url_for, create_app
from tests.emulator.support import KEY, wait_until
from tests.helpers import free_port

ROOT = Path(__file__).resolve().parents[2]
GPT = {"model": "gptimage2", "prompt": "a red chair", "quality": "low"}


@pytest.mark.parametrize(
    ("provider", "base"),
    [
        ("joyai", "http://h:1"),
        ("demo", "http://h:1"),
        ("gptimage2ai", "http://h:1"),
        ("icodeeasy", "http://h:1/v1"),
        ("openai", "http://h:1/openai/v1"),
    ],
)
def test_each_provider_has_its_base_url(provider, base):
    assert base_url_for("http://h:1/", provider) == base


def test_an_unknown_provider_has_no_base_url():
    with pytest.raises(ValueError):
        base_url_for("http://h:1", "midjourney")


def test_create_app_gives_a_starlette_app_with_its_state():
    app = create_app()
    assert isinstance(app, Starlette)
    assert app.state.emulator.config == EmulatorConfig()


def test_the_config_defaults_follow_the_brief():
    config = EmulatorConfig()
    assert (config.task_seconds, config.sync_seconds, config.default_credits) == (1.0, 0.0, 10000)
    assert (config.default_cny, config.faults) == (Decimal("100"), [])


def test_each_call_is_recorded_with_a_key_fingerprint_not_the_key(client, emulator):
    client("joyai").post("/api/v1/generate", json=GPT)
    call = emulator.state.calls[-1]
    assert (call.provider, call.route, call.method, call.path, call.status) == (
        "joyai",
        "create",
        "POST",
        "/api/v1/generate",
        200,
    )
    assert call.key and KEY not in call.key and len(call.key) == 12


def test_create_calls_count_per_provider(client, emulator):
    client("joyai").post("/api/v1/generate", json=GPT)
    client("gptimage2ai").post("/api/generate", json={"prompt": "x"})
    client("gptimage2ai").get("/api/generate/unknown")
    assert emulator.state.create_calls() == 2
    assert emulator.state.create_calls("joyai") == emulator.state.create_calls("demo") == 1


def test_create_calls_count_per_key(client, emulator):
    client("joyai").post("/api/v1/generate", json=GPT)
    client("joyai", key="sk_other").post("/api/v1/generate", json=GPT)
    client("joyai", key="sk_other").post("/api/v1/generate", json=GPT)
    assert emulator.state.create_calls(key=KEY) == 1
    assert emulator.state.create_calls("joyai", key="sk_other") == 2
    assert emulator.state.create_calls("gptimage2ai", key="sk_other") == 0


def test_balances_are_kept_per_key_and_provider(client, emulator):
    client("joyai").post("/api/v1/generate", json=GPT)
    assert emulator.state.balance(KEY, "joyai") == 9998
    assert emulator.state.balance(KEY, "gptimage2ai") == 10000
    assert emulator.state.balance("sk_other", "joyai") == 10000
    assert emulator.state.balance(KEY, "icodeeasy") == Decimal("100")


def test_set_balance_without_a_provider_sets_every_balance(emulator):
    emulator.state.set_balance("sk_rich", 5)
    assert [
        emulator.state.balance("sk_rich", p) for p in ("joyai", "gptimage2ai", "icodeeasy")
    ] == [5, 5, 5]


def test_reset_forgets_calls_balances_tasks_and_faults(client, emulator):
    emulator.state.add_fault(FaultRule(route="poll", status=500))
    task_id = client("joyai").post("/api/v1/generate", json=GPT).json()["data"]["task_id"]
    emulator.state.reset()
    assert (emulator.state.calls, emulator.state.faults) == ([], [])
    assert emulator.state.balance(KEY, "joyai") == 10000
    assert emulator.state.task(task_id) is None


def test_concurrent_creates_are_each_charged_once(client, emulator):
    emulator.state.set_balance(KEY, 50, "joyai")
    statuses: list[int] = []

    def one() -> None:
        with httpx.Client(base_url=emulator.url, headers={"Authorization": f"Bearer {KEY}"}) as h:
            statuses.append(h.post("/api/v1/generate", json=GPT).status_code)

    threads = [threading.Thread(target=one) for _ in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200] * 25 + [402] * 5
    assert emulator.state.balance(KEY, "joyai") == 0


def test_admin_calls_lists_calls_and_counts(client, emulator):
    http = client("joyai")
    http.post("/api/v1/generate", json=GPT)
    http.get("/api/v1/status", params={"task_id": "nope"})
    body = http.get("/_emulator/calls").json()
    assert body["counts"] == {"joyai": {"check": 1, "create": 1}}
    assert body["total"] == 2
    assert body["calls"][0]["route"] == "create"


def test_admin_faults_replace_list_and_clear_the_rules(client, emulator):
    http = client("joyai")
    rules = [{"route": "create", "status": 503, "times": 1}]
    assert http.post("/_emulator/faults", json=rules).json()["faults"] == rules
    assert http.post("/api/v1/generate", json=GPT).status_code == 503
    assert http.get("/_emulator/faults").json()["faults"] == rules
    assert http.delete("/_emulator/faults").json()["faults"] == []
    assert emulator.state.faults == []


def test_admin_faults_refuse_a_malformed_rule(client):
    reply = client("joyai").post("/_emulator/faults", json=[{"route": "sideways"}])
    assert reply.status_code == 400
    assert "route" in reply.json()["error"]


def test_admin_keys_set_a_balance(client, emulator):
    http = client("joyai")
    assert http.post("/_emulator/keys", json={"key": "sk_k", "balance": 3}).status_code == 200
    assert emulator.state.balance("sk_k", "joyai") == 3
    http.post("/_emulator/keys", json={"key": "sk_k", "balance": "0.5", "provider": "icodeeasy"})
    assert emulator.state.balance("sk_k", "icodeeasy") == Decimal("0.5")
    assert http.post("/_emulator/keys", json={"key": "sk_k"}).status_code == 400


def test_admin_calls_are_not_recorded_and_not_faulted(client, emulator):
    emulator.state.add_fault(FaultRule(status=500))
    assert client("joyai").get("/_emulator/calls").status_code == 200
    assert emulator.state.calls == []


def test_serve_runs_uvicorn_with_the_rules_of_a_faults_file(tmp_path):
    faults = tmp_path / "faults.json"
    faults.write_text(
        json.dumps([{"route": "create", "status": 429, "retry_after": 1, "times": 1}])
    )
    port = free_port()
    code = f"from studio.emulator import serve; serve(port={port}, faults_file={str(faults)!r})"
    process = subprocess.Popen(
        [sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        with httpx.Client(
            base_url=f"http://127.0.0.1:{port}", headers={"Authorization": f"Bearer {KEY}"}
        ) as http:

            def answers() -> bool:
                try:
                    return http.get("/_emulator/calls").status_code == 200
                except httpx.TransportError:
                    return False

            wait_until(answers, timeout=15)
            assert http.post("/api/v1/generate", json=GPT).status_code == 429
            assert http.post("/api/v1/generate", json=GPT).status_code == 200
    finally:
        process.terminate()
        process.wait(timeout=10)


RULES = [{"route": "create", "status": 503}]


@pytest.mark.parametrize(
    "headers",
    [
        {"Content-Type": "text/plain"},  # a cross-site form or fetch needs no preflight for this
        {"Content-Type": "application/x-www-form-urlencoded"},
        {"Content-Type": "application/json", "Origin": "https://evil.example"},
        {"Content-Type": "application/json", "Origin": "null"},
        {"Content-Type": "application/json", "Sec-Fetch-Site": "cross-site"},
        {"Content-Type": "application/json", "Host": "rebound.evil.example"},  # DNS rebinding
    ],
)
def test_admin_routes_refuse_what_a_web_page_can_send(client, emulator, headers):
    http = client("joyai")
    for path, body in (("/_emulator/faults", json.dumps(RULES)), ("/_emulator/reset", "")):
        reply = http.post(path, content=body, headers=headers)
        assert reply.status_code == 403, (path, headers)
    assert emulator.state.faults == []


def test_admin_routes_refuse_to_be_read_through_another_host_name(client, emulator):
    http = client("joyai")
    http.post("/api/v1/generate", json=GPT)
    reply = http.get("/_emulator/calls", headers={"Host": f"rebound.evil.example:{port_of(http)}"})
    assert reply.status_code == 403
    assert "calls" not in reply.text


def test_admin_routes_answer_local_programs_by_any_local_name(client, emulator):
    http = client("joyai")
    port = port_of(http)
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", "127.0.0.1"):
        reply = http.post(
            "/_emulator/faults",
            json=RULES,
            headers={"Host": host, "Origin": f"http://{host}", "Sec-Fetch-Site": "same-origin"},
        )
        assert reply.status_code == 200, host
    assert http.delete("/_emulator/faults").status_code == 200


def port_of(http: httpx.Client) -> int:
    port = http.base_url.port
    assert port is not None
    return port
