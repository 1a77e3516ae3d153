"""The bundled case's content: the defects an audit found (issue 10) stay fixed.

Each test states one rule a reader of the pack relies on; most are parametrized per option
file. They read the YAML directly where a field may be missing (``voice`` defaults to
"own words"), so that they state the rule, not the loader's defaults.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from schema import BUNDLED_PACK, SECTION_FILES, load_pack
from tests._deps import require_shared

OPTION_FILES = sorted(p for p in BUNDLED_PACK.glob("*.yaml") if p.stem not in SECTION_FILES)
PACK = load_pack(BUNDLED_PACK)
CRITERIA = {c.id: c for c in PACK.criteria}
REPORT = "Heritage Foundation report (Greenway, Martínez-Fernández, Beaver)"
# The author of each source, whose narration is their own words; every other actor's own words
# in a source are its quoted speech.
AUTHORS = {"heritage-sr309": REPORT, "novak-military-to-mexico": "Daria Novak"}
EXHAUST = "exhaust all possibilities to secure the cooperation and consent of the Mexican government"
BOLSTER = "should be preceded by a substantial bolstering of the U.S. military presence along the border"


def _raw(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _fold(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'").replace("—", "-").replace("–", "-")
    return re.sub(r"\s+", " ", text).strip().lower()


def _source_text(source_id: str) -> str:
    return (require_shared() / "sources" / f"{source_id}.txt").read_text(encoding="utf-8")


def _inside_quotation(source: str, quote: str) -> bool:
    """Whether ``quote`` starts inside quotation marks (an opening “ before it, not yet closed)."""
    first = _fold(quote.split("…")[0]).strip(" .,")
    text = _fold(source)
    at = text.find(first)
    assert at >= 0, f"quote not found in its source: {quote[:60]!r}"
    if text[at] in "“\"":
        return True
    before = text[:at]
    curly = before.count("“") - before.count("”")
    return curly > 0 or before.count('"') % 2 == 1


def test_there_are_option_files() -> None:
    assert OPTION_FILES


@pytest.mark.parametrize("path", OPTION_FILES, ids=lambda p: p.stem)
def test_own_words_stances_quote_the_actor_not_a_reporter(path: Path) -> None:
    """A stance in the actor's own words cites the actor's quoted speech, or the author's own text."""
    for stance in _raw(path).get("stances", []):
        if stance.get("voice", "own words") != "own words":
            continue
        citation = stance["citation"]
        if AUTHORS.get(citation["source"]) == stance["actor"]:
            continue
        assert _inside_quotation(_source_text(citation["source"]), citation["quote"]), (
            f"{path.name}: the stance of {stance['actor']!r} cites narration, not their words; "
            "mark it voice: reported or quote their own words"
        )


def _anchor_rules(rationale: str) -> list[tuple[str, float, float | None]]:
    text = rationale.lower()
    rules: list[tuple[str, float, float | None]] = []
    for a, b in re.findall(r"between the scale's (\d) and (\d)", text):
        rules.append(("between", float(a), float(b)))
    text = re.sub(r"between the scale's \d and \d", "", text)
    for a in re.findall(r"above the scale's (\d)", text):
        rules.append(("above", float(a), None))
    text = re.sub(r"above the scale's \d", "", text)
    for a in re.findall(r"the scale's (\d)", text):
        rules.append(("at", float(a), None))
    return rules


def _all_scores() -> list[tuple[str, str, str, object]]:
    cells = [(f"options:{o.id}", o.id, k, s) for o in PACK.options for k, s in o.scores.items()]
    for a in PACK.assessments:
        cells += [(f"assessment {a.id}:{o}", o, k, s) for o, row in a.cells.items() for k, s in row.items()]
    return cells


@pytest.mark.parametrize("where, option, criterion, score", _all_scores(), ids=lambda v: v if isinstance(v, str) else "")
def test_score_matches_the_anchor_its_rationale_names(where: str, option: str, criterion: str, score) -> None:
    for rule, a, b in _anchor_rules(score.rationale):
        if rule == "at":
            assert abs(score.value - a) <= 0.5, f"{where} {criterion}: value {score.value} but the rationale names the scale's {a:g}"
        elif rule == "above":
            assert score.value > a, f"{where} {criterion}: value {score.value} is not above the scale's {a:g}"
        else:
            assert a < score.value < b, f"{where} {criterion}: value {score.value} is not between {a:g} and {b:g}"


# The cells the audit found scored below the anchor their own rationale describes.
AUDITED = [("special-forces-raids", "fentanyl_flow"), ("special-forces-raids", "cartel_degradation"),
           ("strikes-fentanyl-labs", "fentanyl_flow"), ("economic-diplomatic-pressure", "fentanyl_flow")]


@pytest.mark.parametrize("option, criterion", AUDITED)
def test_audited_cells_name_their_anchor(option: str, criterion: str) -> None:
    score = PACK.option(option).scores[criterion]
    assert _anchor_rules(score.rationale), f"{option}.{criterion}: the rationale names no anchor of the scale"


def _cross_border(raw: dict) -> bool:
    return {"joint", "unilateral"} <= set(raw["applies"])


@pytest.mark.parametrize("path", [p for p in OPTION_FILES if _cross_border(_raw(p))], ids=lambda p: p.stem)
def test_unilateral_rungs_list_the_reports_prerequisites(path: Path) -> None:
    """The report states both for any unilateral action on Mexican territory."""
    prerequisites = {p["option"]: p["citation"]["quote"] for p in _raw(path).get("prerequisites", [])}
    assert EXHAUST in prerequisites.get("economic-diplomatic-pressure", ""), f"{path.name}: exhaust non-military tools first"
    assert BOLSTER in prerequisites.get("active-duty-border-enforcement", ""), f"{path.name}: bolster the border first"


def test_there_are_cross_border_rungs() -> None:
    assert sum(_cross_border(_raw(p)) for p in OPTION_FILES) >= 6


def test_economic_and_trade_cost_is_a_criterion_with_an_anchored_scale() -> None:
    criterion = CRITERIA.get("economic_cost")
    assert criterion is not None, "no economic and trade-cost criterion"
    assert criterion.direction == "cost"
    assert {a.value for a in criterion.scale.anchors} >= {1, 3, 5}


@pytest.mark.parametrize("path", OPTION_FILES, ids=lambda p: p.stem)
def test_every_option_scores_economic_cost(path: Path) -> None:
    score = _raw(path)["scores"].get("economic_cost")
    assert score and score.get("rationale"), f"{path.name} has no economic_cost score"


def _favorable(effect) -> bool:
    return (effect.shift > 0) == (CRITERIA[effect.criterion].direction == "benefit")


def test_the_reports_dissuasion_argument_has_a_criterion() -> None:
    """The report rates dissuading the cartels 'perhaps even more important' than disruption: a criterion, not a footnote."""
    criterion = CRITERIA.get("cartel_deterrence")
    assert criterion is not None and criterion.direction == "benefit"
    assert {a.value for a in criterion.scale.anchors} >= {1, 3, 5}
    for option in PACK.options:
        assert "cartel_deterrence" in option.scores, option.id
    report = next(a for a in PACK.assessments if a.id == "report")
    quotes = [c.quote for row in report.cells.values() for s in (row.get("cartel_deterrence"),) if s for c in s.citations]
    assert any("dissuade cartels" in q for q in quotes)
    lens = next(lens for lens in PACK.lenses if lens.id == "heritage-report-authors")
    assert any("dissuade cartels" in c.quote for c in lens.derived_from)


@pytest.mark.parametrize("context", PACK.contexts, ids=lambda c: c.id)
def test_a_context_that_says_both_directions_has_both(context) -> None:
    if "both directions" not in context.description:
        return
    directions = {_favorable(e) for e in context.effects}
    assert directions == {True, False}, f"{context.id} says both directions but its effects go one way"


def test_unilateral_action_carries_the_reports_upside_and_the_rupture() -> None:
    context = next(c for c in PACK.contexts if c.id == "mexico-refuses-consent")
    assert "both directions" in context.description
    quotes = " ".join(e.citation.quote for e in context.effects if e.citation and _favorable(e))
    assert "prompt cooperation" in quotes and "shock effect" in quotes


def test_funding_pays_a_cost_it_does_not_remove_it() -> None:
    context = next(c for c in PACK.contexts if c.id == "supplemental-funding-appropriated")
    lowered = [e.option for e in context.effects if CRITERIA[e.criterion].direction == "cost" and e.shift < 0]
    assert not lowered, f"funding lowers cost scores of {lowered}"


NO_SCORE_MOVES = re.compile(r"no ([a-z-]+) score moves here")
SAID_OF = {"legal-exposure": "legal_exposure", "readiness-and-cost": "cost_readiness"}  # the words contexts use


@pytest.mark.parametrize("context", [c for c in PACK.contexts if NO_SCORE_MOVES.search(c.description)], ids=lambda c: c.id)
def test_a_context_moves_no_score_its_description_says_it_leaves(context) -> None:
    """"... so no legal-exposure score moves here": the effects a room switches on agree with the words it reads."""
    named = NO_SCORE_MOVES.search(context.description).group(1)
    assert named in SAID_OF, f"{context.id}: add '{named}' to SAID_OF with the criterion it means"
    moved = [f"{e.option}.{e.criterion}" for e in context.effects if e.criterion == SAID_OF[named]]
    assert not moved, f"{context.id} says no {named} score moves, yet it moves {moved}"


ARMED_AT_HOME = {"Migration enforcement", "Counter-drone"}


def test_a_higher_rung_is_a_stronger_use_of_force() -> None:
    cross = [o.rung for o in PACK.options if {"joint", "unilateral"} <= set(o.applies) and o.family == "Cross-border action"]
    armed = [o.rung for o in PACK.options if o.family in ARMED_AT_HOME]
    unarmed = [o.rung for o in PACK.options if o.family not in ARMED_AT_HOME and o.family != "Cross-border action"]
    assert cross and armed and unarmed
    assert max(unarmed) < min(armed), "an unarmed measure sits above an armed deployment"
    assert max(armed) < min(cross), "a domestic deployment sits above action in Mexico"
    top = max(PACK.options, key=lambda o: o.rung)
    assert top.id == "war-to-destroy-cartels"


def test_a_president_is_not_called_former_for_acts_as_president() -> None:
    for option in PACK.options:
        for stance in option.stances:
            if stance.actor == "Donald Trump":
                assert "former" not in stance.role.lower(), f"{option.id}: {stance.role!r}"


def test_aides_who_pushed_back_every_time_oppose() -> None:
    aides = [(o.id, s) for o in PACK.options for s in o.stances if s.actor == "Donald Trump's aides"]
    assert aides
    for option_id, stance in aides:
        assert stance.position == "opposes", f"{option_id}: the source says they pushed back every time"


def test_advocates_support_only_what_they_proposed() -> None:
    proposed = {"Bill Barr": {"select-forces-into-mexico"},
                "Reps. Dan Crenshaw and Michael Waltz": {"select-forces-into-mexico"},
                "Sen. Lindsey Graham": {"fto-designation", "select-forces-into-mexico"}}
    for option in PACK.options:
        for stance in option.stances:
            if stance.actor in proposed and stance.position == "supports":
                assert option.id in proposed[stance.actor], f"{stance.actor} did not propose {option.id}"


def test_asking_about_an_option_is_not_supporting_it() -> None:
    for option in PACK.options:
        for stance in option.stances:
            if stance.position == "supports":
                assert "asked about" not in stance.citation.quote, f"{option.id}: {stance.actor}"
                assert "asking about" not in stance.citation.quote, f"{option.id}: {stance.actor}"


def _figures() -> list[tuple[str, str]]:
    return [(f.label, f.citation.quote) for o in PACK.options for f in o.figures]


def test_both_sides_figures_are_given() -> None:
    text = " ".join(q for _, q in _figures()).lower()
    for threat in ("overdose deaths", "$30 billion", "160,000 and 185,000", "40,000 recorded homicide"):
        assert threat in text, f"no figure gives {threat!r}"
    for critics in ("70 to 90 percent", "major trading partner"):
        assert critics in text or any(critics in _fold(c.quote) for o in PACK.options for r in o.risks for c in r.citations)


def test_one_figure_is_not_repeated_across_options() -> None:
    expats = [label for label, quote in _figures() if "one million u.s. ex-pats" in _fold(quote)]
    assert len(expats) <= 1, f"the ex-pat figure appears {len(expats)} times"
    values = [f.value for o in PACK.options for f in o.figures]
    repeated = {v for v in values if values.count(v) > 1}
    assert not repeated, f"figures repeated across options: {sorted(repeated)}"


def test_ellipses_do_not_hide_what_changes_the_reading() -> None:
    """The audit's two cases: Operation Intercept's initial success, the report's first steps."""
    report = _fold(_source_text("heritage-sr309"))
    for option in PACK.options:
        for citation in [*option.sources_say, *(c for r in option.risks for c in r.citations)]:
            if citation.source != "heritage-sr309" or "…" not in citation.quote:
                continue
            pieces = [_fold(p).strip(" .,") for p in citation.quote.split("…")]
            start = report.find(pieces[0])
            for piece in pieces[1:]:
                end = report.find(piece, start)
                skipped = report[start:end]
                assert "initially succeeded" not in skipped, f"{option.id}: the ellipsis hides Operation Intercept's initial success"
                assert "bolstering of the u.s. customs" not in skipped, f"{option.id}: the ellipsis hides the report's first steps"
                start = end


def test_injects_switch_on_only_what_the_texts_report() -> None:
    inject = next(i for i in PACK.injects if i.id == "president-moves-to-designate-cartels")
    assert "fto-designations-in-force" not in inject.contexts, "the report says only 'moved toward'"


NON_NEUTRAL = re.compile(r"\b(hawks?|hopes?|hoped|hastily|idea)\b", re.IGNORECASE)


def _project_voice(node, path=()):
    if isinstance(node, dict):
        for key, value in node.items():
            if key not in ("quote", "text"):
                yield from _project_voice(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _project_voice(value, (*path, i))
    elif isinstance(node, str):
        yield path, node


@pytest.mark.parametrize("path", sorted(BUNDLED_PACK.glob("*.yaml")), ids=lambda p: p.stem)
def test_the_projects_own_words_are_neutral(path: Path) -> None:
    for where, text in _project_voice(_raw(path)):
        assert not NON_NEUTRAL.search(text), f"{path.name} {'.'.join(map(str, where))}: {NON_NEUTRAL.search(text)[0]!r}"


def test_every_lens_names_its_assessment_and_actors() -> None:
    stance_actors = {s.actor for o in PACK.options for s in o.stances}
    for lens in PACK.lenses:
        assert lens.assessment, f"{lens.id} names no assessment"
        assert lens.stance_actors, f"{lens.id} names no stance actors"
        assert set(lens.stance_actors) <= stance_actors


def test_every_side_that_states_a_position_has_a_lens() -> None:
    covered = {a for lens in PACK.lenses for a in lens.stance_actors}
    for actor in ("Donald Trump", REPORT, "Gen. Mark Milley", "Melissa Dalton", "Gen. Glen VanHerck",
                  "Donald Trump's aides", "Bill Barr", "Andrés Manuel López Obrador"):
        assert actor in covered, f"no lens speaks for {actor}"


def test_the_report_and_its_critics_have_assessments() -> None:
    ids = {a.id for a in PACK.assessments}
    assert {"report", "critics", "mexican-government"} <= ids
    for assessment in PACK.assessments:
        assert assessment.cells
        for row in assessment.cells.values():
            for score in row.values():
                assert score.basis == "cited" and score.citations, f"{assessment.id}: a side's belief must be cited"


def test_missing_voices_are_heard() -> None:
    """Heard, not forced into a position: a stance where the text gives one, else what the sources say."""
    heard = " ".join(
        [s.actor for o in PACK.options for s in o.stances]
        + [f"{c.quote} {c.note}" for o in PACK.options for c in o.sources_say]
    )
    for voice in ("Sheinbaum", "Panetta", "Novak", "Richardson"):
        assert voice in heard, f"{voice} is not heard"


NO_CONDITION = re.compile(r"no (specific )?measure|says nothing of|without endorsing|no position", re.IGNORECASE)


UNILATERAL_WARNING = re.compile(r"without the support and the approval|without getting permission|without mexico.s support", re.IGNORECASE)


def test_joint_scored_cells_do_not_cite_warnings_about_action_without_consent() -> None:
    """The second audit: such warnings belong to the context 'Mexico refuses consent', or they count twice."""
    joint = {o.id for o in PACK.options if "Scored here as joint action" in o.description}
    assert joint
    cells = [(f"{o.id}.{c}", s) for o in PACK.options if o.id in joint for c, s in o.scores.items()]
    cells += [(f"{a.id}:{o}.{c}", s) for a in PACK.assessments for o, row in a.cells.items() if o in joint for c, s in row.items()]
    for where, score in cells:
        for citation in score.citations:
            assert not UNILATERAL_WARNING.search(citation.quote), f"{where} cites {citation.quote[:60]!r}"


def test_a_conditional_stance_names_a_condition() -> None:
    """The second audit: 'conditional' was used for actors whom the text gives no position at all."""
    for option in PACK.options:
        for stance in option.stances:
            if stance.position == "conditional":
                assert stance.condition, f"{option.id}: {stance.actor} is conditional on nothing"
                assert not NO_CONDITION.search(stance.condition), f"{option.id}: {stance.actor}: {stance.condition!r}"


def test_milley_opposes_a_military_led_campaign() -> None:
    """Defense One: the military 'should not lead American counter-drug efforts in Mexico', said Milley."""
    war = next(o for o in PACK.options if o.id == "war-to-destroy-cartels")
    stance = next(s for s in war.stances if s.actor == "Gen. Mark Milley")
    assert (stance.position, stance.voice) == ("opposes", "reported")


def test_the_pair_check_is_not_vacuous_for_every_lens(capsys: pytest.CaptureFixture[str]) -> None:
    _, check = _ladder_json(capsys, "record-check")
    assert any(lens["total"] > 0 for lens in check["lenses"]), "no lens has a supported-versus-opposed pair"


def test_withdrawing_from_a_programme_opposes_it() -> None:
    """López Obrador withdrew Mexico from the Mérida Initiative: the report's account shows opposition, not a condition."""
    training = next(o for o in PACK.options if o.id == "partner-training")
    stance = next(s for s in training.stances if s.actor == "Andrés Manuel López Obrador")
    assert (stance.position, stance.voice) == ("opposes", "reported")


def test_asking_about_is_not_the_quote_that_shows_support() -> None:
    for option in PACK.options:
        for stance in option.stances:
            if stance.position == "supports":
                assert "pressed his advisors about" not in stance.citation.quote, f"{option.id}: {stance.actor}"


def test_record_check_thresholds_are_the_bundled_ones() -> None:
    thresholds = PACK.info.record_check
    assert thresholds is not None
    assert (thresholds.min_pair_agreement, thresholds.min_first_rank_acceptability) == (0.9, 0.01)
    assert (thresholds.samples, thresholds.seed) == (20000, 1)


README = Path(__file__).resolve().parents[2] / "README.md"


def _readme_block(name: str) -> str:
    text = README.read_text(encoding="utf-8")
    match = re.search(rf"<!-- {name}:start -->\n(.*?)\n<!-- {name}:end -->", text, re.DOTALL)
    assert match, f"README.md has no {name} block"
    return match.group(1)


def test_readme_lens_block_matches_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    from cli import main

    assert main(["lenses", "--format", "markdown", str(BUNDLED_PACK)]) == 0
    assert _readme_block("bundled-lenses").strip() == capsys.readouterr().out.strip(), (
        "README.md's lens block drifted: paste the output of `ladder lenses --format markdown`"
    )


def _ladder_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict]:
    from cli import main

    code = main([*args, "--format", "json", str(BUNDLED_PACK)])
    return code, json.loads(capsys.readouterr().out)


def test_lenses_do_not_share_one_top_three(capsys: pytest.CaptureFixture[str]) -> None:
    _, summary = _ladder_json(capsys, "lenses")
    sets = {frozenset(row[k].lstrip("= ") for k in ("first", "second", "third")) for row in summary["top"]}
    assert len(summary["top"]) == len(PACK.lenses) and len(sets) > 1


def test_record_check_meets_the_pair_threshold_and_names_every_shortfall(capsys: pytest.CaptureFixture[str]) -> None:
    """Pairs: at least 90% right way round per lens. Options that cannot lead: exactly those README.md names."""
    _, check = _ladder_json(capsys, "record-check")
    for lens in check["lenses"]:
        assert lens["share"] >= PACK.info.record_check.min_pair_agreement, f"{lens['lens']}: {lens['right']}/{lens['total']} pairs"
    flagged = {row["option"] for row in check["supported_options"] if row["flagged"]}
    named = {line.removeprefix("- ").strip() for line in _readme_block("bundled-record-check").splitlines() if line.strip()}
    assert flagged == named, f"README.md names {sorted(named)}; the record check flags {sorted(flagged)}"


def test_every_supported_option_leads_under_the_weighting_the_record_check_opens() -> None:
    """The brief: every option some actor supports must be able to rank first under some weighting with
    that actor's assessment. The record check names one; put on the 0–100 sliders as Weigh & rank does
    (the largest at 100, whole numbers), it ranks that option first. Only the option whose no-case
    note says the texts give it no case of its own may have none."""
    from engine import EDITORS, matrix_from_pack, rank, record_check

    supported = record_check(PACK).supported
    assert len(supported) >= 15
    for option_id, row in supported.iterrows():
        if row["leads_how"] == "none":
            assert row["no_case_note"], f"{option_id}: no weighting puts it first and the pack gives no note"
            continue
        top = max(row["leads_under"].values())
        sliders = {c: round(100 * w / top) for c, w in row["leads_under"].items()}
        assessment = None if row["assessment"] == EDITORS else row["assessment"]
        order = rank(matrix_from_pack(PACK, assessment=assessment), sliders).order
        assert order[0] == option_id, f"{option_id} under {sliders} with {assessment}: {order[:3]}"


NUMBER_WORDS = {w: n for n, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}


def test_the_summary_counts_what_the_pack_holds() -> None:
    """An exploratory test of 2026-11-29: the Ladder page said "scored on eleven criteria" over twelve sliders."""
    summary = PACK.info.summary
    counted = {"criteria": len(PACK.criteria), "source texts": len(PACK.sources), "options": len(PACK.options)}
    found = 0
    for word, noun in re.findall(r"\b(" + "|".join(NUMBER_WORDS) + r")\s+(criteria|source texts|options)\b",
                                  summary):
        assert NUMBER_WORDS[word] == counted[noun], f"the summary says {word} {noun}; the pack has {counted[noun]}"
        found += 1
    assert found >= 1  # the summary names at least one count, so the check checks something
