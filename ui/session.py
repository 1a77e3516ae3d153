"""What the user has chosen, kept in session state and (weights, method, contexts) in the URL.

Widgets are keyed so Streamlit keeps their values: weight sliders (`w_<criterion>`), the method
(`method`) and context toggles (`ctx_<context>`) are bound to query parameters, so a copied link
reproduces the same ranking in another browser. Everything else lives in `st.session_state`.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import json
import re
import zlib
from collections.abc import Mapping

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

import engine
from schema import BUNDLED_PACK, Pack, load_pack
from ui import assessments

METHODS = {
    "wsm": "Weighted sum",
    "wpm": "Weighted product",
    "topsis": "TOPSIS",
    "promethee": "PROMETHEE II",
}
DEFAULT_WEIGHT = 50
WEIGHT_MAX = 100


@st.cache_resource(show_spinner=False)
def bundled_pack() -> Pack:
    """The bundled pack (or the pack the LADDER_PACK environment variable names), loaded once per server.

    One shared object (cache_resource), not a copy per run: unpickling the pack's ~3,000 models
    on every run of every page cost more than the rest of a participant's poll. Nothing changes it."""
    return load_pack(os.environ.get("LADDER_PACK") or BUNDLED_PACK)


def pack_key() -> str:
    """A short id of the pack in use: 'bundled' or a hash of the uploaded pack."""
    return st.session_state.get("pack_key", "bundled")


def current_pack() -> Pack:
    """The pack this browser session uses: an uploaded one if chosen, else the bundled one."""
    uploaded = st.session_state.get("uploaded_pack")
    if uploaded is not None and st.session_state.get("pack_key", "bundled") != "bundled":
        return uploaded
    return bundled_pack()


def use_uploaded_pack(pack: Pack) -> None:
    digest = hashlib.sha256(pack.model_dump_json().encode()).hexdigest()[:12]
    st.session_state["uploaded_pack"] = pack
    st.session_state["pack_key"] = f"upload-{digest}"
    reset_choices()


def use_bundled_pack() -> None:
    st.session_state["pack_key"] = "bundled"
    reset_choices()


def reset_choices() -> None:
    """Forget weights, contexts and overrides that belonged to another pack."""
    for key in list(st.session_state):
        if isinstance(key, str) and key.startswith(("w_", "ctx_")):
            del st.session_state[key]
    st.session_state["overrides"] = {}
    st.session_state.pop("previous_places", None)  # arrows count from this pack's first ranking
    st.session_state.pop("current_places", None)
    st.session_state.pop("assessment", None)


def weight_key(criterion_id: str) -> str:
    return f"w_{criterion_id}"


def is_weight_key(key: str) -> bool:
    """Is this session-state key a criterion's weight slider (see :func:`weight_key`)?"""
    return key.startswith("w_")


def context_key(context_id: str) -> str:
    return f"ctx_{context_id}"


def raw_weights(pack: Pack) -> dict[str, float]:
    """Slider values (0–100) per criterion, the defaults where a slider was never moved."""
    return {c.id: float(st.session_state.get(weight_key(c.id), DEFAULT_WEIGHT)) for c in pack.criteria}


def weights(pack: Pack) -> dict[str, float]:
    """Normalised weights (sum 1); equal weights when every slider is at zero."""
    raw = raw_weights(pack)
    total = sum(raw.values())
    if total <= 0:
        return {k: 1 / len(raw) for k in raw}
    return {k: v / total for k, v in raw.items()}


def all_zero(pack: Pack) -> bool:
    return sum(raw_weights(pack).values()) <= 0


def set_weights(pack: Pack, new: Mapping[str, float]) -> None:
    """Put weights on the sliders (scaled so the largest is 100). Call from a callback."""
    top = max((float(new.get(c.id, 0.0)) for c in pack.criteria), default=0.0)
    for c in pack.criteria:
        value = float(new.get(c.id, 0.0))
        st.session_state[weight_key(c.id)] = int(round(WEIGHT_MAX * value / top)) if top > 0 else 0


ARRIVAL = "weigh_arrival"
# Our own fixed script, no user text: switch_page keeps the previous page's scroll position.
_SCROLL_TO_TOP_JS = ("<script>for (const el of [document.scrollingElement, "
                     "...document.querySelectorAll('[data-testid=\"stMain\"], [data-testid=\"stAppViewContainer\"]')]) "
                     "{ if (el) el.scrollTo(0, 0); }</script>")


def send_to_weigh(pack: Pack, new: Mapping[str, float]) -> None:
    """From another page's callback: weights for Weigh & rank to put on its sliders when it opens."""
    set_weights(pack, new)
    st.session_state[ARRIVAL] = {weight_key(c.id): st.session_state[weight_key(c.id)] for c in pack.criteria}


def weigh_link() -> dict[str, str]:
    """The link parameters of the weights sent to Weigh & rank, for ``st.switch_page(..., query_params=...)``:
    the sliders were not drawn in the run before, so Streamlit would not write them into the link."""
    return {k: str(v) for k, v in st.session_state.get(ARRIVAL, {}).items()}


WEIGHTS_AS_LEFT = "_weights_as_left"  # (pack key, the sliders' values) when Weigh & rank last ran


def arrive_on_weigh(pack: Pack) -> None:
    """At the top of Weigh & rank: weights another page sent take effect in this run, before the
    sliders are drawn (a value set in the same run wins over a slider value the browser still
    holds from an earlier visit), and the page opens at its top.

    A link with no weights at all, in a session that has set some, is the browser's Back or Forward
    from another page (the other pages' links carry the method and the conditions, not the weights):
    the sliders take the values they had when this page last ran, not their middle values."""
    values = st.session_state.pop(ARRIVAL, None)
    if values:
        st.session_state.update(values)
        st.html(_SCROLL_TO_TOP_JS, unsafe_allow_javascript=True, width="content")
        return
    left = st.session_state.get(WEIGHTS_AS_LEFT)
    ctx = get_script_run_ctx()
    back_or_forward = bool(ctx is not None and getattr(ctx, "is_history_navigation", False))
    if back_or_forward and left and left[0] == pack_key() and not any(is_weight_key(k) for k in st.query_params):
        kept = {weight_key(c.id): left[1][c.id] for c in pack.criteria if c.id in left[1]}
        if any(v != DEFAULT_WEIGHT for v in kept.values()):
            # Streamlit gives a slider bound to the link its default when Back or Forward brings a link
            # without it, over any value set in this run; in the next run the values set here win.
            st.session_state.update(kept)
            st.rerun()


def weights_as_left(pack: Pack) -> None:
    """At the end of Weigh & rank's weights: remember the sliders' values for :func:`arrive_on_weigh`."""
    st.session_state[WEIGHTS_AS_LEFT] = (pack_key(), {c.id: st.session_state.get(weight_key(c.id), DEFAULT_WEIGHT)
                                                      for c in pack.criteria})


def method() -> str:
    value = st.session_state.get("method", "wsm")
    return value if value in METHODS else "wsm"


def active_contexts(pack: Pack) -> list[str]:
    return [c.id for c in pack.contexts if st.session_state.get(context_key(c.id), False)]


def overrides() -> dict[tuple[str, str], float]:
    return dict(st.session_state.get("overrides", {}))


def matrix(pack: Pack) -> engine.DecisionMatrix:
    """The decision matrix with the chosen contexts and the team's overrides applied."""
    return _matrix(pack_key(), tuple(active_contexts(pack)), tuple(sorted(overrides().items())), pack,
                   assessments.current(pack))


@st.cache_data(show_spinner=False, max_entries=64)
def _matrix(key: str, contexts: tuple[str, ...], overrides_items: tuple, _pack: Pack,
            assessment: str | None = None) -> engine.DecisionMatrix:
    return engine.matrix_from_pack(_pack, contexts=contexts, overrides=dict(overrides_items), assessment=assessment)


def scenario(pack: Pack, name: str = "") -> dict:
    """Everything that makes the current ranking, as plain data (saved, downloaded, compared)."""
    return {
        "name": name,
        "pack": pack.info.title,
        "pack_key": pack_key(),
        "method": method(),
        "weights": weights(pack),
        "raw_weights": raw_weights(pack),
        "contexts": active_contexts(pack),
        "assessment": assessments.current(pack),
        "overrides": [{"option": o, "criterion": c, "value": v} for (o, c), v in sorted(overrides().items())],
    }


def scenario_from_json(body: bytes, pack: Pack) -> tuple[dict, dict]:
    """A downloaded scenario file read back: (the file's data, the scenario). ValueError says what is wrong,
    and names the pack the scenario was made with when it is another one."""
    try:
        data = json.loads(body.decode("utf-8"))
        scenario = {
            "method": str(data["method"]),
            "weights": {str(k): float(v) for k, v in data["weights"].items()},
            **({"raw_weights": {str(k): float(v) for k, v in data["raw_weights"].items()}}
               if isinstance(data.get("raw_weights"), dict) else {}),
            "contexts": [str(c) for c in data.get("contexts", [])],
            "overrides": [{"option": str(o["option"]), "criterion": str(o["criterion"]), "value": float(o["value"])}
                          for o in data.get("overrides", [])],
            "assessment": str(data["assessment"]) if data.get("assessment") else None,
        }
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError) as exc:
        raise ValueError(str(exc) or type(exc).__name__) from None
    criteria = {c.id for c in pack.criteria}
    contexts = {c.id for c in pack.contexts}
    options = {o.id for o in pack.options}
    unknown = ([k for k in scenario["weights"] if k not in criteria]
               + [c for c in scenario["contexts"] if c not in contexts]
               + [o["option"] for o in scenario["overrides"] if o["option"] not in options]
               + [a for a in [scenario["assessment"]] if a and all(x.id != a for x in pack.assessments)])
    if unknown or scenario["method"] not in METHODS:
        made_with = str(data.get("pack") or "").strip()
        if made_with and made_with != pack.info.title:  # a scenario says which pack it was made with
            raise ValueError(f"it was made with the case pack “{made_with[:120]}”; upload that pack on Your pack "
                             "first")
        raise ValueError(f"it names ids this pack does not have: {', '.join(unknown) or scenario['method']}")
    return data, scenario


# --------------------------------------------------------------------------- saved scenarios
#: The saved scenarios travel in the page's link (a widget bound to this query parameter), so a
#: reload or a copied link brings them back; ``st.session_state["scenarios"]`` is the working copy.
SCENARIOS_LINK_KEY = "scenarios_link"
MAX_SCENARIOS = 8


def encode_scenarios(saved: Mapping[str, dict]) -> str:
    """Saved scenarios as a short URL-safe string (compact JSON, deflated, base64url)."""
    if not saved:
        return ""
    compact = {name: {"m": sc["method"], "w": {c: round(float(v), 2) for c, v in
                                               (sc.get("raw_weights") or sc["weights"]).items()},
                      "r": bool(sc.get("raw_weights")),
                      "c": list(sc["contexts"]),
                      "o": [[o["option"], o["criterion"], o["value"]] for o in sc["overrides"]],
                      **({"a": sc["assessment"]} if sc.get("assessment") else {})}
               for name, sc in saved.items()}
    data = zlib.compress(json.dumps(compact, separators=(",", ":")).encode(), 9)
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def decode_scenarios(text: str) -> dict[str, dict]:
    """The inverse of :func:`encode_scenarios`; ValueError for a link that does not hold scenarios."""
    if not text:
        return {}
    try:
        data = zlib.decompress(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)), bufsize=65536)
        compact = json.loads(data)
        out: dict[str, dict] = {}
        for name, sc in list(compact.items())[:MAX_SCENARIOS]:
            given = {str(c): float(v) for c, v in sc["w"].items()}
            total = sum(given.values())
            normal = {c: (v / total if total > 0 else 1 / len(given)) for c, v in given.items()}
            out[str(name)[:60]] = {
                "name": str(name)[:60], "method": str(sc["m"]), "weights": normal,
                **({"raw_weights": given} if sc.get("r") else {}),
                "contexts": [str(c) for c in sc["c"]],
                "overrides": [{"option": str(o), "criterion": str(c), "value": float(v)} for o, c, v in sc["o"]],
                "assessment": str(sc["a"]) if sc.get("a") else None,
            }
        return out
    except (ValueError, KeyError, TypeError, AttributeError, zlib.error, binascii.Error) as exc:
        raise ValueError("the saved scenarios in this link are damaged") from exc


def saved_scenarios() -> dict[str, dict]:
    """The working copy of the saved scenarios (loaded from the link on the first run)."""
    return st.session_state.setdefault("scenarios", {})


def sync_scenarios_from_link() -> str | None:
    """On a new session, take the saved scenarios from the link; returns a problem to show, if any."""
    if "scenarios" in st.session_state:
        return None
    try:
        st.session_state["scenarios"] = decode_scenarios(st.session_state.get(SCENARIOS_LINK_KEY, ""))
    except ValueError as exc:
        st.session_state["scenarios"] = {}
        return f"Not loaded: {exc}."
    return None


def save_scenario(name: str, data: dict) -> None:
    """Save (or replace) a named scenario and put the set in the link. Call from a callback."""
    saved = saved_scenarios()
    saved[name] = {**data, "name": name}
    while len(saved) > MAX_SCENARIOS:
        saved.pop(next(iter(saved)))
    st.session_state[SCENARIOS_LINK_KEY] = encode_scenarios(saved)


def file_stem(name: str, default: str = "options-ladder-scenario") -> str:
    """A download file name from a scenario name: 'Harm first, no consent' → 'harm-first-no-consent'."""
    stem = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:50]
    return stem or default
