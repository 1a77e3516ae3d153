"""AppTests for assessments in the app: the sidebar picker, Show your work, the Ladder's differences,
the Perspectives page and the balance report, on the mini pack made for them (two assessments)."""

from __future__ import annotations

import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

import engine
from schema import load_pack
from tests._deps import REPO
from tests.ui._apptest import open_page

MINI = load_pack(Path(__file__).resolve().parents[1] / "schema" / "mini")


def app(page: str, query: dict[str, str] | None = None, **state: object) -> AppTest:
    """A page on the mini pack (uploaded for the session), with ``state`` and the link's ``query``."""
    return open_page(page, query=query, **{"uploaded_pack": MINI, "pack_key": "upload-mini", **state})


def bundled(page: str, **state: object) -> AppTest:
    """A page on the bundled pack, with ``state`` in session state before the first run."""
    return open_page(page, **state)


def text_of(at: AppTest) -> str:
    """Every markdown element's text as the user reads it (Markdown escapes removed)."""
    return "\n".join(re.sub(r"\\(.)", r"\1", m.value) for m in at.markdown)


def test_sidebar_picker_lists_the_editors_and_both_assessments() -> None:
    at = app("ladder")
    picker = at.selectbox(key="assessment")
    assert picker.options == [
        "The editors' scores",
        "As the bold reader assesses them (The bold reader)",
        "As the cautious reader assesses them (The cautious reader)",
    ]
    assert picker.value == "(editors)"


def test_choosing_an_assessment_changes_the_ladder_scores() -> None:
    at = app("ladder")
    at.selectbox(key="ladder_option").set_value("beta").run()
    scores = at.dataframe[0].value
    assert scores["Score"].tolist()[:2] == ["4", "4"]
    at.selectbox(key="assessment").set_value("optimists").run()
    scores = at.dataframe[0].value
    assert scores["Score"].tolist()[:2] == ["5", "2"]
    assert scores["Rationale"].tolist()[1] == "As the bold reader assesses them: The source says the harm is small."


def test_ladder_shows_where_the_assessments_differ_with_each_sides_cell() -> None:
    at = app("ladder")
    at.selectbox(key="ladder_option").set_value("beta").run()
    assert "Where the assessments differ" in [s.value for s in at.subheader]
    table = at.dataframe[1].value
    assert table[["Criterion", "Whose", "Score"]].values.tolist() == [
        ["Benefit one", "The editors' scores", "4 (3–5)"],
        ["Benefit one", "As the bold reader assesses them", "5 (4–5)"],
        ["Benefit one", "As the cautious reader assesses them", "3 (2–4)"],
        ["Civilian harm", "The editors' scores", "4 (3–5)"],
        ["Civilian harm", "As the bold reader assesses them", "2"],
    ]
    captions = [c.value for c in at.caption]
    assert "As the bold reader assesses them\\: the quotes behind its score on Civilian harm" in captions


def test_show_your_work_says_the_order_and_the_assessment() -> None:
    at = app("weigh", assessment="sceptics", weigh_tab="Show your work")
    body = text_of(at)
    assert ("Scores are built in this order: editors' scores → assessment → conditions (contexts) → your "
            "overrides. Assessment in use: As the cautious reader assesses them (The cautious reader).") in body


def test_perspectives_page_four_rankings_and_sentences_follow_the_roles() -> None:
    at = app("perspectives")
    assert at.title[0].value == "Perspectives"
    assert at.selectbox(key="persp_a").value == "cautious"
    assert at.selectbox(key="persp_b").value == "bold"
    four = at.table[0].value
    assert list(four.columns) == ["A's weights, A's facts", "A's weights, B's facts", "B's weights, A's facts",
                                  "B's weights, B's facts"]
    assert four.to_dict(orient="list") == {"A's weights, A's facts": [1, 2], "A's weights, B's facts": [1, 1],
                                           "B's weights, A's facts": [1, 2], "B's weights, B's facts": [2, 1]}
    body = text_of(at)
    assert "“Cautious” with the assessment of the cautious reader puts Alpha first." in body
    assert "“Bold” with the assessment of the bold reader puts Beta first." in body
    at.selectbox(key="persp_a").set_value("bold").run()
    at.selectbox(key="persp_b").set_value("cautious").run()
    lines = text_of(at).split("\n")
    # role A is now Bold: its sentence comes first
    first = next(i for i, line in enumerate(lines) if line.startswith("“"))
    assert lines[first] == "“Bold” with the assessment of the bold reader puts Beta first."
    assert lines[first + 1] == "“Cautious” with the assessment of the cautious reader puts Alpha first."


def test_perspectives_shared_assessment_sentence_follows_the_sidebar() -> None:
    at = app("perspectives")
    assert ("With the sidebar's choice (the editors' scores) for both roles, “Cautious” puts Alpha first and "
            "“Bold” puts Beta first: they still put different options first.") in text_of(at)
    at.selectbox(key="assessment").set_value("sceptics").run()
    assert ("With the sidebar's choice (As the cautious reader assesses them) for both roles, “Cautious” puts "
            "Alpha first and “Bold” puts Alpha first: both put the same option first.") in text_of(at)


def test_perspectives_rank_range_text_and_record_check() -> None:
    at = app("perspectives")
    body = text_of(at)
    assert "- Alpha: rank 1 to 2" in body
    line = next(x for x in body.split("\n") if x.startswith("- Alpha: rank 1 to 2"))
    assert "× " not in line and "(editors)" not in line, line  # names, not the engine's ids
    assert "“Cautious” with" in line or "“Bold” with" in line, line
    assert "1 of 1 pair (100.0%) is ranked the right way round by the lens's weights with its assessment." in body
    supported = at.table[-1].value
    assert supported.index.tolist() == ["Alpha", "Beta"]
    assert supported["Comes first under"].tolist()[0] == "100.0%"


def test_sources_page_shows_the_balance_report() -> None:
    at = app("sources")
    assert "Balance of the pack" in [h.value for h in at.subheader]
    stances = next(df.value for df in at.dataframe if "supports" in df.value.columns)
    assert stances.loc["Cautious", "supports"] == 1 and stances.loc["Bold", "reported"] == 1
    quotes = next(df.value for df in at.dataframe if "quotes" in df.value.columns)
    titles = {s.title for s in MINI.sources}
    assert set(quotes.index) <= titles and not set(quotes.index) & {s.id for s in MINI.sources}  # titles, not ids


def test_record_check_opens_weigh_and_rank_with_a_weighting_under_which_the_option_leads() -> None:
    """Bundled pack: a room member on the side that supports raids opens the weighting the record
    check names and sees raids ranked first on Weigh & rank, with Trump's assessment and no conditions."""
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.session_state["ctx_mexico-refuses-consent"] = True  # a condition left on elsewhere is switched off
    at.session_state["method"] = "topsis"  # and the check's weighted sum is used
    at.run()
    at.switch_page("ui/app_pages/perspectives.py")
    at.run()
    at.selectbox(key="record_option").set_value("special-forces-raids").run()
    assert any(m.value.startswith("Weights under which it comes first, for example") for m in at.markdown)
    at.button(key="record_open_button").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert [t.value for t in at.title] == ["Weigh & rank"]
    assert at.selectbox(key="assessment").value == "trump"
    assert at.selectbox(key="method").value == "wsm"
    assert "Weights last set from the record check: weights under which Limited, targeted special" in \
        "\n".join(c.value for c in at.caption).replace("\\", "")
    assert not any(at.session_state[k] for k in at.session_state if isinstance(k, str) and k.startswith("ctx_"))
    assert at.slider(key="w_fentanyl_flow").value == 100
    from tests.ui.test_pages import bottom_line, ranking_items

    assert bottom_line(at).startswith("Limited, targeted special-forces raids leads with")
    assert ranking_items(at)[0].startswith("1 Limited, targeted special-forces raids")


def test_record_check_says_the_users_own_overrides_stay() -> None:
    at = bundled("perspectives", overrides={("special-forces-raids", "civilian_harm"): 5.0})
    at.selectbox(key="record_option").set_value("special-forces-raids").run()
    assert ("Your 1 score override stays on Weigh & rank: with them this option may not come first."
            in [c.value for c in at.caption])


def test_perspectives_says_it_ranks_with_the_weighted_sum_when_the_sidebar_says_otherwise() -> None:
    """Exploratory test, 2026-11-29: with TOPSIS chosen the page was identical and did not say why."""
    at = bundled("perspectives", method="topsis")
    shown = " ".join(i.value for i in at.info)
    assert "uses the weighted sum, not the TOPSIS chosen in the sidebar" in shown, shown


def test_opening_a_weighting_says_which_method_and_conditions_it_replaced() -> None:
    """Re-verification, 2026-11-29: the note on Weigh & rank did not say that it had replaced TOPSIS and switched off
    "Mexico refuses consent"."""
    from ui import session

    at = bundled("perspectives", method="topsis", **{session.context_key("mexico-refuses-consent"): True})
    at.button(key="record_open_button").click().run()
    assert not at.exception
    note = at.session_state["weights_from"]
    assert "(it replaced TOPSIS)" in note and "(it switched off Mexico refuses consent" in note, note


def test_sources_page_claims_verbatim_quotes_only_for_the_bundled_pack() -> None:
    """Exploratory test (seventh session): an uploaded pack with an altered quote was told "Every quote in the pack
    is copied verbatim from these texts", which the app cannot know."""
    at = app("sources")
    body = text_of(at) + "\n".join(c.value for c in at.caption)
    assert "copied verbatim" not in body
    assert "The app cannot check its quotes against the texts" in body
    bundled_at = bundled("sources")
    assert any("Every quote in the pack is copied verbatim" in c.value for c in bundled_at.caption)


def test_applying_a_lens_that_names_no_assessment_uses_the_editors_scores() -> None:
    """Review (seventh session): a lens with no assessment kept whatever assessment an earlier lens had set, while
    the CLI and Perspectives score such a lens with the editors' scores."""
    pack = MINI.model_copy(deep=True)
    pack.lenses[1].assessment = None
    at = app("weigh", uploaded_pack=pack, pack_key="upload-mini-plain-lens", assessment="sceptics")
    at.selectbox(key="lens_choice").set_value(pack.lenses[1].id).run()
    next(b for b in at.button if b.label == "Apply lens").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="assessment").value == engine.EDITORS
    assert any("with the editors' scores (the lens names no assessment)" in c.value.replace("\\", "")
               for c in at.caption), [c.value for c in at.caption]


def test_the_warning_about_a_link_goes_once_the_reader_chooses() -> None:
    """Review (seventh session): after a link naming an unknown assessment, the warning "the page shows the
    editors' scores" stayed after the reader chose another assessment."""
    at = app("weigh", query={"assessment": "As the owl assesses them"})
    assert any("“As the owl assesses them”" in w.value for w in at.warning)
    at.selectbox(key="assessment").set_value("sceptics").run()
    assert not any("“As the owl assesses them”" in w.value for w in at.warning), [w.value for w in at.warning]


def test_the_rank_range_axis_counts_whole_ranks_and_a_pack_without_thresholds_says_so_once() -> None:
    """Re-verification (seventh session): on the two-option mini pack the rank axis ran 0.4, 0.5, … 2.6, and
    "The pack states no record-check thresholds" was said twice."""
    import json

    at = app("perspectives")
    specs = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    axes = [layer["encoding"]["x"].get("axis", {}) for spec in specs for layer in spec.get("layer", [])
            if layer.get("encoding", {}).get("x", {}).get("title") == "Rank (1 = first)"]
    assert axes and all(axis.get("tickMinStep") == 1 and axis.get("format") == "d" for axis in axes), axes
    said = [c.value for c in at.caption if "states no record-check thresholds" in c.value.replace("\\", "")]
    assert len(said) == 1, said


def test_a_role_link_the_pack_lacks_is_said() -> None:
    """Re-verification (seventh session): /perspectives?persp_a=bold (an id, not the role's name) fell back to
    another role without a word."""
    at = app("perspectives", query={"persp_a": "bold"})
    assert any("This link asks for the role “bold”, which this pack does not have: the page shows “Cautious”"
               in w.value.replace("\\", "") for w in at.warning), [w.value for w in at.warning]
