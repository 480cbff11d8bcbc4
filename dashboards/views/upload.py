"""Upload a training log into one of your teams (chosen from a list): the column mapping
(every field can be set to a column or "not in this file", shown whenever a required field
is unmatched), the first rows as they will be stored, every problem by row, and — when rows
match stored sessions and differ — the diff with the choice "add as new sessions" or "this
file corrects stored sessions". A planning workbook gets in too: its minutes read from
several columns (one block each) and the file marked as a plan; mapping the week column
makes it a weekly-totals file. Nothing is stored until the user confirms. The preview is
computed once per file and options, not on every rerun. Below: the team's upload history,
with undo."""

from __future__ import annotations

import hashlib

import streamlit as st

from loadwatch.app.service import AccessDenied, ReadOptions, UploadPreview, User
from loadwatch.app.uploads import WIDE_FIELDS, WIDE_TARGETS

import ui

NOT_IN_FILE = "not in this file"
ADD, CORRECT = "Add them as new sessions", "This file corrects stored sessions"
PREVIEW_KEY, MAPPING_KEY = "upload_preview", "upload_mapping"
ATHLETE_KEY = "upload_athlete"


def _options(mapping: dict | None, athlete: str | None) -> ReadOptions | None:
    """The user's choices as ReadOptions — the columns, the fields read from several
    columns (--map duration=A --map duration=B), a plan (--planned) and the athlete's name
    of a one-athlete export (--athlete) — or None (the team's saved mapping then)."""
    if mapping is None and not athlete:
        return None
    given = mapping or {}
    return ReadOptions(columns=dict(given.get("columns", {})), athlete=athlete,
                       wide={f: list(c) for f, c in given.get("wide", {}).items() if c},
                       planned=bool(given.get("planned")) or None)


def _preview(data: bytes, name: str, team: str, user: User, mapping: dict | None,
             dayfirst: bool | None, sheet: str | None, athlete: str | None = None
             ) -> UploadPreview:
    """The preview of this file with these options against the team's uploads as they are
    now, computed once (kept in the session): an upload or undo by anyone recomputes it."""
    uploads = tuple(ui.service().upload_history(team, user=user)["upload"])
    key = (hashlib.sha256(data).hexdigest(), name, team, repr(_options(mapping, athlete)),
           dayfirst, sheet, uploads)
    kept = st.session_state.get(PREVIEW_KEY)
    if kept is None or kept[0] != key:
        with st.spinner("Checking every row…"):
            preview = ui.service().preview_upload(data, name,
                                                  column_map=_options(mapping, athlete),
                                                  dayfirst=dayfirst, team=team, user=user,
                                                  sheet=sheet)
        st.session_state[PREVIEW_KEY] = kept = (key, preview)
    return kept[1]


def _mapping_editor(preview: UploadPreview, file_key: str) -> None:
    """Every field with its column or "not in this file"; applying reruns the preview."""
    if preview.missing:
        st.warning("Some required fields have no column yet: "
                   + ", ".join(ui.plain_text(preview.field_words(f)[0]) for f in preview.missing)
                   + ". Pick the column that holds each."
                   + (" This is one athlete's export: you can name the athlete above instead." if
                      preview.needs_athlete else ""))
    if preview.profile:
        st.info(preview.profile)
    if preview.saved_applied:
        st.caption("Your team's saved mapping for this layout of columns was applied.")
    choices = [NOT_IN_FILE, *preview.headers]
    rows = [(n, h) for n, h in preview.mapping_rows() if h is None or h in preview.headers]
    cols = st.columns(3)
    chosen: dict[str, str] = {}
    for i, (name, header) in enumerate(rows):
        label, described = preview.field_words(name)
        chosen[name] = cols[i % 3].selectbox(
            label, choices, index=choices.index(header) if header in choices else 0,
            key=f"map_{file_key[:8]}_{name}", help=described)
    for name, header in preview.mapping_rows():
        if header is not None and header not in preview.headers:  # made by the reading
            st.caption(f"{preview.field_words(name)[0]}: {ui.plain_text(header)}")
    wide = _wide_editor(preview, file_key)
    planned = st.checkbox("This file is a plan (planned minutes)", value=preview.planned,
                          key=f"planned_{file_key[:8]}",
                          help="The coach's planned totals, not what was done (--planned).")
    if preview.ignored:
        st.caption("Not used (ignored): " + ", ".join(ui.plain_text(h) for h in preview.ignored))
    current = {n: (h or NOT_IN_FILE) for n, h in rows}
    changed = chosen != current or wide != preview.wide or planned != preview.planned
    if changed and st.button("Apply column changes", key="apply_mapping"):
        columns = {n: h for n, h in chosen.items() if not (wide and n in WIDE_TARGETS)}
        st.session_state[MAPPING_KEY] = (file_key, {"columns": columns, "wide": wide,
                                                    "planned": planned})
        st.rerun()


def _wide_editor(preview: UploadPreview, file_key: str) -> dict[str, list[str]]:
    """For a summable field, several columns (one block per session): the CLI's
    --map duration=A --map duration=B."""
    wide: dict[str, list[str]] = {}
    for name in WIDE_FIELDS:
        picked = st.multiselect(
            f"{preview.field_words(name)[0]}: several columns (one block each)",
            preview.headers, default=[h for h in preview.wide.get(name, [])
                                      if h in preview.headers],
            key=f"wide_{file_key[:8]}_{name}",
            help="A workbook with one block of columns per session: each column is one "
                 "session's minutes; a weekly-totals file sums them per week.")
        if picked:
            wide[name] = picked
    return wide


def _check(preview: UploadPreview) -> bool:
    """Rows, problems and warnings; False when the user chose to fix the file first."""
    st.write(f"{preview.n_rows:,} rows: {preview.n_valid:,} valid, {preview.n_invalid:,} with "
             f"problems, {len(preview.warnings):,} warnings.")
    for note in preview.notes:
        st.caption(ui.plain_text(note))
    if len(preview.first_rows):
        st.caption("The first rows as they will be stored:")
        ui.table(preview.first_rows, hide_index=True, width="stretch")
    if preview.problems:
        ui.table(preview.problems_table(), hide_index=True, width="stretch")
    if preview.warnings:
        with st.expander(f"{len(preview.warnings)} warnings"):
            ui.table(preview.warnings_table(), hide_index=True, width="stretch")
    if preview.problems:
        choice = st.radio("Rows with problems", ["Fix the file and upload it again",
                                                 "Import only the valid rows"],
                          key="upload_choice")
        return choice == "Import only the valid rows"
    return True


def _corrections(preview: UploadPreview) -> str | None:
    """The diff of rows that match stored sessions and differ, and the user's answer."""
    if preview.repeat_of is not None:
        st.info(f"This very file is already stored as upload {preview.repeat_of}. Storing it "
                "again adds nothing, unless it corrects stored sessions.")
    if preview.diff.empty:
        return None
    st.subheader("Rows that differ from stored sessions")
    st.write(f"{len(preview.diff)} row(s) of this file match stored sessions (same athlete, "
             "date and sport) but differ. Stored → new:")
    ui.table(preview.diff, hide_index=True, width="stretch")
    return st.radio("What are they?", [CORRECT, ADD], index=None, key="upload_matches",
                    help="Corrects: the file's period is replaced for its athletes (undo "
                         "restores it). New: both are kept and counted.")


def _store(data: bytes, name: str, team: str, user: User, options: dict,
           remember: str | None) -> None:
    """Store on the user's confirmation; the result (or why not) as one message; with
    `remember` (the layout's key) the column mapping is saved for the team's next file."""
    with st.status("Storing the upload…", expanded=False) as status:
        try:
            result = ui.service().store_upload(data, name, team, user=user, **options)
        except (ValueError, AccessDenied) as exc:  # a refusal: one clear line
            status.update(label="Not stored", state="error")
            st.error(ui.plain_text(str(exc)))
            return
        status.update(label="Stored", state="complete")
    if remember and options["column_map"]:  # the columns only, never the athlete's name
        kept = options["column_map"]
        ui.service().save_mapping(team, remember, ReadOptions(
            columns=dict(kept.items()), wide=dict(kept.wide), planned=kept.planned), user=user)
        result.notes.append("the column mapping is saved for this team's next file with "
                            "these columns")
    st.session_state.pop(PREVIEW_KEY, None)
    st.session_state.pop(MAPPING_KEY, None)
    ui.flash(ui.plain_text(result.message + "".join(f" Note: {n}" for n in result.notes)))


def _history(team: str, user: User) -> None:
    """The team's uploads, newest first, with undo (confirmed)."""
    st.subheader("Upload history")
    table = ui.service().upload_history(team, user=user)
    if table.empty:
        st.caption(f"No uploads for {ui.plain_text(team)} yet.")
        return
    ui.table(table, hide_index=True, width="stretch")
    chosen = st.selectbox("Undo an upload", table["upload"].tolist(), index=None,
                          format_func=lambda i: f"upload {i}", key="undo_choice",
                          placeholder="choose an upload")
    if chosen is not None and st.button(f"Undo upload {chosen}", key="undo_button"):
        try:
            ui.flash(ui.service().undo_upload(team, int(chosen), user=user))
        except (ValueError, AccessDenied) as exc:
            st.error(ui.plain_text(str(exc)))


def page() -> None:
    """The upload page."""
    user = ui.start_page("coach", "admin")
    st.title("Upload a training log")
    ui.show_flash()
    teams = ui.service().upload_teams(user)
    if not teams:
        st.info("You have no team to upload into yet: an admin creates teams (Teams page) "
                "and adds you to one.")
        st.stop()
    current = st.session_state.get(ui.TEAM_KEY)
    team = st.selectbox("Team", teams, index=teams.index(current) if current in teams else 0,
                        key="upload_team")
    uploaded = st.file_uploader("Training log (CSV, TSV, Excel .xlsx/.xls, .ods or Parquet)",
                                type=["csv", "tsv", "txt", "xlsx", "xlsm", "xls", "ods",
                                      "parquet"], key="upload_file")
    if uploaded is None:
        st.info("Drop a session log (one row per session) or a weekly-totals log.")
        _history(team, user)
        st.stop()
    _upload(uploaded.getvalue(), uploaded.name, team, user)
    _history(team, user)


def _upload(data: bytes, name: str, team: str, user: User) -> None:
    file_key = hashlib.sha256(data).hexdigest()
    kept = st.session_state.get(MAPPING_KEY)
    mapping = kept[1] if kept and kept[0] == file_key else None
    order = st.radio("Dates like 03/04/2026 mean", ["detect", "day first", "month first"],
                     horizontal=True, key="upload_order")
    dayfirst = {"detect": None, "day first": True, "month first": False}[order]
    sheet = st.session_state.get("upload_sheet")
    athlete = str(st.session_state.get(ATHLETE_KEY) or "").strip() or None
    preview = _preview(data, name, team, user, mapping, dayfirst, sheet, athlete)
    if len(preview.sheets) > 1:
        st.selectbox("Sheet", preview.sheets, key="upload_sheet",
                     index=preview.sheets.index(preview.sheet) if preview.sheet in
                     preview.sheets else 0)
    st.subheader("1. Columns")
    if preview.error and not preview.headers:
        st.error(preview.error)
        return
    st.caption(f"Read as a **{preview.kind}** log. Set any field to a column, or to "
               f"“{NOT_IN_FILE}”.")
    if preview.needs_athlete or athlete or preview.athlete_missing:
        st.text_input("Athlete (this file is one athlete's export: whose is it?)",
                      key=ATHLETE_KEY, placeholder="the athlete's name or code",
                      help="Every session of the file is stored for this athlete, as "
                           "--athlete NAME does on the command line.")
    with st.expander("Column mapping", expanded=bool(preview.missing or preview.error)):
        _mapping_editor(preview, file_key)
    if preview.error or preview.missing:
        if preview.error:
            st.error(preview.error)
        return
    st.subheader("2. Check")
    skip = _check(preview)
    answer = _corrections(preview)
    st.subheader("3. Store")
    if not skip and preview.problems:
        return
    if not preview.diff.empty and answer is None:
        st.caption("Say what the differing rows are before storing.")
        return
    given = _options(mapping, athlete)  # as previewed: the kind's fields only
    options = {"column_map": preview.options if given is not None else None,
               "dayfirst": dayfirst, "sheet": sheet,
               "skip_invalid": bool(preview.problems), "replace_period": answer == CORRECT,
               "add_as_new": answer == ADD}
    remember = mapping is not None and st.checkbox(
        "Remember this column mapping for the team's next file with these columns",
        value=True, key="remember_mapping")
    if st.button(f"Store this upload for {ui.plain_text(team)}", type="primary",
                 key="store_upload"):
        _store(data, name, team, user, options, preview.layout if remember else None)


page()
