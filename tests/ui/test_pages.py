"""Page tests with Streamlit's AppTest: set widgets by key, read what the user would read."""

from __future__ import annotations

import html
import re

import pytest
from streamlit.testing.v1 import AppTest

import engine
from schema import BUNDLED_PACK, load_pack
from tests._deps import REPO
from tests.ui._apptest import open_page

PACK = load_pack(BUNDLED_PACK)
NAMES = {o.id: o.name for o in PACK.options}
CRITERIA = [c.id for c in PACK.criteria]


def app(page: str | None = None) -> AppTest:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.run()
    if page:
        at.switch_page(f"ui/app_pages/{page}.py")
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def text_of(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def bottom_line(at: AppTest) -> str:
    """The words at the top of Weigh & rank, as the user reads them."""
    found = [h.value for h in at.html if 'id="bottom-line"' in h.value]
    assert found, "no bottom line on the page"
    return html.unescape(re.sub(r"<[^>]+>", "", found[0]))


def ranking_items(at: AppTest) -> list[str]:
    """The ranking list's items as text ("1 Name — 0.725 (tied)")."""
    block = next(h.value for h in at.html if 'id="ranking-list"' in h.value)
    return [f'{v} ' + html.unescape(re.sub(r"<[^>]+>", "", body)).strip()
            for v, body in re.findall(r'<li value="(\d+)">(.*?)</li>', block)]


def expected_leaders(weights: dict[str, float], contexts: tuple[str, ...] = (), method: str = "wsm") -> list[str]:
    result = engine.rank(engine.matrix_from_pack(PACK, contexts=contexts), weights, method=method)
    return [NAMES[o] for o in result.order if result.ranks[result.option_ids.index(o)] == 1]


def assert_words_name(at: AppTest, weights: dict[str, float], method: str = "wsm") -> None:
    """The words at the top name whoever the engine puts first: one leader, or a tie."""
    leaders = expected_leaders(weights, method=method)
    words = bottom_line(at)
    if len(leaders) == 1:
        assert words.startswith(f"{leaders[0]} leads"), words
    else:
        first = words.split(";")[0]
        assert words.startswith("Tie for first: ") and all(n in first for n in leaders), words


def expected_top(weights: dict[str, float], contexts: tuple[str, ...] = (), method: str = "wsm") -> str:
    result = engine.rank(engine.matrix_from_pack(PACK, contexts=contexts), weights, method=method)
    return NAMES[result.order[0]]


def test_ladder_lists_every_option_and_opens_one() -> None:
    at = app()
    assert at.title[0].value == "The escalation ladder"
    assert len(at.get("arrow_vega_lite_chart")) >= 1 or at.get("vega_lite_chart")
    select = at.selectbox(key="ladder_option")
    assert len(select.options) == len(PACK.options)
    top_rung = PACK.ladder[-1]
    select.set_value(top_rung.id).run()
    assert at.header[0].value == top_rung.name
    body = text_of(at)
    assert top_rung.description.split()[0] in body
    assert "Risks" in [s.value for s in at.subheader]


def test_consent_context_marks_changed_scores_on_the_ladder() -> None:
    refuses = next(c for c in PACK.contexts if c.id == "mexico-refuses-consent")
    target = refuses.effects[0].option
    at = app()
    at.selectbox(key="ladder_option").set_value(target).run()
    before = at.dataframe[0].value
    assert not before["Score"].str.contains("◆").any()
    at.toggle(key="ctx_mexico-refuses-consent").set_value(True).run()
    after = at.dataframe[0].value
    marked = after[after["Score"].str.contains("◆")]
    changed_criteria = {e.criterion for e in refuses.effects if e.option == target}
    assert len(marked) == len(changed_criteria) >= 1
    assert "Conditions switched on" in "\n".join(i.value for i in at.info)


def test_weigh_page_ranks_and_a_weight_change_moves_the_top_option() -> None:
    at = app("weigh")
    default_top = expected_top({c: 1.0 for c in CRITERIA})
    assert_words_name(at, {c: 1.0 for c in CRITERIA})
    # Find a criterion that, weighted alone, puts another option first; set the sliders that way.
    for criterion in CRITERIA:
        alone = {c: (1.0 if c == criterion else 0.0) for c in CRITERIA}
        if expected_top(alone) != default_top:
            break
    else:
        pytest.fail("no single criterion changes the top option in the bundled pack")
    for c in CRITERIA:
        at.slider(key=f"w_{c}").set_value(100 if c == criterion else 0)
    at.run()
    assert_words_name(at, alone)
    assert any("up " in item for item in ranking_items(at))  # movement since the last change is shown


def test_when_the_engine_cannot_rank_the_sliders_stay_to_change_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """On a key press the ranking is computed before the sliders are drawn; a failure must still
    leave the sliders and conditions on the page, with the error beside them."""
    at = app("weigh")

    def refuse(*args, **kwargs):
        raise engine.EngineError("these weights cannot be ranked (made to fail by the test)")

    monkeypatch.setattr(engine, "rank", refuse)
    at.slider(key=f"w_{CRITERIA[0]}").set_value(20)
    at.run()
    assert not at.exception
    assert any("Cannot rank with these settings: these weights cannot be ranked" in e.value for e in at.error)
    assert len([s for s in at.slider if s.key and s.key.startswith("w_")]) == len(CRITERIA)
    assert at.toggle(key=f"ctx_page_{PACK.contexts[0].id}")  # the page's conditions are drawn too


def test_back_in_the_browser_ranks_with_the_weights_the_link_restores(monkeypatch: pytest.MonkeyPatch) -> None:
    """On a key press the ranking is drawn before the sliders; Back restores slider values from the
    link only when the sliders are drawn, so the ranking must follow them (not the values before)."""
    import streamlit.testing.v1.local_script_runner as runner
    from streamlit.runtime.scriptrunner_utils.script_requests import RerunData

    history = {"back": False}
    monkeypatch.setattr(runner, "RerunData", lambda **kw: RerunData(**kw, is_history_navigation=history["back"]))
    at = app("weigh")
    for c in CRITERIA:
        at.slider(key=f"w_{c}").set_value(100 if c == CRITERIA[0] else 0)
    at.run()
    assert_words_name(at, {c: (1.0 if c == CRITERIA[0] else 0.0) for c in CRITERIA})
    # Back, to an address with other weights in it: those it names, the others at their defaults. (An address
    # with no weights at all is Back from another page, which keeps the weights: see the browser test
    # test_the_back_button_from_another_page_keeps_the_weights.)
    at.query_params = {f"w_{CRITERIA[1]}": "100"}
    history["back"] = True
    at.run()
    restored = {c: float(at.slider(key=f"w_{c}").value) for c in CRITERIA}
    assert restored != {c: (100.0 if c == CRITERIA[0] else 0.0) for c in CRITERIA}
    assert restored[CRITERIA[1]] == 100.0
    assert ranking_items(at)[0].split(" ", 1)[1].startswith(expected_top(restored))
    assert_words_name(at, restored)


def test_all_zero_weights_warn_and_do_not_crash() -> None:
    at = app("weigh")
    for c in CRITERIA:
        at.slider(key=f"w_{c}").set_value(0)
    at.run()
    assert not at.exception
    assert any("Every weight is zero" in w.value for w in at.warning)


def test_lens_preset_sets_the_sliders() -> None:
    lens = PACK.lenses[0]
    at = app("weigh")
    at.selectbox(key="lens_choice").set_value(lens.id).run()
    next(b for b in at.button if b.label == "Apply lens").click().run()
    top_criterion = max(lens.weights, key=lens.weights.get)
    assert at.slider(key=f"w_{top_criterion}").value == 100
    assert_words_name(at, {c: float(at.slider(key=f"w_{c}").value) for c in CRITERIA})


@pytest.mark.parametrize("method", ["wpm", "topsis", "promethee"])
def test_each_method_ranks(method: str) -> None:
    at = app("weigh")
    at.selectbox(key="method").set_value(method).run()
    assert not at.exception
    assert_words_name(at, {c: 1.0 for c in CRITERIA}, method=method)
    from ui.text import in_sentence

    assert f"({in_sentence(engine.METHOD_TITLES[method])})" in bottom_line(at)  # "(weighted sum)", "(TOPSIS)"


def test_override_is_marked_and_listed() -> None:
    option = PACK.ladder[0]
    criterion = PACK.criteria[0]
    at = weigh_page(overrides={(option.id, criterion.id): criterion.scale.max})
    text = text_of(at).replace("\\", "")
    assert "Your overrides (1)" in text
    assert f"◆ {option.name} · {criterion.name}: {criterion.scale.max:g}" in text


def test_sources_page_lists_quotes_and_focuses_a_source() -> None:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.query_params["source"] = "defenseone-milley"
    at.run()
    at.switch_page("ui/app_pages/sources.py")
    at.run()
    titles = [h.value for h in at.header]
    assert len(titles) == len(PACK.sources)
    milley = next(s.title for s in PACK.sources if s.id == "defenseone-milley")
    assert any(f"Showing the source a citation links to: {milley}" in i.value.replace("\\", "") for i in at.info)


def test_compare_two_saved_scenarios() -> None:
    equal = {c: 1 / len(CRITERIA) for c in CRITERIA}
    alone = {c: (1.0 if c == "civilian_harm" else 0.0) for c in CRITERIA}
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.session_state["scenarios"] = {
        "Equal": {"method": "wsm", "weights": equal, "contexts": [], "overrides": []},
        "Harm only": {"method": "wsm", "weights": alone, "contexts": ["mexico-refuses-consent"], "overrides": []},
    }
    at.run()
    at.switch_page("ui/app_pages/compare.py")
    at.run()
    assert not at.exception
    text = text_of(at).replace("\\", "")
    assert "Mexico" in text and "switched on" in text
    assert "weight on Civilian harm up" in text
    # The settings table holds weights and words in one column per scenario: shown as text, so Arrow need
    # not fail on it (it logged a traceback on every visit) and the weights read to three places.
    settings = at.dataframe[0].value
    assert all(isinstance(v, str) for v in settings.to_numpy().ravel()), settings.dtypes
    assert settings.loc["Civilian harm", "Harm only"] == "1.000"


def weigh_page(**state: object) -> AppTest:
    """Weigh & rank with session state seeded (e.g. which tab is open)."""
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    at.switch_page("ui/app_pages/weigh.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _open_tab(name: str) -> AppTest:
    return weigh_page(weigh_tab=name)


def test_sensitivity_tab_states_flips_in_slider_points_that_hold() -> None:
    """Issue 11.3: what would flip it is said in slider points (0–100), and each sentence is true:
    put that slider there (the others as they are) and the named option leads."""
    from ui import plain

    matrix = engine.matrix_from_pack(PACK)
    starts = [{c: float(round(100 * lens.weights[c] / max(lens.weights.values()))) for c in CRITERIA}
              for lens in PACK.lenses]
    start = next(s for s in starts if plain.slider_flips(matrix, s))  # a weighting some slider can flip
    at = weigh_page(weigh_tab="Sensitivity", **{f"w_{c}": int(v) for c, v in start.items()})
    text = text_of(at).replace("\\", "")
    found = re.findall(r"At (\d+) or (more|less) on the (.+?) slider \(now (\d+)\), (.+?) (leads|tie for first)", text)
    assert found, text[:400]
    by_name = {c.name: c.id for c in PACK.criteria}
    for at_value, _, criterion, now, who, _ in found:
        assert float(now) == start[by_name[criterion]]
        moved = {**start, by_name[criterion]: float(at_value)}
        result = engine.rank(matrix, moved)
        leaders = [NAMES[o] for o in result.order if result.ranks[result.option_ids.index(o)] == 1]
        assert all(name in who for name in leaders), (criterion, at_value, who, leaders)
    assert "0.08" not in text  # no shares of 1 presented as if they were slider settings


def test_uncertainty_tab_runs_smaa_and_reports_first_rank_shares() -> None:
    at = _open_tab("Uncertainty")
    at.selectbox(key="smaa_mode").set_value("unknown")
    at.select_slider(key="smaa_samples").set_value(1000)
    next(b for b in at.button if b.label == "Run uncertainty analysis").click().run()
    assert not at.exception
    expected = engine.smaa(engine.matrix_from_pack(PACK), {c: 1.0 for c in CRITERIA}, samples=1000, seed=0,
                           weights_mode="unknown")
    best = expected.first_rank.sort_values(ascending=False).index[0]
    text = text_of(at).replace("\\", "")
    assert f"{NAMES[best]} first in {expected.first_rank[best]:.0%}" in text
    table = at.dataframe[-1].value
    assert table.shape == (len(PACK.options), len(PACK.options))


def test_only_the_open_tab_is_drawn() -> None:
    """Only the chosen view is drawn (a review of 2026-11-30: this asserted the absence of a sentence the
    Sensitivity view no longer had, "What would flip the top option", and could not fail)."""
    at = _open_tab("Sensitivity")
    assert any("What would change the top option" in m.value for m in at.markdown)
    at = _open_tab("Methods")
    assert not any("What would change the top option" in m.value for m in at.markdown)
    assert any("Kendall" in m.value for m in at.markdown)


def test_the_pair_chosen_under_why_a_above_b_survives_a_look_at_another_view() -> None:
    """A review of 2026-11-30: the two pickers' values were dropped while another view was shown, and on return
    both could hold the same option ("Pick two different options.")."""
    at = _open_tab("Why A above B")
    order = engine.rank(engine.matrix_from_pack(PACK), {c: 1.0 for c in CRITERIA}).order
    third, fourth = order[2], order[3]
    at.selectbox(key="why_a").set_value(third).run()
    at.selectbox(key="why_b").set_value(fourth).run()
    at.session_state["weigh_tab"] = "Matrix"
    at.run()
    at.session_state["weigh_tab"] = "Why A above B"
    at.run()
    assert not at.exception
    assert (at.selectbox(key="why_a").value, at.selectbox(key="why_b").value) == (third, fourth), order
    assert "Pick two different options." not in " ".join(c.value for c in at.caption)


def test_rank_order_sets_the_sliders() -> None:
    at = weigh_page(weights_tab="Put in order")
    order = [CRITERIA[3], CRITERIA[0], CRITERIA[7]]
    at.multiselect(key="criteria_order").set_value(order).run()
    next(b for b in at.button if b.label == "Use rank-order weights").click().run()
    roc = engine.rank_order_centroid(order)
    assert at.slider(key=f"w_{order[0]}").value == 100
    assert at.slider(key=f"w_{order[2]}").value == round(100 * roc[order[2]] / roc[order[0]])
    assert at.slider(key=f"w_{CRITERIA[1]}").value == 0


def test_pairwise_shows_consistency_and_sets_the_sliders() -> None:
    at = weigh_page(weights_tab="Pairwise")
    a, b, c = CRITERIA[:3]
    at.multiselect(key="ahp_criteria").set_value([a, b, c]).run()
    # a 3× b and b 3× c, but c 9× a: contradictory judgments; then a 9× c, which agrees.
    at.select_slider(key=f"ahp_{a}__{b}").set_value(-3)
    at.select_slider(key=f"ahp_{b}__{c}").set_value(-3)
    at.select_slider(key=f"ahp_{a}__{c}").set_value(9).run()
    text = text_of(at)
    assert "above 0.10" in text and "revisit" in text
    at.select_slider(key=f"ahp_{a}__{c}").set_value(-9).run()
    assert "(acceptable, ≤ 0.10)" in text_of(at)
    next(btn for btn in at.button if btn.label == "Use these weights").click().run()
    assert at.slider(key=f"w_{a}").value == 100
    assert at.slider(key=f"w_{c}").value < at.slider(key=f"w_{b}").value < 100


def test_template_pack_download_loads_unchanged() -> None:
    """Issue 11.1: the template pack offered on Your pack is valid as downloaded."""
    from schema import load_pack_bytes
    from ui import template

    pack = load_pack_bytes("template-pack.zip", template.template_zip())
    assert pack.info.title.startswith("Template pack")
    assert len(pack.options) >= 2


TEMPLATE = None


def template_pack():
    from schema import load_pack_bytes
    from ui import template

    return load_pack_bytes("template-pack.zip", template.template_zip())


def test_a_tie_is_named_as_a_tie_in_words_and_list() -> None:
    """Issue 11.3: on the template pack, benefit 60 and harm 40 make Alpha and Beta score the same
    (0.55 each): the page says they tie instead of naming one 'top option'."""
    pack = template_pack()
    raw = {"benefit_one": 60.0, "civilian_harm": 40.0}
    result = engine.rank(engine.matrix_from_pack(pack), raw)
    assert list(result.ranks) == [1, 1]  # the engine agrees it is a tie
    at = weigh_page(uploaded_pack=pack, pack_key="upload-template", w_benefit_one=60, w_civilian_harm=40)
    words = bottom_line(at)
    assert words.startswith("Tie for first: Alpha and Beta score 0.550 each")
    assert all("(tied)" in item and item.startswith("1 ") for item in ranking_items(at))


def test_bundled_pack_harm_and_cooperation_highest_names_every_leader() -> None:
    """The student's setting (civilian harm and cooperation at 100): the words name every option
    the engine puts first, as a tie when there are several."""
    raw = {c: 50.0 for c in CRITERIA}
    raw.update(civilian_harm=100.0, cooperation_risk=100.0)
    result = engine.rank(engine.matrix_from_pack(PACK), raw)
    leaders = [NAMES[o] for o in result.order if result.ranks[result.option_ids.index(o)] == 1]
    at = weigh_page(**{f"w_{c}": int(v) for c, v in raw.items()})
    words = bottom_line(at)
    for name in leaders:
        assert name in words.split(".")[0] or name in words.split(";")[0]
    assert words.startswith("Tie for first") == (len(leaders) > 1)


def test_knife_edge_is_said_when_one_key_press_flips_the_top() -> None:
    """A single option leads, but one slider step changes that: the words say it is a knife-edge."""
    pack = template_pack()
    # Alpha leads by a hair at benefit 59, harm 40 (the tie is at 60).
    at = weigh_page(uploaded_pack=pack, pack_key="upload-template", w_benefit_one=59, w_civilian_harm=40)
    words = bottom_line(at)
    assert words.startswith("Alpha leads")
    assert "A knife-edge" in words and ("Benefit one slider (now 59)" in words or "Civilian harm slider (now 40)" in words)


def test_sliders_ask_for_the_swing_between_the_anchors() -> None:
    at = weigh_page()
    for criterion in PACK.criteria:
        anchors = sorted(criterion.scale.anchors, key=lambda a: a.value)
        worst, best = (anchors[-1], anchors[0]) if criterion.direction == "cost" else (anchors[0], anchors[-1])
        slider = at.slider(key=f"w_{criterion.id}")
        assert criterion.name in slider.label and "worst to best" in slider.label
        assert not slider.help  # one Tab stop per slider: no help icon
        captions = [c.value.replace("\\", "") for c in at.caption]
        assert any(worst.meaning in c and best.meaning in c and c.index(worst.meaning) < c.index(best.meaning)
                   for c in captions), criterion.id


def test_pairwise_keeps_the_weights_of_criteria_it_does_not_show() -> None:
    """Issue 11.2: comparing four criteria must not zero the other six."""
    at = weigh_page(weights_tab="Pairwise")
    shown = at.multiselect(key="ahp_criteria").value
    assert 2 <= len(shown) < len(CRITERIA)
    next(btn for btn in at.button if btn.label == "Use these weights").click().run()
    others = [c for c in CRITERIA if c not in shown]
    values = {c: at.slider(key=f"w_{c}").value for c in CRITERIA}
    assert all(values[c] > 0 for c in others)
    assert len({values[c] for c in others}) == 1  # they kept their (equal) proportions
    assert_words_name(at, {c: float(v) for c, v in values.items()})
    assert "kept their weights" in text_of(at) + "".join(c.value for c in at.caption)


def test_pairwise_on_criteria_with_no_weight_says_so_instead_of_claiming_a_change() -> None:
    """Exploratory test, 2026-11-30: after "Put in order" left the four compared criteria at 0, "Use these weights"
    changed nothing (they share the weight they held together: none) yet said "Weights last set from pairwise
    comparison of 4 criteria"."""
    compared = CRITERIA[:4]
    at = weigh_page(weights_tab="Pairwise", **{f"w_{c}": (0 if c in compared else 50) for c in CRITERIA})
    assert at.multiselect(key="ahp_criteria").value == compared
    button = next(btn for btn in at.button if btn.label == "Use these weights")
    assert button.disabled
    captions = " ".join(c.value for c in at.caption)
    assert "no weight between them" in captions and "raise one of their sliders" in captions
    at.multiselect(key="ahp_criteria").set_value([*compared[:3], CRITERIA[5]]).run()  # one with weight: it works
    next(btn for btn in at.button if btn.label == "Use these weights").click().run()
    # Equal judgments: the four share the one's weight equally (a quarter of the others' 100).
    assert [at.slider(key=f"w_{c}").value for c in [*compared[:3], CRITERIA[5]]] == [25, 25, 25, 25]
    assert at.slider(key=f"w_{compared[3]}").value == 0 and at.slider(key=f"w_{CRITERIA[6]}").value == 100


def test_why_a_above_b_leads_with_a_sentence_and_totals() -> None:
    """Issue 11.5: a sentence with the gap, then a chart and a table that adds up."""
    at = _open_tab("Why A above B")
    result = engine.rank(engine.matrix_from_pack(PACK), {c: 1.0 for c in CRITERIA})
    a, b = result.order[0], result.order[1]
    gap = result.scores[result.option_ids.index(a)] - result.scores[result.option_ids.index(b)]
    text = text_of(at).replace("\\", "")
    assert f"{NAMES[a]} is above {NAMES[b]} by {gap:.3f}" in text or f"{NAMES[a]} and {NAMES[b]} tie" in text
    table = at.dataframe[-1].value
    assert table["Criterion"].iloc[-1] == "Total"
    assert table["Difference in weighted score"].iloc[-1] == pytest.approx(round(gap, 3), abs=0.002)
    assert "value_a" not in table.columns


def test_methods_and_show_your_work_use_names_not_ids() -> None:
    at = _open_tab("Methods")
    ranks = at.dataframe[0].value
    assert "Weighted sum" in ranks.columns and "wsm" not in ranks.columns
    assert set(ranks.index) == set(NAMES.values())


def test_uncertainty_tab_says_which_method_it_uses() -> None:
    at = weigh_page(weigh_tab="Uncertainty", method="topsis")
    assert "ranks each draw with TOPSIS" in text_of(at)


def test_put_in_order_moves_a_criterion_without_removing_it() -> None:
    at = weigh_page(weights_tab="Put in order")
    order = [CRITERIA[0], CRITERIA[1], CRITERIA[2]]
    at.multiselect(key="criteria_order").set_value(order).run()
    name = PACK.criterion(CRITERIA[2]).name
    next(b for b in at.button if b.label == f"↑ {name}").click().run()
    assert at.multiselect(key="criteria_order").value == [CRITERIA[0], CRITERIA[2], CRITERIA[1]]


def test_scenarios_are_saved_by_name_into_the_link_and_come_back_from_it() -> None:
    """Issue 11.7: a saved scenario survives a reload: the link holds it, a new session reads it."""
    from ui import session

    at = weigh_page(w_civilian_harm=100)
    at.text_input(key="scenario_name").set_value("Harm first")
    next(b for b in at.button if b.label == "Save scenario").click().run()
    link = at.session_state[session.SCENARIOS_LINK_KEY]
    assert link and "Harm first" in session.decode_scenarios(link)
    fresh = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    fresh.query_params[session.SCENARIOS_LINK_KEY] = link
    fresh.run()
    fresh.switch_page("ui/app_pages/compare.py")
    fresh.run()
    assert not fresh.exception
    assert "Saved so far: 1" in "".join(i.value for i in fresh.info)
    saved = session.decode_scenarios(link)["Harm first"]
    assert saved["raw_weights"]["civilian_harm"] == 100


def test_download_names_follow_the_scenario_name() -> None:
    from ui import session

    assert session.file_stem("Harm first, no consent!") == "harm-first-no-consent"
    assert session.file_stem("") == "options-ladder-scenario"


def test_brief_is_built_from_data_and_escapes_user_text() -> None:
    """Issue 11.6: bottom line, scenario name, sources with titles; HTML autoescaped; Markdown escaped."""
    from ui import brief, plain

    raw = {c: 50.0 for c in CRITERIA}
    matrix = engine.matrix_from_pack(PACK)
    result = engine.rank(matrix, raw)
    flips = plain.slider_flips(matrix, raw)
    name = "<script>alert(1)</script> *bold* [x](http://e.vil)"
    scenario = {"name": name, "method": "wsm", "weights": {c: 0.1 for c in CRITERIA}, "raw_weights": raw,
                "contexts": [], "overrides": []}
    data = brief.brief_data(PACK, scenario, result, flips, "Weighted sum")
    page = brief.brief_html(data)
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert data["bottom_line"].split(" leads")[0] == NAMES[result.order[0]] or data["bottom_line"].startswith("Tie")
    assert html.escape(data["bottom_line"], quote=True).split(".")[0] in page
    for source in data["sources"]:
        assert html.escape(PACK.source(next(s.id for s in PACK.sources if s.title == source["title"])).title) in page
    assert data["sources"] and all(s["title"] for s in data["sources"])
    text = brief.brief_markdown(data)
    first = text.splitlines()[0]
    assert "<script>" not in first and "\\*bold\\*" in first and "\\[x\\]" in first
    assert "## How sure" in text and "## Sources" in text


def test_an_override_off_the_scale_is_refused_with_a_word() -> None:
    """Issue 11.7: an edit outside the criterion's scale is not dropped silently."""
    from ui import overrides

    option, criterion = PACK.ladder[0], PACK.criteria[0]
    ids = [o.id for o in PACK.options]
    row = ids.index(option.id)
    result, refused = overrides.apply_edits(PACK, ids, {row: {criterion.id: criterion.scale.max + 2}}, {})
    assert result == {}
    assert refused == [f"{option.name} · {criterion.name}: {criterion.scale.max + 2:g} is outside the scale "
                       f"{criterion.scale.min:g}–{criterion.scale.max:g}; not applied."]
    result, refused = overrides.apply_edits(PACK, ids, {row: {criterion.id: criterion.scale.min}}, {})
    assert result == {(option.id, criterion.id): criterion.scale.min} and not refused


def test_override_editor_marks_changed_rows() -> None:
    option, criterion = PACK.ladder[0], PACK.criteria[0]
    at = weigh_page(weigh_tab="Override scores", overrides={(option.id, criterion.id): criterion.scale.max})
    frame = at.get("arrow_data_frame")[0].value if at.get("arrow_data_frame") else None
    editor = next(e for e in at.main if getattr(e, "key", None) == "override_editor") if frame is None else None
    table = frame if frame is not None else editor.value
    marked = table[table["changed"].str.startswith("◆")]
    assert list(marked["option"]) == [option.name] and criterion.name in marked["changed"].iloc[0]


def test_your_pack_offers_a_csv_example_that_ranks_like_the_pack() -> None:
    """Issue 11.10: a CSV example, which the CSV reader takes back and ranks as the pack does."""
    from ui import template

    at = app("your_pack")
    assert any(b.label == "Example matrix (CSV)" for b in at.get("download_button"))
    matrix, weights = engine.matrix_from_csv(template.example_csv())
    assert len(matrix.option_ids) == len(PACK.options) and weights
    from_csv = engine.rank(matrix, weights)
    from_pack = engine.rank(engine.matrix_from_pack(PACK), weights and {c.id: 1.0 for c in PACK.criteria})
    assert [matrix.option_name(o) for o in from_csv.order] == [NAMES[o] for o in from_pack.order]


def test_why_follows_the_top_two_until_the_user_picks_a_pair() -> None:
    at = _open_tab("Why A above B")
    alone = {c: (100 if c == CRITERIA[-1] else 0) for c in CRITERIA}
    for c, v in alone.items():
        at.slider(key=f"w_{c}").set_value(v)
    at.run()
    result = engine.rank(engine.matrix_from_pack(PACK), {c: float(v) for c, v in alone.items()})
    assert at.selectbox(key="why_a").value == result.order[0]
    assert at.selectbox(key="why_b").value == result.order[1]


def test_the_brief_is_made_when_asked_and_asked_again_after_a_change() -> None:
    at = weigh_page()
    labels = lambda kind: [b.proto.label for b in at.get(kind)]  # noqa: E731
    assert "Make the brief" in [b.label for b in at.button] and "Brief (HTML, one page)" not in labels("download_button")
    assert {"Scenario (JSON)", "Ranking (CSV)"} <= set(labels("download_button"))
    next(b for b in at.button if b.label == "Make the brief").click().run()
    assert {"Brief (HTML, one page)", "Brief (Markdown)"} <= set(labels("download_button"))
    at.slider(key=f"w_{PACK.criteria[0].id}").set_value(100).run()  # a new scenario: its brief is not made yet
    assert "Make the brief" in [b.label for b in at.button] and "Brief (HTML, one page)" not in labels("download_button")


def test_the_arrows_count_places_as_the_list_numbers_them() -> None:
    """An exploratory test of 2026-11-29: with Civilian harm and Risk to cooperation at 100, an option tied first
    before and first after showed "▲1", and one that went from 4th to a shared 12th showed "▼9": the arrows
    counted positions in the list, while the legend says places and tied options share a place."""
    at = app("weigh")
    before = {item.split(" ", 1)[1].split(" — ")[0]: int(item.split(" ", 1)[0]) for item in ranking_items(at)}
    for c in CRITERIA:
        at.slider(key=f"w_{c}").set_value(100 if c in ("civilian_harm", "cooperation_risk") else 50)
    at.run()
    moved_any = False
    for item in ranking_items(at):
        place, rest = item.split(" ", 1)
        name = rest.split(" — ")[0]
        found = re.search(r", (up|down) (\d+)", rest)
        change = before[name] - int(place)
        shown = 0 if not found else int(found.group(2)) * (1 if found.group(1) == "up" else -1)
        assert shown == change, (name, before[name], place, rest)
        moved_any = moved_any or change != 0
    assert moved_any


def test_a_scenario_name_over_the_limit_is_refused_with_its_length_and_kept() -> None:
    """Exploratory test, 2026-11-29: a pasted name over 60 characters left the box empty without a word."""
    at = weigh_page(w_civilian_harm=100)
    long_name = "Harm first, consent refused, and the report's own assessment of the facts"
    at.text_input(key="scenario_name").set_value(long_name)
    next(b for b in at.button if b.label == "Save scenario").click().run()
    assert not at.exception
    shown = " ".join(w.value for w in at.warning)
    assert f"The name is {len(long_name)} characters long: shorten it to at most 60" in shown, shown
    assert at.text_input(key="scenario_name").value == long_name
    assert not at.success


MARKED = {"option": "*Star* _x_ [link](http://x)", "context": "*Host* <b>refuses</b> [l](http://x)",
          "source": "<b>Src</b> *title*", "lens": "Cautious <b>lens</b> *x*"}


def _marked_pack():
    pack = PACK.model_copy(deep=True)
    pack.options[0].name = MARKED["option"]
    pack.contexts[0].name = MARKED["context"]
    pack.sources[0].title = MARKED["source"]
    pack.lenses[0].name = MARKED["lens"]
    return pack


@pytest.mark.parametrize("page", ["ladder", "weigh", "sources", "perspectives"])
def test_names_in_an_uploaded_pack_are_shown_as_typed_not_as_markdown(page: str) -> None:
    """Exploratory test, 2026-11-29: a pack's names with Markdown in them became italics and live links in the
    Ladder's heading, the condition toggles, the Sources titles and the record check's expanders."""
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.session_state["uploaded_pack"] = _marked_pack()
    at.session_state["pack_key"] = "upload-marked"
    at.run()
    at.switch_page(f"ui/app_pages/{page}.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    if page == "ladder":
        at.selectbox(key="ladder_option").set_value(PACK.options[0].id).run()
    surfaces = ([h.value for h in at.header] + [h.value for h in at.subheader] + [t.label for t in at.toggle]
                + [e.label for e in at.expander] + [m.value for m in at.markdown] + [c.value for c in at.caption])
    shown_raw = [s for s in surfaces if any(raw in s for raw in MARKED.values())]
    assert not shown_raw, shown_raw  # each would be rendered as Markdown: escape it (ui.text.md)


@pytest.mark.parametrize("context", PACK.contexts, ids=lambda c: c.id)
def test_a_conditions_caption_ends_at_the_end_of_a_sentence_not_at_an_abbreviation(context) -> None:
    """Exploratory test, 2026-11-29: the Conditions captions stopped at "under U.S." and "a resolution by Reps.",
    and "Mexico refuses consent" showed only the sentence about the default, not what switching it on does."""
    from ui.sidebar import condition_caption

    caption = condition_caption(context.description)
    assert context.description.startswith(caption.removesuffix(" …").rstrip("."))
    assert not re.search(r"\b(U\.S|Reps?|Sen|Gen|Dr|Mr|Ms|St)\.$", caption), caption
    assert caption.endswith(".") and len(caption) <= 400  # whole sentences, the first even when long
    if context.id == "mexico-refuses-consent":
        assert "Switch this on" in caption


def test_two_options_in_different_places_never_show_the_same_score() -> None:
    """Exploratory test, 2026-11-29: "1. Economic and diplomatic pressure on Mexico — 0.698" and "2. Intelligence and
    information sharing with Mexico — 0.698", not tied: a student reads a tie the app then ranked anyway."""
    from ui import ranking

    raw = {c: 50.0 for c in CRITERIA} | {"civilian_harm": 100.0, "cooperation_risk": 100.0, "economic_cost": 12.0}
    result = engine.rank(engine.matrix_from_pack(PACK), raw)
    names = {o.id: o.name for o in PACK.options}
    items = re.findall(r'<li value="(\d+)">.*? — ([0-9.]+)( <span class="tied">)?', ranking.ranking_html(result, names, {}))
    assert len(items) == len(PACK.options)
    for (place_a, score_a, _), (place_b, score_b, _) in zip(items, items[1:]):
        if place_a != place_b:
            assert score_a != score_b, (place_a, score_a, place_b, score_b)
    assert items[0][1] != items[1][1] and len(items[0][1]) > len("0.698")  # more digits only where they are needed
    assert all(len(score) == len("0.123") for _, score, _ in items[3:])


def test_the_sources_page_says_where_each_quote_is_used_in_words() -> None:
    """Exploratory test, 2026-11-29: about 480 quote captions on Sources ended in field paths such as
    "risks[0].citations[0]", "sources_say[0]" and "effects[3].citation"."""
    at = app("sources")
    captions = [m.value for m in at.markdown if m.value.startswith(">")]
    assert len(captions) > 400
    wordy = [c for c in captions if re.search(r"\[\d+\]|_say|\.citation|derived\\?_from", c)]
    assert not wordy, wordy[:5]
    text = "\n".join(captions).replace("\\", "")
    assert "— risk: " in text and "— what the sources say" in text and "— effect on " in text
    assert "stance of Donald Trump (supports)" in text
    assert "As the report assesses them: score of" in text  # the assessments' quotes are listed too


def test_an_unknown_source_in_the_link_is_said_not_ignored() -> None:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("ui/app_pages/sources.py")
    at.query_params["source"] = "bogus-id"
    at.run()
    shown = " ".join(w.value for w in at.warning).replace("\\", "")
    assert "No source has the id “bogus-id”" in shown, shown


def test_a_csv_that_is_not_utf8_names_its_line_and_says_how_to_save_it() -> None:
    """Exploratory test, 2026-11-29: "'utf-8' codec can't decode byte 0xf3 in position 1263: invalid continuation
    byte": no line, no fix."""
    from ui.template import upload_text

    data = "option,direction\nx,benefit\nMontréal,3\n".encode("latin-1")
    with pytest.raises(ValueError) as info:
        upload_text(data)
    message = str(info.value)
    assert message.startswith("line 3: not UTF-8 text (byte 0xe9)"), message
    assert "save the file as UTF-8" in message and "codec" not in message
    assert upload_text("a,b\n".encode("utf-8-sig")) == "a,b\n"


def test_the_ranking_csv_says_how_it_was_ranked_and_rounds_its_numbers() -> None:
    """Exploratory test, 2026-11-29: two ranking CSVs, with and without a condition, could not be told apart once
    renamed (no method, conditions or scenario in them), and held numbers like 0.14285714285714288."""
    import csv
    import io

    from ui import downloads

    contexts = ("mexico-refuses-consent",)
    matrix = engine.matrix_from_pack(PACK, contexts=contexts)
    raw = {c: 50.0 for c in CRITERIA} | {"civilian_harm": 100.0}
    result = engine.rank(matrix, raw, method="topsis")
    scenario = {"name": "=Harm first", "method": "topsis", "contexts": list(contexts), "assessment": "critics"}
    rows = list(csv.DictReader(io.StringIO(downloads.ranking_csv(PACK, result, scenario))))
    assert len(rows) == len(PACK.options)
    first = rows[0]
    assert first["scenario"] == "'=Harm first"  # a spreadsheet does not run it as a formula
    assert first["method"] == "TOPSIS"
    assert first["conditions"] == "Mexico refuses consent (unilateral U.S. action)"
    assert first["assessment"] == next(a.name for a in PACK.assessments if a.id == "critics")
    numbers = [v for row in rows for k, v in row.items() if k not in ("rank", "option", "name", "scenario", "method",
                                                                      "conditions", "assessment")]
    assert all(len(v.split(".")[-1]) <= 6 for v in numbers if "." in v), [v for v in numbers if len(v) > 9][:3]


def test_the_markdown_brief_reads_as_plain_text_and_still_shows_user_text_as_typed() -> None:
    """Exploratory test, 2026-11-29: the Markdown brief escaped every full stop and bracket ("0\\.714 \\(weighted
    sum\\)", "U\\.S\\."), so it was hard to read as text; only Markdown's active characters need escaping."""
    from ui import brief, plain

    raw = {c: 50.0 for c in CRITERIA}
    matrix = engine.matrix_from_pack(PACK)
    result = engine.rank(matrix, raw)
    name = "<script>alert(1)</script> *bold* [x](http://e.vil) AT&amp;T"
    scenario = {"name": name, "method": "wsm", "weights": {c: 0.1 for c in CRITERIA}, "raw_weights": raw,
                "contexts": [], "overrides": []}
    text = brief.brief_markdown(brief.brief_data(PACK, scenario, result, plain.slider_flips(matrix, raw), "Weighted sum"))
    prose = [re.sub(r"^(#+ )?\d+\\\.", "", line) for line in text.splitlines()]  # "1\." keeps a tie's place number
    assert not [line for line in prose if "\\." in line or "\\(" in line or "\\:" in line], prose[:3]
    first = text.splitlines()[0]
    assert "<script>" not in first and "\\<script\\>" in first
    assert "\\*bold\\*" in first and "\\[x\\]" in first and "AT\\&amp;T" in first


def test_the_brief_names_the_assessment_it_scored_with() -> None:
    """A scenario scored with the report's assessment: the brief said 'the pack editors' scores' (it read a key the
    scenario never has)."""
    from ui import brief, plain

    raw = {c: 50.0 for c in CRITERIA}
    matrix = engine.matrix_from_pack(PACK, assessment="report")
    result = engine.rank(matrix, raw)
    scenario = {"name": "hawkish facts", "method": "wsm", "weights": {c: 0.1 for c in CRITERIA}, "raw_weights": raw,
                "contexts": [], "overrides": [], "assessment": "report"}
    data = brief.brief_data(PACK, scenario, result, plain.slider_flips(matrix, raw), "Weighted sum")
    name = next(a.name for a in PACK.assessments if a.id == "report")
    assert data["assessment"] == name
    assert name in brief.brief_markdown(data) and html.escape(name, quote=True) in brief.brief_html(data)
    plain_data = brief.brief_data(PACK, {**scenario, "assessment": None}, result, [], "Weighted sum")
    assert plain_data["assessment"] == "the editors' scores"


def _labels_in(node) -> list[str]:
    """Every block and widget label under an AppTest node (popovers included, which AppTest has no list of)."""
    found = []
    proto = getattr(node, "proto", None)
    kind = proto.WhichOneof("type") if proto is not None and "type" in proto.DESCRIPTOR.oneofs_by_name else None
    if kind in ("popover", "expandable"):
        found.append(getattr(proto, kind).label)
    if isinstance(getattr(node, "label", None), str) and node.label:
        found.append(node.label)
    for child in getattr(node, "children", {}).values():
        found.extend(_labels_in(child))
    return found


def test_a_quote_with_markdown_in_it_labels_its_citation_as_typed() -> None:
    """Exploratory test, 2026-11-29 (seventh session): a quote "filters **would** cost $1 under $2 a million" showed
    "would" in bold on the citation's button, and "$1 under $2" as maths."""
    pack = PACK.model_copy(deep=True)
    option = pack.options[0]
    score = next(s for s in option.scores.values() if s.citations)
    score.citations[0].quote = "filters **would** cost $1 under $2 a million"
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.session_state["uploaded_pack"] = pack
    at.session_state["pack_key"] = "upload-quoted"
    at.run()
    at.switch_page("ui/app_pages/ladder.py")
    at.run()
    at.selectbox(key="ladder_option").set_value(option.id).run()
    assert not at.exception, [e.value for e in at.exception]
    labels = [x for x in _labels_in(at.main) if "would" in x and "cost" in x]
    assert labels, "the citation's button was not found"
    assert all("**would**" not in x and "$1 under $2" not in x for x in labels), labels


def test_a_link_made_with_an_uploaded_pack_says_the_pack_is_gone_after_a_reload() -> None:
    """Exploratory test (seventh session): a reload of /weigh?ctx_federal-grant=true&w_health=60, made with an
    uploaded pack, showed the bundled case without a word."""
    at = open_page("weigh", query={"w_health": "60", "ctx_federal-grant": "true"})
    said = " ".join(w.value for w in at.warning).replace("\\", "")
    assert "This link was made with another case pack: it names federal-grant, health" in said, said
    assert "upload it again on Your pack" in said
    plain_at = weigh_page()
    assert not any("another case pack" in w.value for w in plain_at.warning)


def test_a_scenario_of_another_pack_names_the_pack_it_was_made_with() -> None:
    """Exploratory test (seventh session): a scenario made with an uploaded pack, loaded on the bundled one, was
    refused for 'ids this pack does not have: health, cost, trust', though its file names its pack."""
    import json

    from ui import session

    body = json.dumps({"name": "mayor", "pack": "Riverton water crisis", "method": "wsm",
                       "weights": {"health": 0.5, "cost": 0.5}, "contexts": [], "overrides": []}).encode()
    with pytest.raises(ValueError, match="made with the case pack “Riverton water crisis”; upload that pack"):
        session.scenario_from_json(body, PACK)
    good = json.dumps({"name": "mine", "pack": PACK.info.title, "method": "wsm",
                       "weights": {c: 1.0 for c in CRITERIA}, "contexts": [], "overrides": []}).encode()
    assert session.scenario_from_json(good, PACK)[1]["weights"] == {c: 1.0 for c in CRITERIA}
    with pytest.raises(ValueError, match="ids this pack does not have: health"):
        session.scenario_from_json(body.replace(b"Riverton water crisis", PACK.info.title.encode()), PACK)


def test_a_valid_upload_counts_what_it_holds_in_words() -> None:
    """The template's upload said "2 options, 2 criteria, 1 sources." and nothing of its assessments."""
    from ui import template

    pack = load_pack(REPO / "ui" / "template_pack")
    assert template.pack_counts(pack) == ("2 options, 2 criteria, 1 source, 1 context, 2 lenses, 1 inject, "
                                          "2 assessments")


def test_a_saved_or_downloaded_scenario_keeps_its_assessment() -> None:
    """Review (seventh session): a scenario saved with the report's assessment came back, from its file or the
    page's link, ranked with the editors' scores."""
    import json

    from ui import session

    scenario = {"name": "hawkish facts", "pack": PACK.info.title, "method": "wsm",
                "weights": {c: 1.0 for c in CRITERIA}, "contexts": [], "overrides": [], "assessment": "report"}
    assert session.scenario_from_json(json.dumps(scenario).encode(), PACK)[1]["assessment"] == "report"
    back = session.decode_scenarios(session.encode_scenarios({"hawkish facts": scenario}))
    assert back["hawkish facts"]["assessment"] == "report"
    with pytest.raises(ValueError, match="ids this pack does not have: owls"):
        session.scenario_from_json(json.dumps({**scenario, "assessment": "owls"}).encode(), PACK)


def test_uncertainty_results_from_other_settings_are_not_shown_as_current() -> None:
    """An exploratory test of 2026-11-29: after a run under the critics' assessment, switching to the report's kept
    "Intelligence and information sharing with Mexico first in 61%" on the tab while the ranking above had changed;
    a changed weight kept it too."""
    from ui import assessments

    at = _open_tab("Uncertainty")
    at.select_slider(key="smaa_samples").set_value(1000)
    next(b for b in at.button if b.label == "Run uncertainty analysis").click().run()
    assert "first in" in text_of(at)
    other = assessments.labels(PACK)[1]
    at.selectbox(key=assessments.KEY).set_value(other).run()
    assert not at.exception
    shown = text_of(at).replace("\\", "")
    assert "first in" not in shown, shown[-600:]
    assert any("changed since this run" in i.value and "run it again" in i.value for i in at.info)
    at.selectbox(key=assessments.KEY).set_value(assessments.labels(PACK)[0]).run()
    assert "first in" in text_of(at)  # back to the settings of the run: its result is current again
    at.slider(key=f"w_{CRITERIA[0]}").set_value(90).run()
    assert "first in" not in text_of(at)


def test_compare_names_the_assessment_each_scenario_uses_and_a_change_of_it() -> None:
    """An exploratory test of 2026-11-29: "Critics, no consent" against "Report, no consent" read "Changes: none"
    while 15 options changed rank, and the settings table had no row for the assessment."""
    from ui import assessments

    equal = {c: 1 / len(CRITERIA) for c in CRITERIA}
    critics, report = PACK.assessments[0], PACK.assessments[1]
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.session_state["scenarios"] = {
        "Critics": {"method": "wsm", "weights": equal, "contexts": [], "overrides": [], "assessment": critics.id},
        "Report": {"method": "wsm", "weights": equal, "contexts": [], "overrides": [], "assessment": report.id},
    }
    at.run()
    at.switch_page("ui/app_pages/compare.py")
    at.run()
    assert not at.exception
    text = text_of(at).replace("\\", "")
    assert "Changes: none" not in text
    assert f"assessment {assessments.label(PACK, critics.id)} → {assessments.label(PACK, report.id)}" in text, text
    settings = at.dataframe[0].value
    assert settings.loc["assessment", "Critics"] == assessments.label(PACK, critics.id)


def test_the_ranking_says_whose_assessment_it_uses_and_the_page_can_change_it() -> None:
    """An exploratory test of 2026-11-29: the ranking's header gave only the conditions, and on a phone the
    assessment picker sat in the sidebar's drawer while the conditions were repeated on the page."""
    from ui import assessments

    at = weigh_page()
    captions = lambda: [c.value.replace("\\", "") for c in at.caption]  # noqa: E731
    assert any("Scores: The editors' scores" in c for c in captions()), captions()
    report = PACK.assessments[1]
    at.selectbox(key="assessment_page").set_value(report.id).run()
    assert not at.exception
    assert at.session_state[assessments.KEY] == report.id
    assert any(f"Scores: {assessments.label(PACK, report.id)}" in c for c in captions()), captions()
    expected = engine.rank(engine.matrix_from_pack(PACK, assessment=report.id), {c: 1.0 for c in CRITERIA})
    assert NAMES[expected.order[0]] in bottom_line(at)


def test_a_citation_names_its_source_by_name_not_by_id() -> None:
    """An exploratory test of 2026-11-29: every citation on the Ladder ended "— heritage-sr309" and linked
    "Source: heritage-sr309"; a student does not know the ids. The source comes first, so a phone that cuts the
    button's one line cuts the quote, not who said it."""
    at = open_page("ladder")
    labels = [p.proto.popover.label for p in at.get("popover")]
    assert labels
    assert not any(s.id in label for label in labels for s in PACK.sources), labels[:3]
    assert all(label.startswith("The Heritage Foundation: “") for label in labels[:3]), labels[:3]


def test_the_brief_says_a_source_is_undated_and_promises_no_marks_it_does_not_show() -> None:
    """An exploratory test of 2026-11-29: the brief's sources gave no date and did not say the texts carry
    none; its footer spoke of "Scores marked 'judgment'", though the brief marks no score."""
    from ui import brief, plain

    raw = {c: 50.0 for c in CRITERIA}
    matrix = engine.matrix_from_pack(PACK)
    result = engine.rank(matrix, raw)
    scenario = {"name": "Plain", "method": "wsm", "weights": {c: 1 / len(CRITERIA) for c in CRITERIA},
                "raw_weights": raw, "contexts": [], "overrides": []}
    data = brief.brief_data(PACK, scenario, result, plain.slider_flips(matrix, raw), "Weighted sum")
    undated = [s for s in data["sources"] if not s["date"]]
    assert undated  # the bundled texts carry no dates
    for page in (brief.brief_html(data), brief.brief_markdown(data)):
        assert "Scores marked" not in page
        assert page.count("undated") == len(undated), page[-900:]


@pytest.mark.parametrize(("method", "words"), [
    ("wsm", "from 0 (the worst end of every criterion's scale) to 1 (the best end of every one)"),
    ("wpm", "best possible score is 1"),
    ("topsis", "from 0 to 1"),
    ("promethee", "from −1 to 1"),
])
def test_the_ranking_says_what_its_scores_run_from_and_to(method: str, words: str) -> None:
    """An exploratory test of 2026-11-29: "leads with 0.705 … 0.009 ahead" never said that the score runs 0–1."""
    at = weigh_page(method=method)
    captions = " ".join(c.value.replace("\\", "") for c in at.caption)
    assert words in captions, captions[:500]


def test_weights_shown_as_shares_say_so_where_sliders_run_0_to_100() -> None:
    """An exploratory test of 2026-11-29: Compare's settings and Why A above B showed "0.071" and "0.143" where
    the student had set 50 and 100, with no word that these are shares of the total weight."""
    at = _open_tab("Why A above B")
    assert "Share of weight (0–1)" in at.dataframe[0].value.columns
    at = _compare_two()
    assert any("shares of the total weight (0–1), not slider points" in c.value.replace("\\", "") for c in at.caption)


def test_the_sliders_come_in_the_packs_order_for_tab_and_for_a_phone() -> None:
    """An exploratory test of 2026-11-29: two columns of sliders made Tab run down the first column (Fentanyl,
    Cartel capability, Risk to cooperation, …) and a phone stack them in that order, not the pack's."""
    from ui import session

    at = weigh_page()
    keys = [s.key for s in at.slider if s.key and s.key.startswith("w_")]
    assert keys == [session.weight_key(c) for c in CRITERIA], keys


def test_the_ladder_lists_only_this_options_assessed_scores_and_marks_only_what_conditions_changed() -> None:
    """An exploratory test of 2026-11-29: with an assessment chosen, the Ladder page of one option showed the
    assessment's whole note (all 18 cells it replaces, for every option) under a "◆", the mark its legend keeps for
    conditions and overrides; and a score a condition moved read "was" the editors' value, not the assessed one."""
    from ui import assessments

    report = next(a for a in PACK.assessments if len(a.cells) > 1)
    option_id = next(iter(report.cells))
    others = [PACK.option(o).name for o in report.cells if o != option_id]
    at = app()
    at.selectbox(key=assessments.KEY).set_value(report.id).run()
    at.selectbox(key="ladder_option").set_value(option_id).run()
    assert not at.exception
    shown = text_of(at).replace("\\", "")
    assert not [line for line in shown.splitlines() if line.startswith("◆") and any(o in line for o in others)]
    mine = report.cells[option_id]
    criterion = PACK.criterion(next(iter(mine))).name
    assert any(line.startswith(f"{report.name}:") and criterion in line for line in shown.splitlines()), shown[-800:]


def test_applying_a_saved_scenario_says_so_and_links_to_weigh_and_rank() -> None:
    """An exploratory test of 2026-11-29: "Apply to Weigh & rank" on Compare changed nothing on the page in view."""
    at = _compare_two()
    at.selectbox(key="apply_choice").set_value("Two").run()
    next(b for b in at.button if b.label == "Apply to Weigh & rank").click().run()
    assert not at.exception
    assert any("“Two” is now on Weigh & rank" in s.value for s in at.success), [s.value for s in at.success]


def test_compares_ranks_are_a_static_table_whose_names_wrap_on_a_phone() -> None:
    """An exploratory test of 2026-11-29: on a phone Compare's rank table showed only the option names, the ranks
    off-screen to the right (a data grid does not wrap its cells)."""
    at = _compare_two()
    ranks = at.table[0].value
    assert list(ranks.columns) == ["One", "Two"] and len(ranks) == len(PACK.options)


def _compare_two() -> AppTest:
    """Compare with two saved scenarios, "One" and "Two", both at equal weights."""
    equal = {c: 1 / len(CRITERIA) for c in CRITERIA}
    return open_page("compare", scenarios={n: {"method": "wsm", "weights": equal, "contexts": [], "overrides": [],
                                               "name": n} for n in ("One", "Two")})


def test_the_ladders_citations_under_a_score_are_the_chosen_assessments_own() -> None:
    """Left alone last session, fixed now: with an assessment chosen, the Ladder's "Citations for …" under Scores
    still gave the editors' quotes beside the assessment's score, basis and rationale (a quote shown for a score it
    is not behind)."""
    from ui import assessments
    from ui.citations import _short, label, source_name

    held, option_id, criterion_id, cell = next(
        (a, o, c, cell) for a in PACK.assessments for o, cells in a.cells.items() for c, cell in cells.items()
        if cell.citations and [q.quote for q in cell.citations]
        != [q.quote for q in PACK.option(o).scores[c].citations])
    at = app()
    at.selectbox(key=assessments.KEY).set_value(held.id).run()
    at.selectbox(key="ladder_option").set_value(option_id).run()
    assert not at.exception
    name = PACK.criterion(criterion_id).name
    captions = [c.value.replace("\\", "") for c in at.caption]
    assert f"Citations for {name} ({held.name})" in captions, [c for c in captions if "Citations" in c]
    shown = [p.proto.popover.label for p in at.get("popover")
             if (p.key or "").startswith(f"score-{option_id}-{criterion_id}-")]
    assert shown == [label(f"{source_name(q.source)}: “{_short(q.quote)}”") for q in cell.citations]


def _reported_stance():
    """An option with a stance whose quote is a reporter's summary, and that stance."""
    return next((o, s) for o in PACK.ladder for s in o.stances if s.voice == "reported")


def test_a_reporters_summary_is_shown_as_reported_not_as_the_actors_words() -> None:
    """A neutral-voice audit of 2026-11-29: `voice: reported` was recorded for 27 stances and shown nowhere; the
    Ladder put "Donald Trump" above Rolling Stone's sentence about him as if they were his words."""
    option, stance = _reported_stance()
    at = app()
    at.selectbox(key="ladder_option").set_value(option.id).run()
    assert not at.exception
    shown = text_of(at).replace("\\", "")
    reporter = PACK.source_name(stance.citation.source)
    assert f"{stance.actor}" in shown and f"as reported by {reporter}" in shown, shown[:2000]
    # An unsigned piece is named by its title: "as reported in “…”", not "as reported by <title>".
    unsigned = next((o, s) for o in PACK.ladder for s in o.stances if s.voice == "reported"
                    and not (PACK.source(s.citation.source).publisher or PACK.source(s.citation.source).authors))
    at.selectbox(key="ladder_option").set_value(unsigned[0].id).run()
    lines = text_of(at).replace("\\", "").splitlines()
    line = next(x for x in lines if x.startswith(f"**{unsigned[1].actor}"))
    assert "(as reported in “" in line and "as reported by" not in line, line
    at.selectbox(key="ladder_option").set_value(option.id).run()
    own = next((s for o in PACK.ladder for s in o.stances if s.voice == "own words" and o.id == option.id), None)
    if own is not None:  # the actor's own words carry no such mark
        line = next(x for x in shown.splitlines() if own.actor in x)
        assert "as reported by" not in line


def test_the_brief_marks_a_reported_argument_and_claims_no_strongest_case() -> None:
    """The same audit: the brief printed "For — Donald Trump: “has asked for …, Rolling Stone reported …”", and
    its heading called the first stance in the file "the strongest cited case", a judgment the tool does not make."""
    from ui import brief

    reported = [(o, s) for o in PACK.ladder for s in o.stances if s.voice == "reported" and s.position == "supports"
                and next(x for x in o.stances if x.position == "supports") is s]
    assert reported  # the bundled pack has an option whose first supporter is reported
    o, s = reported[0]
    assert brief._arguments(PACK, o.id)[0][0].endswith(f"(as reported by {PACK.source_name(s.citation.source)})")
    for template in ("brief.html.j2", "brief.md.j2"):
        assert "strongest" not in (REPO / "ui" / "brief_templates" / template).read_text()


def test_a_link_that_names_an_assessment_by_its_id_says_how_to_choose_it() -> None:
    """The CLI and the README name assessments by id (`--assessment report`); a link typed with the id
    (?assessment=report) said the pack "does not have" it. The link holds the picker's label; applying the id
    would leave a link that no longer names it (Streamlit drops a value the picker does not offer), so the page
    says which label to choose."""
    from ui import assessments

    held = PACK.assessments[0]
    at = open_page("weigh", query={"assessment": held.id})
    said = [w.value.replace("\\", "") for w in at.warning]
    assert not [w for w in said if "does not have" in w], said
    assert any(f"by its id, “{held.id}”" in w and assessments.label(PACK, held.id) in w for w in said), said
