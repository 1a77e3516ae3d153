"""The one-page brief of a scenario: data first (:func:`brief_data`), then Jinja2 templates for
HTML (autoescaped, sized to print on one A4 or Letter page) and Markdown (every piece of pack or
user text escaped, so it stays text). Pure functions: no Streamlit."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from urllib.parse import quote

import engine
from schema import Citation, Pack
from ui import plain
from ui.text import in_sentence, md, md_text

TEMPLATES = Path(__file__).resolve().parent / "brief_templates"
TOP_OPTIONS = 3
RANKED_SHOWN = 8
QUOTE_WORDS = 38


def _url_md(url: str) -> str:
    """A URL safe inside a Markdown autolink <…>; anything not http(s) becomes plain escaped text."""
    if not re.match(r"https?://", url):
        return md(url)
    return quote(url, safe=":/?#[]@!$&'()*+,;=%-._~")


@functools.cache
def _environment(autoescape: bool):
    """The Jinja2 environment (imported on first use: a brief is made only when downloaded)."""
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=autoescape,
                             undefined=jinja2.StrictUndefined, trim_blocks=False, lstrip_blocks=False,
                             keep_trailing_newline=True)
    env.filters["md"] = md_text if not autoescape else md  # the Markdown brief is also read as plain text
    env.filters["urlmd"] = _url_md
    return env




def _shorten(quote_text: str, words: int = QUOTE_WORDS) -> str:
    parts = quote_text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def _arguments(pack: Pack, option_id: str) -> tuple[tuple[str, Citation] | None, tuple[str, Citation] | None]:
    """One cited argument for and one against an option, the first the pack gives (the tool ranks no argument
    above another): a supporter's words, else a conditional supporter's, else the sources'; a critic's, else
    the first cited risk's. A reporter's summary is named as reported."""
    option = pack.option(option_id)
    supports = [s for s in option.stances if s.position == "supports"]
    conditional = [s for s in option.stances if s.position == "conditional"]
    opposes = [s for s in option.stances if s.position == "opposes"]
    if supports:
        for_ = (pack.stance_who(supports[0], role=False), supports[0].citation)
    elif conditional:
        for_ = (pack.stance_who(conditional[0], role=False) + ", on a condition", conditional[0].citation)
    else:
        for_ = ("the sources", option.sources_say[0]) if option.sources_say else None
    against = (pack.stance_who(opposes[0], role=False), opposes[0].citation) if opposes else (
        (f"risk: {option.risks[0].title}", option.risks[0].citations[0]) if option.risks else None)
    return for_, against


def robustness_sentence(flips: Sequence[plain.SliderFlip], names: Mapping[str, str],
                        smaa: engine.SMAAResult | None, smaa_label: str = "") -> str:
    """How sure: the nearest slider flip, and SMAA's first-rank shares, in a sentence or two."""
    if flips:
        nearest = flips[0]
        sentence = plain.flip_sentence(nearest, names)
        text = ("A knife-edge: " if nearest.knife_edge else "Stability: ") + sentence[0].lower() + sentence[1:]
    else:
        text = "Stability: no single slider move (0–100) changes the top option."
    if smaa is not None:
        first = smaa.first_rank.sort_values(ascending=False)
        shares = [f"{names[o]} {p:.0%}" for o, p in first.head(3).items() if p > 0]
        text += f" Uncertainty ({smaa_label}): first place in " + plain.join_names(shares) + " of the draws."
    return text


def brief_data(pack: Pack, scenario: Mapping, result: engine.RankingResult, flips: Sequence[plain.SliderFlip],
               method_name: str, smaa: engine.SMAAResult | None = None, smaa_label: str = "",
               today: dt.date | None = None) -> dict:
    """Everything the brief shows, as plain data (names, numbers, quotes, sources)."""
    names = {o.id: o.name for o in pack.options}
    crit = {c.id: c.name for c in pack.criteria}
    ctx = {c.id: c.name for c in pack.contexts}
    raw = scenario.get("raw_weights") or {c: 100 * w for c, w in scenario["weights"].items()}
    top_raw = max(raw.values()) if raw else 0
    weights = sorted(({"name": crit[c], "points": int(round(v)), "share": scenario["weights"].get(c, 0.0)}
                      for c, v in raw.items() if c in crit), key=lambda w: (-w["points"], w["name"]))
    if top_raw <= 0:
        weights = [{**w, "points": 0} for w in weights]
    items = plain.ranking_items(result, names)
    refs: dict[str, int] = {}

    def cite(who: str, c: Citation) -> dict:
        ref = refs.setdefault(c.source, len(refs) + 1)
        return {"who": who, "quote": _shorten(c.quote), "ref": ref}

    top_options = []
    for item in items[:TOP_OPTIONS]:
        for_, against = _arguments(pack, item["id"])
        top_options.append({"rank": item["rank"], "name": item["name"],
                            "for_": cite(*for_) if for_ else None, "against": cite(*against) if against else None})
    sources = []
    for source_id, ref in refs.items():
        s = pack.source(source_id)
        sources.append({"ref": ref, "title": s.title, "publisher": s.publisher, "date": s.date, "url": s.url})
    overrides = [f"{names[o['option']]} · {crit[o['criterion']]}: {o['value']:g}" for o in scenario.get("overrides", [])]
    return {
        "scenario_name": scenario.get("name") or "Unnamed scenario",
        "pack_title": pack.info.title,
        "date": (today or dt.date.today()).isoformat(),
        "bottom_line": plain.bottom_line(result, names, flips, in_sentence(method_name)),
        "method": method_name,
        "conditions": [ctx[c] for c in scenario.get("contexts", []) if c in ctx],
        "assessment": next((a.name for a in pack.assessments if a.id == scenario.get("assessment")),
                           "the editors' scores"),
        "overrides": overrides,
        "weights": weights,
        "ranking": items[:RANKED_SHOWN],
        "more": max(0, len(items) - RANKED_SHOWN),
        "robustness": robustness_sentence(flips, names, smaa, smaa_label),
        "top_options": top_options,
        "sources": sources,
    }


def brief_html(data: Mapping) -> str:
    """A self-contained HTML page (no outside requests) that prints on one page."""
    return _environment(True).get_template("brief.html.j2").render(**data)


def brief_markdown(data: Mapping) -> str:
    """The same brief as Markdown; pack and user text are escaped."""
    return _environment(False).get_template("brief.md.j2").render(**data)


