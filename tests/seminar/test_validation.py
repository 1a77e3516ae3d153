"""Pure checks: weights, text bounds, secrets and join codes (property-based where it pays)."""

from __future__ import annotations

import math
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from seminar import InvalidInput, format_join_code, normalise_join_code
from seminar._secrets import JOIN_CODE_ALPHABET, hash_secret, new_join_code, new_secret, secret_matches
from seminar._validation import MAX_WEIGHT, clean_line, validate_weights

CRITERIA = ["cost", "civilian_harm", "legality"]
finite_weight = st.floats(min_value=0, max_value=MAX_WEIGHT, allow_nan=False, allow_infinity=False)


@given(st.lists(finite_weight, min_size=3, max_size=3).filter(any))
def test_valid_weights_come_back_as_floats_in_criterion_order(values: list[float]) -> None:
    weights = dict(zip(reversed(CRITERIA), reversed(values), strict=True))
    cleaned = validate_weights(weights, CRITERIA)
    assert list(cleaned) == CRITERIA
    assert list(cleaned.values()) == values


@given(
    st.lists(finite_weight, min_size=3, max_size=3),
    st.integers(min_value=0, max_value=2),
    st.one_of(st.floats(max_value=-1e-300), st.just(math.nan), st.just(math.inf), st.just(-math.inf)),
)
def test_any_negative_or_non_finite_weight_is_refused(values: list[float], position: int, bad: float) -> None:
    values[position] = bad
    with pytest.raises(InvalidInput, match=CRITERIA[position]):
        validate_weights(dict(zip(CRITERIA, values, strict=True)), CRITERIA)


def test_negative_zero_is_stored_as_zero() -> None:
    assert math.copysign(1, validate_weights({"a": -0.0, "b": 1}, ["a", "b"])["a"]) == 1


@given(st.text(max_size=300))
def test_clean_line_returns_bounded_trimmed_text_or_refuses(value: str) -> None:
    try:
        cleaned = clean_line(value, "name", 60)
    except InvalidInput as error:
        assert str(error).startswith("name: ")
    else:
        assert 0 < len(cleaned) <= 60 and cleaned == cleaned.strip()
        assert not any(unicodedata.category(ch) in {"Cc", "Cs", "Zl", "Zp"} for ch in cleaned)


def test_secrets_are_long_random_and_compared_by_hash() -> None:
    secret = new_secret()
    assert len(secret) >= 43 and secret != new_secret()
    stored = hash_secret(secret)
    assert len(stored) == 64 and secret not in stored
    assert secret_matches(secret, stored)
    assert not secret_matches(secret + "x", stored)


@given(
    st.builds(lambda: new_join_code()),
    st.sampled_from([str.lower, str.upper]),
    st.sampled_from(["", "-", " "]),
)
def test_join_codes_survive_the_way_people_type_them(code: str, case: object, joiner: str) -> None:
    assert len(code) == 8 and set(code) <= set(JOIN_CODE_ALPHABET)
    typed = case(code[:4]) + joiner + case(code[4:])  # type: ignore[operator]
    assert normalise_join_code(typed) == code
    assert normalise_join_code(format_join_code(code)) == code


@pytest.mark.parametrize("typed", ["", "ABCDEFG", "ABCDEFGHJ", "ABCDEFG0", "ABCDEFGI", "ABCD_EFGH"])
def test_impossible_codes_are_recognised(typed: str) -> None:
    assert normalise_join_code(typed) is None
