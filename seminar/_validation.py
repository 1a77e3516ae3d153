"""Bounds and checks on everything a user types or sends into a room.

Each check returns the cleaned value or raises :class:`~seminar.InvalidInput` with a
message naming the field and the fix. Names and free text are kept as typed (after
Unicode NFC normalisation and trimming): rendering them as text, never as HTML or
Markdown, is the page's job.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from numbers import Real

from ._errors import InvalidInput

MAX_TITLE = 200
MAX_DISPLAY_NAME = 60
MAX_SLUG = 80
MAX_METHOD = 40
# A room takes whatever a valid pack holds (schema: a Line is at most 2,000 characters, a
# Text 20,000, and lists are not bounded beyond the upload size), so these are only
# sanity bounds far above any real pack, not pack rules of their own.
MAX_INJECT_TITLE = 2_000
MAX_INJECT_TEXT = 20_000
MAX_CONTEXTS = 1_000
MAX_CRITERIA = 1_000
MAX_LENSES = 1_000
MAX_ASSESSMENTS = 1_000
MAX_PACK_CHARS = 20_000_000
"""A stored pack's JSON; the uploader's own limits (10 MB unpacked) come first."""
MAX_CLIENT_KEY = 500
MAX_WEIGHT = 1e9
MAX_REASON = 500
MAX_PARTICIPANTS_LIMIT = 1_000

SLUG_RE = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
"""Same rule as pack ids: lower-case letters and digits joined by single '-' or '_'."""

_LINE_BREAKS = {"\n", "\t"}
# Bidirectional overrides and isolates can make a name display as a different name.
_BIDI_CONTROLS = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}


def _forbidden_character(value: str, allow_breaks: bool) -> str | None:
    for ch in value:
        if allow_breaks and ch in _LINE_BREAKS:
            continue
        if ch in _BIDI_CONTROLS or unicodedata.category(ch) in {"Cc", "Cs", "Zl", "Zp"}:
            return ch
    return None


def clean_line(value: object, field: str, max_length: int, *, allow_empty: bool = False) -> str:
    """One line of text (a title, a name): trimmed, no control characters, bounded."""
    if not isinstance(value, str):
        raise InvalidInput(f"{field}: expected text, got {type(value).__name__}")
    cleaned = unicodedata.normalize("NFC", value).strip()
    if not cleaned and not allow_empty:
        raise InvalidInput(f"{field}: must not be empty")
    if len(cleaned) > max_length:
        raise InvalidInput(f"{field}: {len(cleaned)} characters is too long; use at most {max_length}")
    bad = _forbidden_character(cleaned, allow_breaks=False)
    if bad is not None:
        raise InvalidInput(f"{field}: remove the control character U+{ord(bad):04X}")
    return cleaned


def clean_text(value: object, field: str, max_length: int) -> str:
    """Free text (an inject's description): like a line, but newlines and tabs allowed."""
    if not isinstance(value, str):
        raise InvalidInput(f"{field}: expected text, got {type(value).__name__}")
    cleaned = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n")).strip()
    if len(cleaned) > max_length:
        raise InvalidInput(f"{field}: {len(cleaned)} characters is too long; use at most {max_length}")
    bad = _forbidden_character(cleaned, allow_breaks=True)
    if bad is not None:
        raise InvalidInput(f"{field}: remove the control character U+{ord(bad):04X}")
    return cleaned


def clean_slug(value: object, field: str, *, allow_empty: bool = False, max_length: int = MAX_SLUG) -> str:
    """An id such as a criterion, context, lens or inject id (``civilian_harm``)."""
    if not isinstance(value, str):
        raise InvalidInput(f"{field}: expected an id (text), got {type(value).__name__}")
    if value == "" and allow_empty:
        return value
    if len(value) > max_length:
        raise InvalidInput(f"{field}: {len(value)} characters is too long; use at most {max_length}")
    if not SLUG_RE.match(value):
        raise InvalidInput(
            f"{field}: {value!r} is not a valid id: use lower-case letters, digits, '-' or '_'"
        )
    return value


def clean_slug_list(values: object, field: str, max_items: int, *, allow_empty: bool = True) -> list[str]:
    """A list of distinct ids, in the order given."""
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        raise InvalidInput(f"{field}: expected a list of ids, got {type(values).__name__}")
    items = list(values)
    if len(items) > max_items:
        raise InvalidInput(f"{field}: {len(items)} ids is too many; use at most {max_items}")
    if not items and not allow_empty:
        raise InvalidInput(f"{field}: give at least one id")
    cleaned = [clean_slug(item, f"{field}[{i}]") for i, item in enumerate(items)]
    duplicates = sorted({c for c in cleaned if cleaned.count(c) > 1})
    if duplicates:
        raise InvalidInput(f"{field}: {', '.join(duplicates)} listed more than once")
    return cleaned


def validate_weights(weights: object, criterion_ids: Sequence[str]) -> dict[str, float]:
    """Check one participant's weights against the room's criteria.

    Every criterion must be weighted, by a finite number between 0 and
    :data:`MAX_WEIGHT`, and not all weights may be zero. Returns the weights as floats
    in criterion order.
    """
    if not isinstance(weights, Mapping):
        raise InvalidInput(
            f"weights: expected a mapping of criterion id to number, got {type(weights).__name__}"
        )
    known = set(criterion_ids)
    unknown = sorted(str(key) for key in weights if key not in known)
    if unknown:
        shown = ", ".join(repr(u[:MAX_SLUG]) for u in unknown[:5])
        raise InvalidInput(
            f"weights: unknown criterion {shown}; this room's criteria are {', '.join(criterion_ids)}"
        )
    missing = [cid for cid in criterion_ids if cid not in weights]
    if missing:
        raise InvalidInput(f"weights: give a weight for every criterion; missing {', '.join(missing)}")
    cleaned: dict[str, float] = {}
    for cid in criterion_ids:
        value = weights[cid]
        if isinstance(value, bool) or not isinstance(value, Real):
            raise InvalidInput(f"weights.{cid}: expected a number, got {type(value).__name__}")
        try:
            number = float(value)
        except (OverflowError, ValueError):  # e.g. 10**400, beyond any float
            raise InvalidInput(
                f"weights.{cid}: the number is too large; use at most {MAX_WEIGHT:g}"
            ) from None
        if not math.isfinite(number):
            raise InvalidInput(f"weights.{cid}: {number} is not a finite number")
        if number < 0:
            raise InvalidInput(f"weights.{cid}: {number:g} is negative; weights must be 0 or more")
        if number > MAX_WEIGHT:
            raise InvalidInput(f"weights.{cid}: {number:g} is too large; use at most {MAX_WEIGHT:g}")
        cleaned[cid] = number + 0.0  # turns -0.0 into 0.0
    if not any(cleaned.values()):
        raise InvalidInput("weights: all weights are zero; give at least one criterion some weight")
    return cleaned


def clean_reason(value: object) -> str:
    """A participant's written reason: plain text of at most :data:`MAX_REASON` characters
    (after NFC normalisation and trimming; line breaks allowed; empty allowed)."""
    if value is None:
        return ""
    return clean_text(value, "reason", MAX_REASON)
