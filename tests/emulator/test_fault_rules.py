"""Fault rules: how they are written, which requests they match, and when they expire."""

from __future__ import annotations

import json

import pytest

from studio.emulator.faults import (
    API_ACTIONS,
    IMAGE_ACTIONS,
    Action,
    FaultBook,
    FaultRule,
    load_rules,
    parse_rules,
)

ANY = API_ACTIONS | IMAGE_ACTIONS


def outcomes(book: FaultBook, count: int, provider="joyai", route="poll") -> list[bool]:
    return [book.take(provider, route, ANY) is not None for _ in range(count)]


def test_a_rule_reads_from_json():
    rule = FaultRule.from_dict(
        {"provider": "joyai", "route": "poll", "status": 429, "retry_after": 1, "times": 1}
    )
    assert (rule.provider, rule.route, rule.status, rule.retry_after, rule.times) == (
        "joyai",
        "poll",
        429,
        1,
        1,
    )


def test_an_action_is_read_by_name():
    assert FaultRule.from_dict({"action": "drop_mid_body"}).action is Action.drop_mid_body


@pytest.mark.parametrize(
    "data",
    [
        {"route": "upload"},
        {"provider": "midjourney"},
        {"action": "explode"},
        {"status": 42},
        {"times": -1},
        {"delay": "soon"},
        {"colour": "red"},
        ["not", "an", "object"],
    ],
)
def test_a_malformed_rule_is_refused(data):
    with pytest.raises(ValueError):
        parse_rules([data])


def test_demo_means_the_joyai_protocol():
    assert FaultRule(provider="demo").provider == "joyai"


def test_a_rule_without_times_applies_to_every_match():
    assert outcomes(FaultBook([FaultRule(status=500)]), 5) == [True] * 5


def test_times_applies_to_the_next_n_matches_then_expires():
    assert outcomes(FaultBook([FaultRule(status=429, times=2)]), 4) == [True, True, False, False]


def test_skip_lets_the_first_n_matches_through():
    assert outcomes(FaultBook([FaultRule(status=500, skip=2, times=1)]), 4) == [
        False,
        False,
        True,
        False,
    ]


def test_provider_and_route_narrow_the_match():
    book = FaultBook([FaultRule(provider="openai", route="create", status=500)])
    assert book.take("joyai", "create", ANY) is None
    assert book.take("openai", "poll", ANY) is None
    assert book.take("openai", "create", ANY) is not None


def test_a_rule_never_matches_a_request_its_action_cannot_apply_to():
    book = FaultBook([FaultRule(action="truncate", times=1)])
    assert book.take("joyai", "poll", API_ACTIONS) is None
    assert book.take("joyai", "download", IMAGE_ACTIONS) is not None


def test_the_first_live_matching_rule_wins():
    first, second = FaultRule(status=429, times=1), FaultRule(status=500)
    book = FaultBook([first, second])
    assert [book.take("joyai", "poll", ANY) for _ in range(2)] == [first, second]


def test_rules_load_from_a_file(tmp_path):
    path = tmp_path / "faults.json"
    path.write_text(
        json.dumps(
            [
                {"route": "poll", "status": 429, "retry_after": 1, "times": 1},
                {"route": "download", "action": "truncate"},
            ]
        )
    )
    rules = load_rules(path)
    assert [rule.route for rule in rules] == ["poll", "download"]


def test_a_file_that_is_not_json_is_refused(tmp_path):
    path = tmp_path / "faults.json"
    path.write_text("route=poll")
    with pytest.raises(ValueError, match="not valid JSON"):
        load_rules(path)


def test_a_single_rule_object_is_a_list_of_one():
    assert parse_rules({"status": 503}) == [FaultRule(status=503)]


def test_a_rule_writes_back_to_the_json_it_came_from():
    data = {
        "provider": "icodeeasy",
        "route": "create",
        "status": 429,
        "retry_after": 2.5,
        "times": 3,
    }
    assert FaultRule.from_dict(data).to_dict() == data
