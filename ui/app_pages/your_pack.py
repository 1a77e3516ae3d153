"""Your pack: upload a pack or a CSV matrix, read the validation report, use it for this session."""

from __future__ import annotations

import streamlit as st

import engine
from schema import PackError, json_schemas, load_pack_bytes
from ui import session, template
from ui.text import md

st.title("Your pack")
st.markdown("Upload a case pack (a **.zip** of a pack folder, or one **.yaml**/**.json** file) or a spreadsheet "
            "matrix (**.csv**). It is checked and, if valid, used **for this browser session only**: the bundled "
            "pack is never changed.")

upload = st.file_uploader("Pack or matrix", type=["zip", "yaml", "yml", "json", "csv"], key="pack_upload")
if upload is not None:
    data = upload.getvalue()
    if upload.name.lower().endswith(".csv"):
        try:
            matrix, csv_weights = engine.matrix_from_csv(template.upload_text(data))
        except ValueError as exc:
            st.error(f"{md(upload.name)}: {md(str(exc))}")
        else:
            st.success(f"{md(upload.name)}: a matrix of {len(matrix.option_ids)} options × "
                       f"{len(matrix.criterion_ids)} criteria.")
            w = csv_weights or {c: 1.0 for c in matrix.criterion_ids}
            result = engine.rank(matrix, w, method=session.method())
            st.caption("Weighted sum normalises each column min–max over the data (a CSV has no scales)."
                       if session.method() == "wsm" else "")
            st.dataframe(result.table(), hide_index=True, width="stretch")
    else:
        try:
            pack = load_pack_bytes(upload.name, data)
        except PackError as exc:
            st.error(f"{len(exc.problems)} problem{'' if len(exc.problems) == 1 else 's'} in {md(upload.name)}. Fix them and upload again; "
                     "nothing was changed.")
            st.code("\n".join(str(p) for p in exc.problems), language=None, wrap_lines=True)
        else:
            st.success(f"{md(upload.name)} is valid: {template.pack_counts(pack)}.")
            st.button("Use this pack for my session", type="primary", on_click=session.use_uploaded_pack, args=(pack,))

if session.pack_key() != "bundled":
    st.info(f"In use for this session: {md(session.current_pack().info.title)} (uploaded).")
    st.button("Go back to the bundled pack", on_click=session.use_bundled_pack)

st.subheader("Write your own")
st.markdown("The format is described in `pack-format.md`, inside the template pack below (`ladder template FOLDER` "
            "writes the same). Editors that read JSON Schema validate as you type.")
c1, c2, c3 = st.columns(3)
c1.download_button("JSON Schema (single-file pack)", json_schemas()["single-file-pack.schema.json"],
                   "options-ladder-pack.schema.json", "application/json")
c2.download_button("Template pack (zip)", template.template_zip(), "template-pack.zip", "application/zip")
c3.download_button("Example matrix (CSV)", template.example_csv, "example-matrix.csv", "text/csv", on_click="ignore")
st.caption("The CSV example is the bundled case as a spreadsheet: a direction row (max or min), optional "
           "weight, scale_min and scale_max rows, and one row per option. Upload it above to rank it.")
