"""Page tests with Streamlit's AppTest: set widgets by key, read what the user would read."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

import engine
from schema import BUNDLED_PACK, load_pack
from tests._deps import REPO

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
    assert f"Top option: {default_top}" in text_of(at).replace("\\", "")
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
    text = text_of(at).replace("\\", "")
    assert f"Top option: {expected_top(alone)}" in text
    assert "▲" in text  # movement since the last change is shown


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
    expected = expected_top(lens.weights)
    assert f"Top option: {expected}" in text_of(at).replace("\\", "")


@pytest.mark.parametrize("method", ["wpm", "topsis", "promethee"])
def test_each_method_ranks(method: str) -> None:
    at = app("weigh")
    at.selectbox(key="method").set_value(method).run()
    assert not at.exception
    assert f"Top option: {expected_top({c: 1.0 for c in CRITERIA}, method=method)}" in text_of(at).replace("\\", "")


def test_override_is_marked_and_listed() -> None:
    option = PACK.ladder[0]
    criterion = PACK.criteria[0]
    at = weigh_page(overrides={(option.id, criterion.id): criterion.scale.max})
    text = text_of(at).replace("\\", "")
    assert f"Your overrides (1)" in text
    assert f"◆ {option.name} · {criterion.name}: {criterion.scale.max:g}" in text


def test_sources_page_lists_quotes_and_focuses_a_source() -> None:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.query_params["source"] = "defenseone-milley"
    at.run()
    at.switch_page("ui/app_pages/sources.py")
    at.run()
    titles = [h.value for h in at.header]
    assert len(titles) == len(PACK.sources)
    assert any("Showing the source a citation links to: defenseone" in i.value for i in at.info)


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


def test_sensitivity_tab_states_what_flips_the_top_option() -> None:
    at = _open_tab("Sensitivity")
    weights = {c: 1.0 for c in CRITERIA}
    matrix = engine.matrix_from_pack(PACK)
    sentences = engine.flip_sentences(matrix, weights)
    text = text_of(at).replace("\\", "")
    for sentence in sentences:
        assert sentence in text
    intervals = at.dataframe[-1].value
    assert list(intervals["criterion"]) == [c.name for c in PACK.criteria]


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
    at = _open_tab("Methods")
    assert not any("What would flip the top option" in m.value for m in at.markdown)
    assert any("Kendall" in m.value for m in at.markdown)


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
