"""The one-page brief (Markdown and HTML) of a ranking: pure functions, no Streamlit."""

from __future__ import annotations

import html
from collections.abc import Sequence

import engine
from schema import Citation, Pack


def _cites_for(pack: Pack, option_id: str, limit: int = 4) -> list[Citation]:
    option = pack.option(option_id)
    cites: list[Citation] = list(option.sources_say)
    for risk in option.risks:
        cites.extend(risk.citations)
    cites.extend(s.citation for s in option.stances)
    return cites[:limit]


def brief_markdown(pack: Pack, scenario: dict, result: engine.RankingResult, sentences: Sequence[str],
                   method_name: str) -> str:
    names = {o.id: o.name for o in pack.options}
    crit = {c.id: c.name for c in pack.criteria}
    ctx = {c.id: c.name for c in pack.contexts}
    out = [f"# Options Ladder brief — {pack.info.title}", "",
           f"Method: {method_name}. Conditions: {', '.join(ctx[c] for c in scenario['contexts']) or 'none'}.", "",
           "## Weights", ""]
    out += [f"- {crit[c]}: {w:.3f}" for c, w in sorted(scenario["weights"].items(), key=lambda kv: -kv[1])]
    if scenario.get("overrides"):
        out += ["", "## Team overrides", ""]
        out += [f"- {names[o['option']]} · {crit[o['criterion']]}: {o['value']:g}" for o in scenario["overrides"]]
    out += ["", "## Ranking", ""]
    for option_id in result.order:
        i = result.option_ids.index(option_id)
        out.append(f"{int(result.ranks[i])}. {names[option_id]} — {result.scores[i]:.3f}")
    out += ["", "## What would change the top option", ""]
    out += [f"- {s}" for s in sentences] or ["- No single weight change moves the top option."]
    out += ["", "## Sources behind the top three", ""]
    for option_id in result.order[:3]:
        out.append(f"### {names[option_id]}")
        for c in _cites_for(pack, option_id):
            out.append(f"> “{c.quote}” — {c.source}")
            out.append("")
    out += ["", "Scores marked judgment are editorial estimates; see the app for each score's basis and rationale."]
    return "\n".join(out) + "\n"


def brief_html(markdown_text: str, title: str) -> str:
    """A self-contained HTML page of the brief; every piece of text is escaped."""
    body: list[str] = []
    in_list: str | None = None
    for line in markdown_text.splitlines():
        tag = None
        if line.startswith("- "):
            tag, text = "ul", line[2:]
        elif line[:1].isdigit() and ". " in line[:5]:
            tag, (number, text) = "ol", line.split(". ", 1)
        if tag != in_list:
            if in_list:
                body.append(f"</{in_list}>")
            if tag:
                body.append(f"<{tag}>")
            in_list = tag
        if tag == "ol":  # keep the given number: tied options share a rank
            body.append(f"<li value={int(number)}>{html.escape(text)}</li>")
        elif tag:
            body.append(f"<li>{html.escape(text)}</li>")
        elif line.startswith("### "):
            body.append(f"<h3>{html.escape(line[4:])}</h3>")
        elif line.startswith("## "):
            body.append(f"<h2>{html.escape(line[3:])}</h2>")
        elif line.startswith("# "):
            body.append(f"<h1>{html.escape(line[2:])}</h1>")
        elif line.startswith("> "):
            body.append(f"<blockquote>{html.escape(line[2:])}</blockquote>")
        elif line.strip():
            body.append(f"<p>{html.escape(line)}</p>")
    if in_list:
        body.append(f"</{in_list}>")
    style = ("body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;line-height:1.45;color:#111}"
             "blockquote{border-left:3px solid #0072B2;margin:.4rem 0;padding-left:.8rem;color:#333}"
             "@media print{body{margin:0}}")
    return (f"<!doctype html><html lang=en><meta charset=utf-8><title>{html.escape(title)}</title>"
            f"<style>{style}</style><body>{''.join(body)}</body></html>\n")
