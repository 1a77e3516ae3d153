"""Display names: one form per name, nothing invisible, no look-alike of a name already taken.

A participant's name is shown to the facilitator, the projector and (when a room shows
individual submissions) to other participants, so two names that *look* the same must not
both be admitted, and a name must not be made of characters that show as nothing.

* :func:`normalise_display_name` applies Unicode NFKC (so full-width ``Ａｎａ`` is ``Ana``
  and ligatures are letters), trims, and refuses control, format (zero-width spaces and
  joiners, bidirectional overrides, soft hyphens) and other invisible characters such as
  U+3164 HANGUL FILLER, and names with no visible character at all.
* :func:`name_key` is what "the same name" means in a room: the name case-folded, with
  accents and other combining marks dropped, and each character replaced by its Latin
  look-alike (its *skeleton*, after Unicode TR39's confusables for the scripts people
  mix up most: Cyrillic, Greek, Armenian, Cherokee and Latin's own variants), so
  ``Ana``, ``ana``, ``Аna`` (Cyrillic A) and ``Anа`` (Cyrillic a) share one key, and so
  do ``l``/``I``/``1`` and ``O``/``0``.
"""

from __future__ import annotations

import unicodedata

from ._errors import InvalidInput

MAX_DISPLAY_NAME = 60

# Characters that draw as blank space (or nothing) but are letters or symbols to Unicode.
_INVISIBLE = {
    0x115F, 0x1160, 0x3164, 0xFFA0,  # Hangul fillers
    0x2800,  # braille pattern blank
    0x180E,  # Mongolian vowel separator
    0x2028, 0x2029,  # line and paragraph separators
    0x034F,  # combining grapheme joiner
    0x17B4, 0x17B5,  # Khmer inherent vowels (invisible)
    0x1D159, 0x1D173, 0x1D174, 0x1D175, 0x1D176, 0x1D177, 0x1D178, 0x1D179, 0x1D17A,
}
_VARIATION_SELECTORS = (range(0xFE00, 0xFE10), range(0xE0100, 0xE01F0))

# Latin look-alikes (skeletons) of letters from other scripts and of Latin variants; the
# keys are lower case because keys are compared after case folding.
_LOOKALIKES = {
    # Cyrillic
    "а": "a", "в": "b", "г": "r", "д": "a", "е": "e", "ё": "e", "з": "3", "и": "u", "к": "k",
    "л": "n", "м": "m", "н": "h", "о": "o", "п": "n", "р": "p", "с": "c", "т": "t", "у": "y",
    "х": "x", "ц": "u", "ь": "b", "ѕ": "s", "і": "i", "ї": "i", "ј": "j", "һ": "h", "ԁ": "d",
    "ԛ": "q", "ԝ": "w", "ү": "y", "ӏ": "l", "ɡ": "g", "ө": "o", "ә": "e", "ԍ": "g",
    # Greek
    "α": "a", "β": "b", "γ": "y", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o",
    "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ω": "w", "ϲ": "c", "ϳ": "j", "ζ": "z", "μ": "u",
    # Armenian and Cherokee (common look-alikes of Latin capitals after folding)
    "օ": "o", "ս": "u", "ց": "g", "հ": "h", "ո": "n", "ա": "w", "Ꭺ".casefold(): "a",
    "Ꭼ".casefold(): "e", "Ꮋ".casefold(): "h", "Ꭻ".casefold(): "j", "Ꮶ".casefold(): "k",
    "Ꮇ".casefold(): "m", "Ꮲ".casefold(): "p", "Ꮪ".casefold(): "s", "Ꭲ".casefold(): "t",
    # Latin variants and digits that read as letters
    "ı": "i", "ȷ": "j", "ℓ": "l", "ſ": "s", "ɑ": "a", "ɩ": "i", "ʟ": "l", "ɪ": "i", "ᴏ": "o",
    "0": "o", "1": "l", "|": "l", "i": "l", "!": "l", "ǀ": "l", "5": "s", "rn": "m",
    "vv": "w", "ø": "o", "đ": "d", "ħ": "h", "ł": "l", "ŀ": "l",
}
_MULTI = {k: v for k, v in _LOOKALIKES.items() if len(k) > 1}
_SINGLE = {k: v for k, v in _LOOKALIKES.items() if len(k) == 1}


def _is_invisible(ch: str) -> bool:
    code = ord(ch)
    if code in _INVISIBLE or any(code in block for block in _VARIATION_SELECTORS):
        return True
    return unicodedata.category(ch) in {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


def _describe(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return f"U+{ord(ch):04X}" + (f" ({name})" if name else "")


def normalise_display_name(value: object, field: str = "display name") -> str:
    """The name as it will be shown: NFKC, trimmed, single spaces; refused if not visible.

    Raises
    ------
    InvalidInput
        Not text, empty, longer than :data:`MAX_DISPLAY_NAME`, or holding an invisible,
        control or format character (the message names it and says to retype the name).
    """
    if not isinstance(value, str):
        raise InvalidInput(f"{field}: expected text, got {type(value).__name__}")
    if len(value) > 10 * MAX_DISPLAY_NAME:
        raise InvalidInput(f"{field}: {len(value)} characters is too long; use at most {MAX_DISPLAY_NAME}")
    name = unicodedata.normalize("NFKC", value)
    for ch in value + name:  # the typed character first, so the message names what was typed
        if ch != " " and (ch.isspace() and ch not in "\u00a0\u3000" or _is_invisible(ch)):
            if ch in "\n\r\t" or unicodedata.category(ch) == "Cc":
                raise InvalidInput(f"{field}: remove the control character U+{ord(ch):04X}")
            raise InvalidInput(
                f"{field}: remove the invisible character {_describe(ch)}; type your name with "
                "visible letters only"
            )
    name = " ".join(name.split())
    if not name:
        raise InvalidInput(f"{field}: must not be empty")
    if len(name) > MAX_DISPLAY_NAME:
        raise InvalidInput(f"{field}: {len(name)} characters is too long; use at most {MAX_DISPLAY_NAME}")
    if not any(unicodedata.category(ch)[0] in "LN" for ch in name):
        raise InvalidInput(f"{field}: use at least one letter or digit")
    return name


def name_key(name: str) -> str:
    """The look-alike skeleton of a (normalised) name: equal keys look the same.

    >>> name_key("Ana") == name_key("ana") == name_key("\\u0410na") == name_key("Ａｎａ")
    True
    """
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", name).casefold())
    kept = "".join(ch for ch in text if not unicodedata.combining(ch) and not _is_invisible(ch))
    skeleton = "".join(_SINGLE.get(ch, ch) for ch in kept.replace(" ", ""))
    for many, one in _MULTI.items():
        skeleton = skeleton.replace(many, one)
    return skeleton[:MAX_DISPLAY_NAME]  # the column holds 60 characters
