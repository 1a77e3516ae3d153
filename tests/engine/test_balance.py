"""The balance report counts what a pack author needs to see a lopsided pack."""

from __future__ import annotations

from engine._balance import NOT_TIED, balance_report
from schema import Pack, PackInfo, Source
from tests.engine.sided_packs import option, two_sides


def test_stances_by_side_follow_the_lenses_stance_actors() -> None:
    report = balance_report(two_sides(), samples=2000)
    assert report.stances.to_dict(orient="index") == {
        "Hawk": {"supports": 1, "opposes": 1, "conditional": 0, "own words": 2, "reported": 0},
        "Dove": {"supports": 1, "opposes": 2, "conditional": 0, "own words": 3, "reported": 0},
        NOT_TIED: {"supports": 1, "opposes": 0, "conditional": 0, "own words": 1, "reported": 0},
    }


def test_quotes_per_source_count_every_citation() -> None:
    quotes = balance_report(two_sides(), samples=2000).quotes
    assert quotes.loc["src", ["quotes", "scores", "stances", "lenses", "assessments"]].tolist() == [19, 6, 6, 4, 3]


def test_options_that_can_never_lead() -> None:
    never = balance_report(two_sides(), samples=2000).never_lead
    assert never.index.tolist() == ["strike"]
    assert never.loc["strike", "can lead with"] == "As the hawks assess them"  # names, as the app shows them
    assert never.loc["strike", "dominated by"] == "“Talks”"  # quoted: an option's name may hold a comma
    assert never.loc["strike", "first rank (editors)"] == 0


def test_context_effects_by_direction_use_the_criterion_direction(pack) -> None:
    contexts = balance_report(pack, samples=1000).contexts
    # drought: dam benefit −1 (worse), wells cost +3 (worse); flood: dam benefit +1 (better);
    # boom: pipes reach −2 (worse)
    assert contexts[["better", "worse"]].to_dict(orient="index") == {
        "drought": {"better": 0, "worse": 2}, "flood": {"better": 1, "worse": 0}, "boom": {"better": 0, "worse": 1},
    }


def test_cited_strengths_and_weaknesses_per_option() -> None:
    options = balance_report(two_sides(), samples=2000).options
    # scale 1–5, middle 3: talks effect 3 (neither), harm 1 (strength); wall effect 5, harm 5;
    # strike effect 2 (weakness), harm 4 (weakness)
    assert options[["cited strengths", "cited weaknesses", "supporters", "opponents"]].to_dict(orient="index") == {
        "talks": {"cited strengths": 1, "cited weaknesses": 0, "supporters": 1, "opponents": 1},
        "wall": {"cited strengths": 1, "cited weaknesses": 1, "supporters": 1, "opponents": 1},
        "strike": {"cited strengths": 0, "cited weaknesses": 2, "supporters": 1, "opponents": 1},
    }


def test_figures_count_for_the_side_whose_stances_quote_their_source() -> None:
    from schema import Citation, Figure, Source

    pack = two_sides()
    hawk_src = Citation(source="hawk-paper", quote="a hawk's number")
    options = []
    for option in pack.options:
        stances = [s.model_copy(update={"citation": hawk_src}) if s.actor == "Hawk" else s for s in option.stances]
        figures = [Figure(label="cost", value="$1", citation=hawk_src),
                   Figure(label="deaths", value="10", citation=Citation(source="src", quote="q"))]
        options.append(option.model_copy(update={"stances": stances, "figures": figures if option.id == "strike" else []}))
    pack = pack.model_copy(update={"options": options,
                                   "sources": [*pack.sources, Source(id="hawk-paper", title="Hawk paper")]})
    figures = balance_report(pack, samples=500).figures["figures"].to_dict()
    # hawk-paper is quoted only in Hawk's stances; src in the Dove's and the untied Builder's: shared
    assert figures == {("Hawk", "hawk-paper"): 1, ("shared", "src"): 1}


def test_an_option_that_can_only_tie_for_first_cannot_lead() -> None:
    """Middle (utilities ½, ½) is never strictly first: it only ties with Bold (1, 0) and Careful (0, 1) at equal
    weights. The balance report says it cannot lead, as the record check does ("no weighting puts it strictly
    first"); before, a tie counted as leading and the two reports disagreed."""
    base = two_sides()
    options = [option("bold", 0, {"effect": 5, "harm": 5}), option("careful", 1, {"effect": 1, "harm": 1}),
               option("middle", 2, {"effect": 3, "harm": 3})]
    pack = Pack(info=PackInfo(schema_version=1, title="tie"), sources=[Source(id="src", title="Source")],
                criteria=base.criteria, options=options)
    never = balance_report(pack, samples=2000).never_lead
    assert never.index.tolist() == ["middle"]
    assert never.loc["middle", "can lead with"] == "no set of scores"
    assert never.loc["middle", "dominated by"] == ""
