"""The smallest page with bench_app.py's milestones: Streamlit's own floor on this machine.

One slider, the same kind of ranking list (st.html with id ranking-list) and bottom line that follow
it, and one small Altair chart. No pack, no engine: what `bench/bench_app.py --floor` times here is
the cost of Streamlit, the browser and the machine, against which the app's figures can be read.
"""

import altair as alt
import pandas as pd
import streamlit as st

value = st.slider("Weight", 0, 100, 50)
scores = {f"Option {k}": (value * (k + 1)) % 97 for k in range(17)}
order = sorted(scores, key=scores.get, reverse=True)
st.html(f'<p id="bottom-line">Top option: {order[0]}</p>')
st.html('<ol id="ranking-list">' + "".join(f"<li>{name}: {scores[name]}</li>" for name in order) + "</ol>")
frame = pd.DataFrame({"option": list(scores), "score": list(scores.values())})
st.altair_chart(alt.Chart(frame).mark_bar().encode(x="score:Q", y=alt.Y("option:N", sort="-x")))
