"""User text as text: right-to-left names keep their direction without moving the numbers beside them."""

from __future__ import annotations

import engine
from schema import BUNDLED_PACK, load_pack
from ui.text import isolated, label, md, md_text

ARABIC = "ثقة الجمهور 🤝"


def test_a_right_to_left_name_is_isolated_wherever_user_text_is_escaped() -> None:
    """Exploratory test (seventh session): on the projector "ثقة الجمهور 🤝 0.20–0.22" showed as "0.22–0.20", and
    ranking lines put the score inside an Arabic name. Each escape wraps such a name in U+2068 … U+2069."""
    for escaped in (md(ARABIC), label(ARABIC), md_text(ARABIC), isolated(ARABIC)):
        assert escaped.startswith("\u2068") and escaped.endswith("\u2069"), repr(escaped)
        assert ARABIC.split()[0] in escaped


def test_a_sentence_that_opens_with_a_right_to_left_name_is_not_isolated_whole() -> None:
    """Review (seventh session): isolating a whole sentence gives it the direction of its first letter, so
    "ثقة الجمهور vs Public trust" was drawn right to left ("vs Public trust ثقة"). Only the name is isolated."""
    sentence = f"{ARABIC} vs Public trust"
    for escaped in (md(sentence), label(sentence), md_text(sentence)):
        assert not escaped.startswith("\u2068"), repr(escaped)
    composed = label(f"{isolated(ARABIC)} vs {isolated('Public trust')}")
    assert composed.startswith("\u2068") and composed.index("\u2069") < composed.index(" vs ")


def test_left_to_right_text_is_left_as_it_is() -> None:
    for text in ("Economic and diplomatic pressure on Mexico", "Régie d'État", "Santé publique 💧"):
        assert "\u2068" not in md(text) + label(text) + md_text(text) + isolated(text)


def test_the_ranking_list_isolates_a_right_to_left_option_name() -> None:
    from ui import ranking

    pack = load_pack(BUNDLED_PACK)
    result = engine.rank(engine.matrix_from_pack(pack), {c.id: 1.0 for c in pack.criteria})
    names = {o.id: o.name for o in pack.options} | {result.order[0]: ARABIC}
    page = ranking.ranking_html(result, names, {})
    assert f'<span class="name">\u2068{ARABIC}\u2069</span>' in page


def test_the_bottom_line_names_every_option_tied_behind_the_leader() -> None:
    """An exploratory test of 2026-11-29: under the report's scores the bottom line read "0.009 ahead of Economic
    and diplomatic pressure on Mexico" while Intelligence sharing was tied with it in second place."""
    import engine
    from ui import plain

    matrix = engine.matrix_from_arrays([[5, 5], [3, 4], [4, 3], [1, 1]], [False, False],
                                       option_names=["Lead", "Second A", "Second B", "Last"],
                                       scale_min=[1, 1], scale_max=[5, 5])
    result = engine.rank(matrix, {c: 0.5 for c in matrix.criterion_ids})
    names = dict(zip(matrix.option_ids, matrix.option_names))
    line = plain.bottom_line(result, names, [], "weighted sum", with_change=False)
    assert "ahead of Second A and Second B (tied for second)" in line, line


def test_a_tie_at_a_whole_slider_setting_is_named_before_the_new_leader() -> None:
    """An exploratory test of 2026-11-29: at 24 the page said "at 26 or more …", though at 25 two options tie for
    first (the crossing fell on a whole number, and the search began one point past it)."""
    import engine
    from ui import plain

    matrix = engine.matrix_from_arrays([[5, 1], [1, 5]], [False, False], option_names=["Alpha", "Beta"],
                                       criterion_names=["First", "Second"], scale_min=[1, 1], scale_max=[5, 5])
    names = dict(zip(matrix.option_ids, matrix.option_names))
    flips = plain.slider_flips(matrix, {"first": 40, "second": 50})
    sentences = [plain.flip_sentence(f, names) for f in flips]
    assert ("At 50 on the First slider (now 40), Alpha and Beta tie for first; at 51 or more, Alpha leads."
            in sentences), sentences
    assert ("At 40 on the Second slider (now 50), Alpha and Beta tie for first; at 39 or less, Alpha leads."
            in sentences), sentences


def test_the_contributions_sentence_names_every_criterion_tied_with_the_third() -> None:
    """An exploratory test of 2026-11-29: "gets most of its score from …, … and Legal and authority exposure
    (0.071)" named one of three criteria tied at 0.071 as if it alone came third."""
    import pandas as pd

    from ui import plain

    parts = pd.Series({"Harm": 0.2, "Cost": 0.1, "Law": 0.071, "Time": 0.071, "Trade": 0.0714, "Tiny": 0.01})
    line = plain.contributions_sentence("Option A", parts)
    assert line == "Option A gets most of its score from Harm (0.200), Cost (0.100), Law (0.071), Time (0.071) " \
                   "and Trade (0.071).", line
    many = pd.Series({f"C{i}": 0.05 for i in range(8)})
    line = plain.contributions_sentence("Option A", many)
    assert line == "Option A's largest parts come equally from 8 criteria (0.050 each).", line


def test_typed_addresses_stay_text_and_line_breaks_stay_breaks() -> None:
    """An exploratory seminar of 2026-11-29: a bare address in a typed event became a live link on the projector
    and participants' pages (Streamlit links http://…, www.… and name@host in text, escaped or not, checked in
    Chromium), and the event's line breaks ran its lines together."""
    import re

    from ui.text import md

    shown = md("see https://evil.example/x, www.x.com or me@x.org\nline two")
    plain_text = shown.replace("\\", "")
    assert not re.search(r"https?://|www\.|\w@\w", plain_text), plain_text
    assert "\u2060" in plain_text  # an invisible word joiner breaks the address, which still reads as typed
    assert "  \nline two" in shown
