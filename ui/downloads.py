"""Save a named scenario (kept in the link) and download it, the ranking and the one-page brief,
each file named after the scenario.

The files are made on each run of the page, at its end (after the charts), not deferred to the
click: Streamlit deletes a deferred file once two script runs have ended anywhere on the server,
and replaces a deferred button's file on every rerun, so on a server whose seminar rooms poll many
times a second a click could fetch a file that was already gone (a nameless, failed download).
A file made with the page stays until the page changes it. The scenario and the ranking are cheap
and made on every run; the brief (2,000 draws for "how sure") is made when asked for ("Make the
brief"), kept for that scenario, and asked for again after a change, so a weight change never
pays for it."""

from __future__ import annotations

import json
from collections.abc import Sequence

import streamlit as st

import engine
from schema import Pack
from ui import brief, plain, session
from ui.text import csv_cell, md

BRIEF_SMAA_SAMPLES = 2000
MAX_SCENARIO_NAME = 60


def _save(pack: Pack) -> None:
    name = (st.session_state.get("scenario_name") or "").strip()
    if not name:
        st.session_state["scenario_saved"] = ("warning", "Give the scenario a name first.")
        return
    if len(name) > MAX_SCENARIO_NAME:
        st.session_state["scenario_saved"] = (
            "warning", f"The name is {len(name)} characters long: shorten it to at most {MAX_SCENARIO_NAME} and save again.")
        return
    session.save_scenario(name, session.scenario(pack, name))
    st.session_state["scenario_saved"] = ("success", f"Saved “{md(name)}”. Compare saved scenarios on the Compare page.")


def brief_files(pack: Pack, scenario: dict, matrix: engine.DecisionMatrix, result: engine.RankingResult,
                flips: Sequence[plain.SliderFlip]) -> dict:
    """The brief's data, with a short SMAA run (perturbed weights) for the 'how sure' sentence."""
    method_name = session.METHODS[scenario["method"]]
    smaa = engine.smaa(matrix, scenario["weights"], samples=BRIEF_SMAA_SAMPLES, seed=0, weights_mode="perturbed",
                       method=scenario["method"])
    label = f"{BRIEF_SMAA_SAMPLES:,} draws of the scores in their ranges and of weights within ±10%, {method_name}"
    return brief.brief_data(pack, scenario, result, flips, method_name, smaa=smaa, smaa_label=label)


def _brief_key(scenario: dict) -> str:
    return json.dumps(scenario, sort_keys=True, default=str)  # names the pack (pack_key) and all it ranks with


def _make_brief(pack: Pack, scenario: dict, matrix: engine.DecisionMatrix, result: engine.RankingResult,
                flips: Sequence[plain.SliderFlip]) -> None:
    """Make the brief, as HTML and as Markdown, for this scenario (a button's callback)."""
    data = brief_files(pack, scenario, matrix, result, flips)
    st.session_state["_brief_files"] = (_brief_key(scenario), (brief.brief_html(data), brief.brief_markdown(data)))


def section(pack: Pack, matrix: engine.DecisionMatrix, result: engine.RankingResult,
            flips: Sequence[plain.SliderFlip]) -> None:
    st.subheader("Save and download")
    c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
    c1.text_input("Scenario name", key="scenario_name", placeholder="e.g. Harm first, no consent")
    c2.button("Save scenario", on_click=_save, args=(pack,), width="stretch")
    message = st.session_state.pop("scenario_saved", None)
    if message:
        getattr(st, message[0])(message[1])
    name = (st.session_state.get("scenario_name") or "").strip()
    scenario = session.scenario(pack, name)
    stem = session.file_stem(name)

    held = st.session_state.get("_brief_files")
    d1, d2, d3, d4 = st.columns(4)
    if held is not None and held[0] == _brief_key(scenario):
        html_brief, markdown_brief = held[1]
        d1.download_button("Brief (HTML, one page)", html_brief, f"{stem}-brief.html", "text/html",
                           on_click="ignore", type="primary")
        d2.download_button("Brief (Markdown)", markdown_brief, f"{stem}-brief.md", "text/markdown",
                           on_click="ignore")
    else:
        d1.button("Make the brief", type="primary", on_click=_make_brief, args=(pack, scenario, matrix, result, flips),
                  help="A one-page brief of this scenario (HTML and Markdown), with 2,000 draws for how sure the "
                       "ranking is. Made when you ask; a change to the scenario asks for it again.")
        d2.caption("The brief's two downloads appear here once it is made.")
    d3.download_button("Scenario (JSON)", json.dumps(scenario, indent=2), f"{stem}.json", "application/json",
                       on_click="ignore")
    d4.download_button("Ranking (CSV)", ranking_csv(pack, result, scenario), f"{stem}-ranking.csv", "text/csv",
                       on_click="ignore")
    st.caption("Files are named after the scenario. Saved scenarios stay in this page's link: bookmark or copy it "
               "to keep them.")


def ranking_csv(pack: Pack, result: engine.RankingResult, scenario: dict) -> str:
    """The ranking with what made it (scenario, method, conditions, assessment) on every row, numbers to six
    places; a text cell that a spreadsheet would run as a formula starts with an apostrophe."""
    table = result.table().round(6)
    conditions = [c.name for c in pack.contexts if c.id in scenario.get("contexts", [])]
    held = scenario.get("assessment")
    assessment = next((a.name for a in getattr(pack, "assessments", None) or [] if a.id == held), "The editors' scores")
    table = table.assign(scenario=scenario.get("name", ""), method=session.METHODS.get(scenario.get("method"), ""),
                         conditions="; ".join(conditions) or "none", assessment=assessment)
    for column in ("name", "scenario", "conditions", "assessment"):
        table[column] = [csv_cell(v) for v in table[column]]
    numbers = table.select_dtypes("number").columns.difference(["rank"])
    table[numbers] = table[numbers].round(6) + 0.0  # + 0.0: no "-0.0"
    return table.to_csv(index=False, float_format="%.6f")
