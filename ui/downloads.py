"""Downloads and saved scenarios: scenario JSON (re-uploadable), ranking CSV, one-page brief."""

from __future__ import annotations

import json

import streamlit as st

import engine
from schema import Pack
from ui import brief, session


def section(pack: Pack, matrix: engine.DecisionMatrix, result: engine.RankingResult) -> None:
    scenario = session.scenario(pack)
    st.subheader("Save and download")
    c1, c2 = st.columns([2, 1])
    name = c1.text_input("Scenario name", key="scenario_name", max_chars=60, placeholder="e.g. Milley lens, no consent")
    if c2.button("Save scenario"):
        if not name.strip():
            st.warning("Give the scenario a name first.")
        else:
            st.session_state.setdefault("scenarios", {})[name.strip()] = scenario
            st.success(f"Saved “{name.strip()}”. Compare saved scenarios on the Compare page.")
    sentences = engine.flip_sentences(matrix, session.weights(pack), method=session.method())
    text = brief.brief_markdown(pack, scenario, result, sentences, session.METHODS[session.method()])
    d1, d2, d3, d4 = st.columns(4)
    d1.download_button("Scenario (JSON)", json.dumps(scenario, indent=2), "scenario.json", "application/json")
    d2.download_button("Ranking (CSV)", ranking_csv(pack, result), "ranking.csv", "text/csv")
    d3.download_button("Brief (Markdown)", text, "brief.md", "text/markdown")
    d4.download_button("Brief (HTML)", brief.brief_html(text, pack.info.title), "brief.html", "text/html")


def ranking_csv(pack: Pack, result: engine.RankingResult) -> str:
    table = result.table()
    return table.to_csv(index=False)
