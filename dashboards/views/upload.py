"""Upload a training log: detected column mapping (fixable), every problem listed by row and
column, then the choice to fix the file or import only the valid rows. Nothing is stored
until the user confirms."""

from __future__ import annotations

import streamlit as st

import ui

user = ui.start_page("coach", "admin")
team = ui.team_picker(user) if ui.service().teams_for(user) else None
st.title("Upload a training log")
if team is None:
    team = st.text_input("Team name", key="new_team",
                         help="Your first upload creates the team.").strip() or None
uploaded = st.file_uploader("Training log (CSV, TSV, Excel .xlsx or Parquet)",
                            type=["csv", "tsv", "txt", "xlsx", "parquet"], key="upload_file")
if uploaded is None or team is None:
    st.info("Drop a session log (one row per session) or a weekly-totals log.")
    st.stop()
data = uploaded.getvalue()
svc = ui.service()
mapping = dict(st.session_state.get("upload_mapping", {}))
order = st.radio("Dates like 03/04/2026 mean", ["detect", "day first", "month first"],
                 horizontal=True, key="upload_order")
dayfirst = {"detect": None, "day first": True, "month first": False}[order]
with st.spinner("Checking every row…"):
    preview = svc.preview_upload(data, uploaded.name, column_map=mapping or None,
                                 dayfirst=dayfirst)
if preview.error:
    st.error(preview.error)
    st.stop()

st.subheader("1. Columns")
st.caption(f"Read as a **{preview.kind}** log. Change a column if it was matched wrongly.")
choices = ["(none)", *preview.headers]
cols = st.columns(3)
new_mapping = {}
for i, (field, header) in enumerate(preview.mapping_rows()):
    picked = cols[i % 3].selectbox(field, choices,
                                   index=choices.index(header) if header in choices else 0,
                                   key=f"map_{field}")
    if picked != "(none)":
        new_mapping[field] = picked
if new_mapping != preview.mapping and st.button("Apply column changes"):
    st.session_state["upload_mapping"] = new_mapping
    st.rerun()

st.subheader("2. Check")
st.write(f"{preview.n_rows:,} rows: {preview.n_valid:,} valid, {preview.n_invalid:,} with "
         f"problems, {len(preview.warnings):,} warnings.")
if preview.problems:
    st.dataframe(preview.problems_table(), hide_index=True, width="stretch")
if preview.warnings:
    with st.expander(f"{len(preview.warnings)} warnings"):
        st.dataframe(preview.warnings_table(), hide_index=True, width="stretch")

st.subheader("3. Store")
skip = False
if preview.problems:
    choice = st.radio("Rows with problems", ["Fix the file and upload it again",
                                             "Import only the valid rows"], key="upload_choice")
    skip = choice == "Import only the valid rows"
    if not skip:
        st.stop()
if st.button(f"Store this upload for {team}", type="primary"):
    with st.status("Storing the upload…", expanded=False) as status:
        result = svc.store_upload(data, uploaded.name, team, user=user,
                                  column_map=new_mapping or None, dayfirst=dayfirst,
                                  skip_invalid=skip)
        status.update(label="Stored", state="complete")
    st.success(result.message)
    st.session_state.pop("upload_mapping", None)
