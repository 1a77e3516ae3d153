"""The app's own CSS: readable contrast for captions, the ranking list, screen-reader-only text."""

from __future__ import annotations

import streamlit as st

CSS = """
<style>
.sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);
  white-space:nowrap;border:0}
[data-testid="stCaptionContainer"] { opacity:1 !important; }
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] * { color:#4a4d57 !important; }
.bottom-line{font-size:1.15rem;line-height:1.5;margin:.2rem 0 .6rem 0;padding:.6rem .9rem;border-left:4px solid #0072B2;
  background:#f3f7fb;color:#111}
.st-key-heatmap_scroll{overflow-x:auto}
ol.ranking-list{margin:0;padding-left:2.2rem;line-height:1.6}
ol.ranking-list .tied{font-weight:600}
ol.ranking-list .move{color:#1d4e89;font-weight:600}
/* A participant's top option on a phone: kept in view while the sliders scroll under it (one-handed use).
   On a wide screen the full preview sits beside the sliders instead. Sticky on Streamlit's wrapper of the
   container, which is the element that moves within the page. */
.st-key-pw_now{background:#fff;border-bottom:1px solid #d6d9e0;padding:.3rem 0}
div:has(> .st-key-pw_now){position:sticky;top:3.75rem;z-index:90}
@media (min-width: 640px){div:has(> .st-key-pw_now){display:none}}
/* The chosen button of a row (segmented control, pills): Streamlit's red on pink is 4.47:1, under 4.5. */
button[data-variant="segmented_control"][aria-checked="true"],
button[data-variant="segmented_control"][aria-checked="true"] *,
button[data-variant="pills"][aria-checked="true"],
button[data-variant="pills"][aria-checked="true"] *{color:#a8283a !important}
/* Keyboard focus that shows: Streamlit marks a focused link or switch only with a faint background. */
a:focus-visible, button:focus-visible, summary:focus-visible,
label:has(input:focus-visible){outline:3px solid #0072B2 !important;outline-offset:2px;border-radius:4px}
/* A slider's thumb shows focus only as a faint ring. */
[data-testid="stSlider"] [role="slider"]:focus-visible{outline:3px solid #0072B2 !important;outline-offset:2px}
/* A chart's or table's toolbar takes focus while it is still transparent: show it while it holds focus. */
[data-testid="stElementToolbar"]:has(:focus-visible){opacity:1 !important}
/* A phone's closed sidebar sits off screen but kept its controls in the Tab order (20 stops to nowhere). */
[data-testid="stSidebar"][data-collapsed="true"]{visibility:hidden}
/* Quotes: Streamlit fades a Markdown quote to 3.9:1 against white; the quotes are what the pack is made of. */
[data-testid="stMarkdownContainer"] blockquote{opacity:1 !important;color:#4a4d57}
</style>
"""


#: Vega draws each chart as an SVG without a name: give it one, from the chart's own title (every
#: chart of ours has one), and point to the words and table beside it. And one status region that lasts
#: (Streamlit replaces its own elements on each rerun, and a live region that arrives already holding its
#: words is often not read out): when the bottom line's words change, they are put in it, so a screen reader
#: says the new bottom line politely, once. Runs once per browser tab.
CHART_NAMES = """<script>(function(){if(window.__ladderChartNames)return;window.__ladderChartNames=true;
const say=document.createElement('div');say.id='ladder-announce';say.className='sr-only';
say.setAttribute('role','status');say.setAttribute('aria-live','polite');document.body.appendChild(say);
let heard=null;
const name=()=>{document.querySelectorAll('[data-testid="stVegaLiteChart"] svg.marks').forEach(svg=>{
 const t=svg.querySelector('.role-title-text');const title=t?t.textContent.trim():'';
 if(!title)return;const label=title+'. Chart; the words and the table beside it give the same numbers.';
 if(svg.getAttribute('aria-label')!==label){svg.setAttribute('role','img');svg.setAttribute('aria-label',label);}});
 const line=document.getElementById('bottom-line');const words=line?line.textContent.trim():null;
 if(words!==null&&words!==heard){if(heard!==null)say.textContent=words;heard=words;}};
new MutationObserver(name).observe(document.body,{childList:true,subtree:true});name();})();</script>"""


def apply() -> None:
    """Add the stylesheet (a style-only st.html goes to an invisible container) and name the charts."""
    st.html(CSS)
    st.html(CHART_NAMES, unsafe_allow_javascript=True, width="content")
