"""The one place where loadwatch's column names, types, ranges and vocabularies live.

Ingest maps a coach's headers onto these canonical fields (spec §1.1 session log, §1.2
weekly totals), the engine reads and writes only these names, and the tests import them.
A field's aliases are normalised header spellings (lower case, letters and digits only),
listed in order of preference: when a file has two columns that could be the same field,
the earlier alias wins and the other column is reported as ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final, Literal

Kind = Literal["text", "date", "number", "duration", "time", "week", "status", "bool", "choice"]


class Col:
    """Canonical column names (inputs, calendar and outputs).

    The names every reader produces and every stage reads (spec §1.1, §1.2, §4, §5); the
    units are those of the spec: load in AU, durations in minutes, extension in reps or
    minutes, deliveries in balls.

    Examples
    --------
    >>> from loadwatch.schema import Col
    >>> Col.LOAD, Col.DURATION, Col.RAC
    ('load_au', 'duration_min', 'acwr_rac')
    """

    ATHLETE: Final = "athlete"
    DATE: Final = "date"
    SPORT: Final = "sport"
    START_TIME: Final = "start_time"
    DURATION: Final = "duration_min"
    RPE: Final = "rpe"
    LOAD: Final = "load_au"
    SESSION_TYPE: Final = "session_type"
    DAY_STATUS: Final = "day_status"
    EXT_REPS: Final = "extension_reps"
    EXT_MIN: Final = "extension_min"
    DELIVERIES: Final = "deliveries"
    JUMPS: Final = "jumps"
    SPELLS: Final = "spells"
    TEAM: Final = "team"
    # weekly-totals log (spec §1.2)
    WEEK: Final = "week_start"
    WEEK_MINUTES: Final = "total_minutes"
    WEEK_LOAD: Final = "total_load_au"
    MEAN_RPE: Final = "mean_rpe"
    SESSIONS: Final = "sessions"
    REST_DAYS: Final = "rest_days"
    FREE_PLAY: Final = "free_play_hours"
    # added by ingest
    SOURCE_ROW: Final = "source_row"
    COVER_START: Final = "coverage_start"
    COVER_END: Final = "coverage_end"
    LOAD_APPROX: Final = "load_approximate"
    EXT_EXPOSURE: Final = "extension_exposure"
    # calendar and metrics outputs
    STATUS: Final = "status"
    VALUE: Final = "load"
    MINUTES: Final = "minutes"
    ACUTE: Final = "acute_load"
    CHRONIC: Final = "chronic_load"
    CHRONIC_U: Final = "chronic_load_uncoupled"
    RAC: Final = "acwr_rac"
    RAU: Final = "acwr_rau"
    EWMA: Final = "acwr_ewma"
    EWMA_ACUTE: Final = "ewma_acute"
    EWMA_CHRONIC: Final = "ewma_chronic"
    EWMA_PROVISIONAL: Final = "ewma_provisional"
    CHANGE_PCT: Final = "week_change_pct"
    CHANGE_AU: Final = "week_change_au"
    MONOTONY: Final = "monotony"
    STRAIN: Final = "strain"
    DAYS_RECORDED: Final = "days_recorded_28"
    DATA_STATUS: Final = "data_status"
    DATA_REASON: Final = "data_reason"
    WEEKLY_LOAD: Final = "weekly_load"
    W_COUPLED: Final = "acwr_weekly_coupled"
    W_UNCOUPLED3: Final = "acwr_weekly_uncoupled3"
    W_UNCOUPLED4: Final = "acwr_weekly_uncoupled4"
    DAYS_MISSING: Final = "days_missing"
    CHANNEL: Final = "channel"
    # a load that is not sRPE (PlayerLoad, TSS, TRIMP, HR load, distance: issue 13)
    EXTERNAL_LOAD: Final = "external_load"
    #: the unit of EXTERNAL_LOAD (PlayerLoad, TSS, …), one value per session in the store
    EXTERNAL_UNIT: Final = "external_unit"


class DayStatus:
    """Status of one athlete-day in a channel (spec §3.1).

    Missing is not rest: a missing day has no value (NaN), a rest day has 0.

    Examples
    --------
    >>> from loadwatch.schema import DayStatus
    >>> DayStatus.TRAINED, DayStatus.REST, DayStatus.MISSING
    ('trained', 'rest', 'missing')
    """

    TRAINED: Final = "trained"
    REST: Final = "rest"
    MISSING: Final = "missing"


class DataStatus:
    """Machine-readable availability of a row's ratios (spec §4.7, §4.8).

    Examples
    --------
    >>> from loadwatch.schema import DataStatus
    >>> DataStatus.OK, DataStatus.INSUFFICIENT
    ('ok', 'insufficient_data')
    """

    OK: Final = "ok"
    LOW_BASE: Final = "low_base"
    RETURN_FROM_REST: Final = "return_from_rest"
    NO_TRAINING: Final = "no_training"
    INSUFFICIENT: Final = "insufficient_data"
    MISSING: Final = "missing"


class Channel:
    """Load channels; each is its own series and never summed with another (spec §2.2).

    Examples
    --------
    >>> from loadwatch.schema import Channel
    >>> Channel.UNIT[Channel.SRPE], Channel.UNIT[Channel.EXTENSION]
    ('AU', 'reps')
    """

    SRPE: Final = "srpe"
    MINUTES: Final = "minutes"
    EXTENSION: Final = "extension"
    DELIVERIES: Final = "deliveries"

    ALL: Final = ("srpe", "minutes", "extension", "deliveries")
    UNIT: Final = {"srpe": "AU", "minutes": "min", "extension": "reps", "deliveries": "balls",
                   "external": "units"}
    #: an export's own load (PlayerLoad, TSS, …): its unit is the export's (issue 13); it is
    #: not in ALL, since only a log that has it can give it
    EXTERNAL: Final = "external"


#: Values of the optional day-status column of a session log (normalised spelling → meaning).
STATUS_WORDS: Final[dict[str, str]] = {
    "rest": DayStatus.REST,
    "restday": DayStatus.REST,
    "off": DayStatus.REST,
    "injured": DayStatus.REST,
    "injury": DayStatus.REST,
    "ill": DayStatus.REST,
    "sick": DayStatus.REST,
    "notrecorded": DayStatus.MISSING,
    "missing": DayStatus.MISSING,
    "unknown": DayStatus.MISSING,
    "na": DayStatus.MISSING,
    "trained": DayStatus.TRAINED,
    "training": DayStatus.TRAINED,
    "session": DayStatus.TRAINED,
}


@dataclass(frozen=True)
class Field:
    """One input column: canonical name, kind, whether required, allowed range, header aliases."""

    name: str
    kind: Kind
    description: str
    required: bool = False
    minimum: float | None = None
    maximum: float | None = None
    aliases: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()


_ATHLETE = Field(
    Col.ATHLETE, "text", "pseudonymous athlete id (or name; names stay out of logs)", True,
    aliases=("athlete", "athleteid", "name", "player", "playername", "playerid", "athletename",
             "id", "pseudonym", "code"),
)
_SPORT = Field(Col.SPORT, "text", "sport; 'unspecified' when absent",
               aliases=("sport", "discipline", "activity", "event"))
_TEAM = Field(Col.TEAM, "text", "team or squad",
              aliases=("team", "squad", "club", "group", "source"))
_EXT_REPS = Field(Col.EXT_REPS, "number", "hyperextension-loading elements (count, spec §9.4)",
                  minimum=0, aliases=("extensionreps", "extreps", "extensions", "hyperextensions",
                                      "backbends", "extensioncount", "extensionload"))
_EXT_MIN = Field(Col.EXT_MIN, "number", "minutes of extension-heavy activity", minimum=0,
                 aliases=("extensionmin", "extensionminutes", "extmin", "extensiontime"))
_DELIVERIES = Field(Col.DELIVERIES, "number", "balls bowled", minimum=0,
                    aliases=("deliveries", "balls", "ballsbowled", "bowlingdeliveries"))
_JUMPS = Field(Col.JUMPS, "number", "jumps or landings (count)", minimum=0,
               aliases=("jumps", "landings", "jumpcount"))
_SPELLS = Field(Col.SPELLS, "text", "overs per bowling spell that day, e.g. 4,3 (cricket)",
                aliases=("spells", "oversperspell", "bowlingspells", "overs"))

SESSION_FIELDS: Final[tuple[Field, ...]] = (
    _ATHLETE,
    Field(Col.DATE, "date", "calendar date of the session", True,
          aliases=("date", "sessiondate", "trainingdate", "datum", "fecha", "day")),
    _SPORT,
    Field(Col.START_TIME, "time", "start time (optional; part of a session's identity)",
          aliases=("starttime", "start", "timeofday", "sessionstart", "kickoff")),
    Field(Col.DURATION, "duration", "session minutes incl. warm-up (minutes, h:mm or hh:mm:ss)",
          minimum=0, aliases=("durationmin", "duration", "minutes", "mins", "min", "durationmins",
                              "durationminutes", "time", "sessionminutes", "length")),
    Field(Col.RPE, "number", "session RPE on Foster's CR-10 scale (0-10)", minimum=0, maximum=10,
          aliases=("rpe", "srpe", "sessionrpe", "rpecr10", "cr10", "effort", "borg")),
    Field(Col.LOAD, "number", "session load in AU; used as is when present (spec §2.1)", minimum=0,
          aliases=("loadau", "load", "srpeload", "sessionload", "trainingload", "au", "tl",
                   "sessionrpeload", "internalload")),
    Field(Col.SESSION_TYPE, "text", "training / competition / recovery / S&C (all count)",
          aliases=("sessiontype", "type", "category")),
    Field(Col.DAY_STATUS, "status", "rest / injured / not recorded markers (spec §3.1)",
          aliases=("daystatus", "status", "availability", "attendance")),
    _EXT_REPS, _EXT_MIN, _DELIVERIES, _JUMPS, _SPELLS, _TEAM,
)

WEEKLY_FIELDS: Final[tuple[Field, ...]] = (
    _ATHLETE,
    Field(Col.WEEK, "week", "ISO week (2026-W47) or the week's Monday", True,
          aliases=("weekstart", "week", "isoweek", "weekof", "weekbeginning", "weekcommencing")),
    _SPORT,
    Field(Col.WEEK_MINUTES, "duration", "organised sport minutes that week (all teams)", minimum=0,
          aliases=("totalminutes", "minutes", "mins", "weeklyminutes", "durationmin", "duration",
                   "totalduration", "time")),
    Field(Col.WEEK_LOAD, "number", "weekly load in AU (optional)", minimum=0,
          aliases=("totalloadau", "totalload", "weeklyload", "load", "loadau", "srpeload",
                   "trainingload", "au", "tl")),
    Field(Col.MEAN_RPE, "number", "duration-weighted mean RPE (CR-10)", minimum=0, maximum=10,
          aliases=("meanrpe", "averagerpe", "avgrpe", "rpe")),
    Field(Col.SESSIONS, "number", "number of sessions", minimum=0,
          aliases=("sessions", "sessionscount", "sessioncount", "nsessions")),
    Field(Col.REST_DAYS, "number", "days without organised sport", minimum=0, maximum=7,
          aliases=("restdays", "daysoff", "rest")),
    Field(Col.FREE_PLAY, "number", "hours of unstructured free play", minimum=0,
          aliases=("freeplayhours", "freeplay", "freeplayh", "playhours")),
    _EXT_REPS, _EXT_MIN, _DELIVERIES, _JUMPS, _TEAM,
)

#: An export's own load (PlayerLoad, TSS, TRIMP, HR load, distance): set only by an export
#: profile or the mapping, never matched by alias, never AU (issue 13).
EXTERNAL_FIELD: Final = Field(Col.EXTERNAL_LOAD, "number", "the export's own load, in its unit",
                              minimum=0)

#: Session-log column that carries each channel's raw value.
CHANNEL_SOURCE: Final[dict[str, str]] = {
    Channel.SRPE: Col.LOAD,
    Channel.MINUTES: Col.DURATION,
    Channel.EXTENSION: Col.EXT_EXPOSURE,
    Channel.DELIVERIES: Col.DELIVERIES,
    Channel.EXTERNAL: Col.EXTERNAL_LOAD,
}
#: Weekly-log column that carries each channel's weekly total.
WEEKLY_CHANNEL_SOURCE: Final[dict[str, str]] = {
    Channel.SRPE: Col.WEEK_LOAD,
    Channel.MINUTES: Col.WEEK_MINUTES,
    Channel.EXTENSION: Col.EXT_EXPOSURE,
    Channel.DELIVERIES: Col.DELIVERIES,
}

#: Canonical frame a session log becomes after ingest (in this order).
SESSION_COLUMNS: Final[tuple[str, ...]] = (
    Col.ATHLETE, Col.DATE, Col.SPORT, Col.START_TIME, Col.DURATION, Col.RPE, Col.LOAD,
    Col.SESSION_TYPE, Col.DAY_STATUS, Col.EXT_REPS, Col.EXT_MIN, Col.EXT_EXPOSURE,
    Col.DELIVERIES, Col.JUMPS, Col.SPELLS, Col.TEAM, Col.SOURCE_ROW, Col.COVER_START,
    Col.COVER_END,
)
WEEKLY_INPUT_COLUMNS: Final[tuple[str, ...]] = (
    Col.ATHLETE, Col.WEEK, Col.SPORT, Col.WEEK_MINUTES, Col.WEEK_LOAD, Col.LOAD_APPROX,
    Col.MEAN_RPE, Col.SESSIONS, Col.REST_DAYS, Col.FREE_PLAY, Col.EXT_REPS, Col.EXT_MIN,
    Col.EXT_EXPOSURE, Col.DELIVERIES, Col.JUMPS, Col.TEAM, Col.SOURCE_ROW,
)

#: Daily metrics output (issue #2: these first, in this order).
DAILY_COLUMNS: Final[tuple[str, ...]] = (
    Col.ATHLETE, Col.DATE, Col.STATUS, Col.VALUE, Col.ACUTE, Col.CHRONIC, Col.CHRONIC_U,
    Col.RAC, Col.RAU, Col.EWMA, Col.EWMA_PROVISIONAL, Col.CHANGE_PCT, Col.CHANGE_AU,
    Col.MONOTONY, Col.STRAIN, Col.DATA_STATUS, Col.DATA_REASON,
    Col.EWMA_ACUTE, Col.EWMA_CHRONIC, Col.DAYS_RECORDED, Col.CHANNEL,
)
#: Weekly metrics output (issue #2: these first, in this order).
WEEKLY_COLUMNS: Final[tuple[str, ...]] = (
    Col.ATHLETE, Col.WEEK, Col.WEEKLY_LOAD, Col.MINUTES, Col.SESSIONS, Col.REST_DAYS,
    Col.W_COUPLED, Col.W_UNCOUPLED3, Col.W_UNCOUPLED4, Col.CHANGE_PCT, Col.CHANGE_AU,
    Col.MONOTONY, Col.STRAIN, Col.DATA_STATUS, Col.DATA_REASON,
    Col.DAYS_MISSING, Col.EXT_EXPOSURE, Col.LOAD_APPROX, Col.CHANNEL,
)

UNSPECIFIED_SPORT: Final = "unspecified"

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def normalise_header(text: object) -> str:
    """Header spelling used for matching: lower case, letters and digits only ('Duration (min)'
    → 'durationmin')."""
    return _NON_ALNUM.sub("", str(text).strip().lower())


def normalise_word(text: object) -> str:
    """Same folding for vocabulary values such as sports and status words."""
    return _NON_ALNUM.sub("", str(text).strip().lower())


def fields_for(kind: Literal["sessions", "weekly"]) -> tuple[Field, ...]:
    """The field declarations of a session log or a weekly-totals log."""
    return SESSION_FIELDS if kind == "sessions" else WEEKLY_FIELDS


# --- athlete profiles, growth, symptoms and clinician plans (spec §1.3, §1.4) -------------


class RosterCol:
    """Athlete-profile (roster) columns (spec §1.3)."""

    ATHLETE: Final = Col.ATHLETE
    BIRTH_DATE: Final = "birth_date"
    SEX: Final = "sex"
    MAIN_SPORT: Final = "main_sport"
    ROLE: Final = "role"
    AGE_GROUP: Final = "age_group"
    PRIOR_LUMBAR_BSI: Final = "prior_lumbar_bsi"
    PRIOR_LUMBAR_BSI_DATE: Final = "prior_lumbar_bsi_date"
    FREE_PLAY: Final = "free_play_hours_per_week"
    SPEC_MAIN_SPORT: Final = "chose_main_sport"
    SPEC_QUIT_OTHERS: Final = "quit_other_sports"
    SPEC_OVER_8_MONTHS: Final = "over_8_months_in_main_sport"


class GrowthCol:
    """Growth-measurement columns (spec §1.3, §7.4)."""

    ATHLETE: Final = Col.ATHLETE
    DATE: Final = Col.DATE
    HEIGHT: Final = "height_cm"
    SITTING_HEIGHT: Final = "sitting_height_cm"
    MASS: Final = "mass_kg"


class SymptomCol:
    """Symptom check-in columns (spec §1.4). Clinical data: therapist role only."""

    ATHLETE: Final = Col.ATHLETE
    DATE: Final = Col.DATE
    BACK_PAIN: Final = "low_back_pain"
    SIDE: Final = "side"
    WORSE_ARCHING: Final = "worse_when_arching"
    ONSET: Final = "onset_date"
    PAIN: Final = "pain_0_10"
    LIMITS_TRAINING: Final = "limits_training"
    NIGHT_PAIN: Final = "night_pain"
    FEVER: Final = "fever_or_unwell"
    WEIGHT_LOSS: Final = "weight_loss"
    LEG_SYMPTOMS: Final = "leg_numbness_weakness"
    BLADDER_BOWEL: Final = "bladder_bowel_change"
    TRAUMA: Final = "trauma"
    RED_FLAGS: Final = (NIGHT_PAIN, FEVER, WEIGHT_LOSS, LEG_SYMPTOMS, BLADDER_BOWEL, TRAUMA)


class PlanCol:
    """Clinician plan columns (spec §1.4). Entered by the therapist role."""

    ATHLETE: Final = Col.ATHLETE
    START: Final = "start_date"
    REVIEW: Final = "review_date"
    RESTRICTION: Final = "restriction"
    CAP: Final = "cap"


SIDES: Final = ("left", "right", "central", "both")
RESTRICTIONS: Final = ("no_extension_loading", "cap_extension_reps_per_week",
                       "cap_load_au_per_week", "no_bowling", "cleared")

ROSTER_FIELDS: Final[tuple[Field, ...]] = (
    _ATHLETE,
    Field(RosterCol.BIRTH_DATE, "date", "date of birth (YYYY-MM-DD, or YYYY-MM)",
          aliases=("birthdate", "dob", "dateofbirth", "born", "birthday", "birthmonth")),
    Field(RosterCol.SEX, "choice", "F or M (only for maturity equations)",
          aliases=("sex", "gender"), choices=("F", "M")),
    Field(RosterCol.MAIN_SPORT, "text", "main sport",
          aliases=("mainsport", "sport", "primarysport")),
    Field(RosterCol.ROLE, "text", "role, e.g. fast_bowler", aliases=("role", "position")),
    Field(RosterCol.AGE_GROUP, "text", "age-group override, e.g. U15",
          aliases=("agegroup", "agegroupoverride", "agecategory")),
    Field(RosterCol.PRIOR_LUMBAR_BSI, "bool",
          "clinician-recorded previous lumbar bone stress injury (yes/no)",
          aliases=("priorlumbarbsi", "priorlumbarbonestressinjury", "previouslumbarbsi",
                   "lumbarbsihistory")),
    Field(RosterCol.PRIOR_LUMBAR_BSI_DATE, "date", "date of that injury",
          aliases=("priorlumbarbsidate", "lumbarbsidate")),
    Field(RosterCol.FREE_PLAY, "number", "weekly hours of unstructured free play", minimum=0,
          maximum=112, aliases=("freeplayhoursperweek", "freeplayhours", "freeplay")),
    Field(RosterCol.SPEC_MAIN_SPORT, "bool", "specialisation item: chose a main sport",
          aliases=("chosemainsport",)),
    Field(RosterCol.SPEC_QUIT_OTHERS, "bool", "specialisation item: quit other sports",
          aliases=("quitothersports",)),
    Field(RosterCol.SPEC_OVER_8_MONTHS, "bool", "specialisation item: > 8 months/year in it",
          aliases=("over8monthsinmainsport", "over8months")),
)

GROWTH_FIELDS: Final[tuple[Field, ...]] = (
    _ATHLETE,
    Field(GrowthCol.DATE, "date", "measurement date", True,
          aliases=("date", "measured", "measurementdate")),
    Field(GrowthCol.HEIGHT, "number", "standing height (cm)", True, minimum=80, maximum=230,
          aliases=("heightcm", "height", "standingheight", "stature")),
    Field(GrowthCol.SITTING_HEIGHT, "number", "sitting height (cm)", minimum=40, maximum=130,
          aliases=("sittingheightcm", "sittingheight")),
    Field(GrowthCol.MASS, "number", "body mass (kg)", minimum=15, maximum=200,
          aliases=("masskg", "mass", "weight", "weightkg", "bodymass")),
)

_YES_NO: Final[Kind] = "bool"
SYMPTOM_FIELDS: Final[tuple[Field, ...]] = (
    _ATHLETE,
    Field(SymptomCol.DATE, "date", "check-in date", True, aliases=("date", "checkindate")),
    Field(SymptomCol.BACK_PAIN, _YES_NO, "low back pain (yes/no)", True,
          aliases=("lowbackpain", "backpain", "pain")),
    Field(SymptomCol.SIDE, "choice", "left / right / central / both", aliases=("side",),
          choices=SIDES),
    Field(SymptomCol.WORSE_ARCHING, _YES_NO, "worse when arching/extending",
          aliases=("worsewhenarching", "worsearching", "worsewithextension", "extensionpain")),
    Field(SymptomCol.ONSET, "date", "date the pain started",
          aliases=("onsetdate", "onset", "painsince")),
    Field(SymptomCol.PAIN, "number", "pain 0-10", minimum=0, maximum=10,
          aliases=("pain010", "painscore", "painlevel", "nrs")),
    Field(SymptomCol.LIMITS_TRAINING, _YES_NO, "pain limits training",
          aliases=("limitstraining", "limitstrainingyn", "affectstraining")),
    Field(SymptomCol.NIGHT_PAIN, _YES_NO, "night pain or pain at rest that wakes",
          aliases=("nightpain", "painatnight", "restpain")),
    Field(SymptomCol.FEVER, _YES_NO, "fever or feeling unwell",
          aliases=("feverorunwell", "fever", "unwell")),
    Field(SymptomCol.WEIGHT_LOSS, _YES_NO, "unexplained weight loss", aliases=("weightloss",)),
    Field(SymptomCol.LEG_SYMPTOMS, _YES_NO, "numbness, tingling or weakness in a leg",
          aliases=("legnumbnessweakness", "numbness", "legsymptoms", "tingling")),
    Field(SymptomCol.BLADDER_BOWEL, _YES_NO, "bladder or bowel change",
          aliases=("bladderbowelchange", "bladderbowel")),
    Field(SymptomCol.TRAUMA, _YES_NO, "recent fall or significant trauma",
          aliases=("trauma", "recentfall", "fall")),
)

PLAN_FIELDS: Final[tuple[Field, ...]] = (
    _ATHLETE,
    Field(PlanCol.START, "date", "restriction start", True,
          aliases=("startdate", "start", "from", "restrictionstart")),
    Field(PlanCol.REVIEW, "date", "review date", aliases=("reviewdate", "review", "until")),
    Field(PlanCol.RESTRICTION, "choice", "restriction type", True,
          aliases=("restriction", "type", "plan"), choices=RESTRICTIONS),
    Field(PlanCol.CAP, "number", "weekly cap for cap_* restrictions (reps or AU)", minimum=0,
          aliases=("cap", "limit", "weeklycap")),
)


# --- injury log (issue #8) ----------------------------------------------------------------


class InjuryCol:
    """Injury-log columns (issue #8)."""

    ATHLETE: Final = Col.ATHLETE
    ONSET: Final = "onset_date"
    REGION: Final = "body_region"
    TYPE: Final = "injury_type"
    TIME_LOSS: Final = "time_loss_days"
    RETURN: Final = "return_date"


#: Body regions (areas of the IOC consensus on recording injuries, Bahr et al. 2020, BJSM;
#: its "lumbosacral" area is called lumbar spine here).
BODY_REGIONS: Final = (
    "head", "neck", "shoulder", "upper_arm", "elbow", "forearm", "wrist", "hand", "chest",
    "thoracic_spine", "lumbar_spine", "abdomen", "hip_groin", "thigh", "knee", "lower_leg",
    "ankle", "foot", "other",
)
INJURY_TYPES: Final = ("overuse", "acute")

#: Other spellings accepted in the file (normalised: lower case, letters and digits only).
REGION_SYNONYMS: Final[dict[str, str]] = {
    "lumbar": "lumbar_spine", "lumbosacral": "lumbar_spine", "lowback": "lumbar_spine",
    "lowerback": "lumbar_spine", "lumbarspinelowback": "lumbar_spine",
    "thoracic": "thoracic_spine", "upperback": "thoracic_spine", "hip": "hip_groin",
    "groin": "hip_groin", "hipgroin": "hip_groin", "shin": "lower_leg", "calf": "lower_leg",
    "lowerleg": "lower_leg", "upperarm": "upper_arm", "hamstring": "thigh",
    "quadriceps": "thigh", "wristhand": "wrist", "headface": "head", "face": "head",
    "unspecified": "other",
}
TYPE_SYNONYMS: Final[dict[str, str]] = {
    "gradual": "overuse", "gradualonset": "overuse", "repetitive": "overuse",
    "overuseinjury": "overuse", "sudden": "acute", "suddenonset": "acute",
    "traumatic": "acute", "trauma": "acute", "acuteinjury": "acute",
}

INJURY_FIELDS: Final[tuple[Field, ...]] = (
    Field(InjuryCol.ATHLETE, "text", "pseudonymous athlete id (as in the training log)", True,
          aliases=("athlete", "athleteid", "name", "player", "playerid", "id", "pseudonym",
                   "code")),
    Field(InjuryCol.ONSET, "date", "date of injury onset", True,
          aliases=("onsetdate", "onset", "injurydate", "date", "dateofinjury")),
    Field(InjuryCol.REGION, "choice", "body region (IOC 2020 areas; lumbar_spine among them)",
          True, aliases=("bodyregion", "region", "bodypart", "location", "bodyarea", "site"),
          choices=BODY_REGIONS),
    Field(InjuryCol.TYPE, "choice", "overuse (gradual onset) or acute (sudden onset)", True,
          aliases=("injurytype", "type", "mechanism", "onsettype"), choices=INJURY_TYPES),
    Field(InjuryCol.TIME_LOSS, "number", "days unavailable (return date − onset date)",
          minimum=0, maximum=3650,
          aliases=("timelossdays", "timeloss", "dayslost", "daysout", "timelostdays")),
    Field(InjuryCol.RETURN, "date", "date of return to full participation",
          aliases=("returndate", "return", "returntoplay", "rtp", "returned")),
)


# --- injury episodes, return plans, availability (issue 17) --------------------------------


class EpisodeCol:
    """Injury-episode columns (issue 17): the therapist's record of one injury."""

    ID: Final = "episode_id"
    ATHLETE: Final = Col.ATHLETE
    ONSET: Final = "onset_date"
    REGION: Final = "body_region"
    SIDE: Final = "side"
    MECHANISM: Final = "mechanism"
    DIAGNOSIS: Final = "working_diagnosis"
    IMAGING_ORDERED: Final = "imaging_ordered"
    IMAGING_RESULT: Final = "imaging_result"
    STATUS: Final = "status"
    RETURN: Final = "return_date"
    TIME_LOSS: Final = "time_loss_days"


#: An episode is open (relative rest), in return (an approved plan runs) or closed.
EPISODE_STATUSES: Final = ("open", "in_return", "closed")


class StageCol:
    """Return-plan stage columns (issue 17): weekly caps built from the athlete's own weeks."""

    PLAN: Final = "plan_id"
    STAGE: Final = "stage"
    NAME: Final = "name"
    START: Final = "start_date"
    REVIEW: Final = "review_date"
    MINUTES: Final = "cap_minutes"
    SRPE: Final = "cap_srpe_au"
    EXTENSION: Final = "cap_extension"
    NO_EXTENSION: Final = "no_extension"
    TICKED_BY: Final = "ticked_by"


class AvailabilityCol:
    """Availability columns (issue 17): what a coach may act on, never why."""

    ATHLETE: Final = Col.ATHLETE
    AVAILABILITY: Final = "availability"     # full | modified | unavailable
    TEXT: Final = "availability_text"        # "modified — no back-arching skills, ≤ 6 h/week …"
    MAX_MINUTES: Final = "max_minutes_per_week"
    MAX_SRPE: Final = "max_load_au_per_week"
    MAX_EXTENSION: Final = "max_extension_per_week"
    NO_EXTENSION: Final = "no_back_arching"
    REVIEW: Final = "review_date"
    RETURNING_UNTIL: Final = "returning_until"


AVAILABILITIES: Final = ("full", "modified", "unavailable")
