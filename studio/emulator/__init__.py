"""A local, faithful implementation of the provider APIs, with fault injection.

Tests serve it with uvicorn on loopback; the offline demo calls it in-process through
``httpx.ASGITransport``. See `faults` for the fault rule format.
"""

from studio.emulator.app import base_url_for, create_app, serve
from studio.emulator.config import EmulatorConfig
from studio.emulator.faults import Action, FaultRule, load_rules, parse_rules
from studio.emulator.state import Call, EmulatorState

__all__ = [
    "Action",
    "Call",
    "EmulatorConfig",
    "EmulatorState",
    "FaultRule",
    "base_url_for",
    "create_app",
    "load_rules",
    "parse_rules",
    "serve",
]
