"""Save a named scenario (kept in the link) and download it, the ranking and the one-page brief,
each file named after the scenario. Files are made only when asked for (deferred), so a weight
change does not pay for them."""

from __future__ import annotations

import json
from collections.abc import Sequence

import streamlit as st

import engine
from schema import Pack
from ui import brief, plain, session

BRIEF_SMAA_SAMPLES = 2000


def _save(pack: Pack) -> None:
    name = (st.session_state.get("scenario_name") or "").strip()
    if not name:
        st.session_state["scenario_saved"] = ("warning", "Give the scenario a name first.")
        return
    session.save_scenario(name, session.scenario(pack, name))
    st.session_state["scenario_saved"] = ("success", f"Saved “{name}”. Compare saved scenarios on the Compare page.")


def brief_files(pack: Pack, scenario: dict, matrix: engine.DecisionMatrix, result: engine.RankingResult,
                flips: Sequence[plain.SliderFlip]) -> dict:
    """The brief's data, with a short SMAA run (perturbed weights) for the 'how sure' sentence."""
    method_name = session.METHODS[scenario["method"]]
    smaa = engine.smaa(matrix, scenario["weights"], samples=BRIEF_SMAA_SAMPLES, seed=0, weights_mode="perturbed",
                       method=scenario["method"])
    label = f"{BRIEF_SMAA_SAMPLES:,} draws of the scores in their ranges and of weights within ±10%, {method_name}"
    return brief.brief_data(pack, scenario, result, flips, method_name, smaa=smaa, smaa_label=label)


def section(pack: Pack, matrix: engine.DecisionMatrix, result: engine.RankingResult,
            flips: Sequence[plain.SliderFlip]) -> None:
    st.subheader("Save and download")
    c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
    c1.text_input("Scenario name", key="scenario_name", max_chars=60, placeholder="e.g. Harm first, no consent")
    c2.button("Save scenario", on_click=_save, args=(pack,), width="stretch")
    message = st.session_state.pop("scenario_saved", None)
    if message:
        getattr(st, message[0])(message[1])
    name = (st.session_state.get("scenario_name") or "").strip()
    scenario = session.scenario(pack, name)
    stem = session.file_stem(name)

    def html_brief() -> str:
        return brief.brief_html(brief_files(pack, scenario, matrix, result, flips))

    def markdown_brief() -> str:
        return brief.brief_markdown(brief_files(pack, scenario, matrix, result, flips))

    d1, d2, d3, d4 = st.columns(4)
    d1.download_button("Brief (HTML, one page)", html_brief, f"{stem}-brief.html", "text/html", on_click="ignore",
                       type="primary")
    d2.download_button("Brief (Markdown)", markdown_brief, f"{stem}-brief.md", "text/markdown", on_click="ignore")
    d3.download_button("Scenario (JSON)", lambda: json.dumps(scenario, indent=2), f"{stem}.json", "application/json",
                       on_click="ignore")
    d4.download_button("Ranking (CSV)", lambda: ranking_csv(pack, result), f"{stem}-ranking.csv", "text/csv",
                       on_click="ignore")
    st.caption("Files are named after the scenario. Saved scenarios stay in this page's link: bookmark or copy it "
               "to keep them.")


def ranking_csv(pack: Pack, result: engine.RankingResult) -> str:
    table = result.table()
    return table.to_csv(index=False)
