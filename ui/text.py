"""Render text from packs and users as text: no markdown tricks, no HTML, no script."""

from __future__ import annotations

import html
import re

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~$:])")


#: Right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko and their presentation forms).
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


_LATIN = re.compile("[A-Za-z\u00c0-\u024f]")


def isolated(text: str) -> str:
    """A name between Unicode's first-strong isolate and pop (U+2068, U+2069) when it holds a right-to-left
    script: an Arabic name then keeps its own direction without pulling the numbers beside it into it
    ("ثقة الجمهور 0.20–0.22" showed as "0.22–0.20"). Other text is returned as it is. For a name only: a whole
    sentence isolated this way takes the direction of its first letter, so one that opens with an Arabic name
    would be drawn right to left."""
    text = str(text)
    return f"\u2068{text}\u2069" if _RTL.search(text) else text


def _name_isolated(text: str) -> str:
    """What the escapes below isolate by themselves: text in a right-to-left script with no Latin letter (a
    name, not one of our sentences). Callers isolate a name inside a sentence with :func:`isolated`."""
    return isolated(text) if not _LATIN.search(text) else text


#: What Streamlit's Markdown turns into a link by itself, in text, escaped or not: an invisible word joiner
#: (U+2060) inside each keeps it text (checked in Chromium).
_AUTOLINK = re.compile(r"(?i)(?<=[a-z])(?=://)|(?<=\bwww)(?=\.)|(?<=\w)(?=@\w)")


def md(text: str) -> str:
    """Escape ``text`` for st.markdown so it shows literally (HTML as visible characters, an address as text, its
    line breaks as breaks); a right-to-left name given alone is isolated (:func:`isolated`)."""
    escaped = html.escape(_AUTOLINK.sub("\u2060", str(text)), quote=False)
    return _name_isolated(_MD_SPECIAL.sub(r"\\\1", escaped)).replace("\n", "  \n")


_LABEL_SPECIAL = re.compile(r"([\\`*_\[\]~$])")


def label(text: str) -> str:
    """Escape ``text`` for a widget's label, which Streamlit renders as Markdown but also gives, as it is, to
    screen readers as the widget's name: only the characters that would make italics, bold, code, links,
    strike-through, colours or maths are escaped, so an ordinary name ("… (unilateral U.S. action)") is read
    out as written. Labels never render HTML."""
    return _name_isolated(_LABEL_SPECIAL.sub(r"\\\1", str(text)).replace("://", ":\\/\\/"))  # no bare-address link


_MD_ACTIVE = re.compile(r"([\\`*_\[\]<>&|~$])")


_LINE_START = re.compile(r"(?m)^(\s*)(?:([#+=-])|(\d+)([.)]))(?=\s|$)")  # a marker needs a space after it


def md_text(text: str) -> str:
    """Escape ``text`` for a Markdown file a person may also read as plain text: only the characters that make
    emphasis, code, links, HTML, entities, tables, strike-through or maths are escaped (CommonMark backslash
    escapes), and a line's opening "#", "-", "+", "=" or "1." that would make a heading or a list, so "U.S."
    and "(weighted sum)" stay as they are."""
    escaped = _name_isolated(_MD_ACTIVE.sub(r"\\\1", str(text)))
    return _LINE_START.sub(lambda m: m.group(1) + (f"\\{m.group(2)}" if m.group(2) else f"{m.group(3)}\\{m.group(4)}"),
                           escaped).replace("\n", "  \n")  # a typed line break stays one (a hard break)


def quote_md(quote: str, source: str) -> str:
    """A citation as a markdown blockquote line with its source id."""
    return f"> “{md(quote)}”  \n> — `{source}`"


def in_sentence(name: str) -> str:
    """A method's name inside a sentence: "weighted sum" (a common noun), but "TOPSIS", "PROMETHEE II" as written."""
    return name[:1].lower() + name[1:] if name[1:2].islower() else name


def pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def csv_cell(value: object) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
