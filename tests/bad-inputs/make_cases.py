#!/usr/bin/env python3
"""Writes the generated cases of the bad-input corpus and their rows of manifest.csv.

    python3 tests/bad-inputs/make_cases.py

Deterministic: the same script always writes the same bytes. Every generated case is a small
edit of `base-framework.toml` (framework cases), of a valid long CSV or of a valid Fingertips
export (data cases). Generated files are named `frameworks/g-*` and `data/g-*`; the
hand-written cases (every other file) and their manifest rows are kept as they are, and the
generated rows follow them in manifest.csv. Re-run after editing CASES and commit both.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
BASE = (HERE / "base-framework.toml").read_text(encoding="utf-8")

# Sections appended to the base framework to give every reference field something to name.
COMMITMENT = """
[[commitments]]
id = "c1"
text = "Reduce smoking in pregnancy"
objectives = ["o1"]
measures = ["smoking"]
owners = ["sfh"]
partnerships = ["nnpc"]
milestones = [{ id = "m1", period = "2024/25", description = "Pilot", status = "in_progress", due = "2025-03-31" }]
"""
VALUE = """
[[value_outcomes]]
id = "v1"
title = "Fewer admissions"
kind = "cash_saving"
basis = "per_year"
money = 1000.0
duration_years = 3
partnership = "nnpc"
objectives = ["o1"]
period = "2024/25"
beneficiaries = [{ organisation = "sfh", share = 1.0 }]
proxy = { source = "Unit costs", value = 500.0 }
"""
DOCUMENT = """
[document]
title = "Joint forward plan"
"""
# Keys at the top must come before the first table: the document table goes last.
FULL = BASE + COMMITMENT + VALUE
BREAKDOWN = 'breakdowns = [{ dimension = "imd", kind = "deprivation_quintile", levels = ["1", "5"], most_deprived = "1", least_deprived = "5" }]\n'
TRAJECTORY = 'targets = [{ kind = "absolute", value = 10.0, by = "2027/28", trajectory = [{ period = "2025/26", value = 12.0 }] }]'
TARGET = 'targets = [{ kind = "absolute", value = 10.0, by = "2027/28" }]'
BASELINE = 'baselines = [{ period = "2021/22", value = 13.0 }]'
SHARES = 'members = ["sfh", "nuh"]\nshares = [{ organisation = "sfh", share = 0.5 }, { organisation = "nuh", share = 0.5 }]'


def sub(text: str, old: str, new: str) -> str:
    """Replaces the one occurrence of `old` (it must occur exactly once)."""
    if text.count(old) != 1:
        sys.exit(f"make_cases.py: {old!r} occurs {text.count(old)} times")
    return text.replace(old, new)


def fw(*edits: tuple[str, str], base: str = FULL) -> str:
    """The full framework with each (old, new) replacement applied."""
    for old, new in edits:
        base = sub(base, old, new)
    return base


def after(anchor: str, line: str, base: str = FULL) -> str:
    """Inserts `line` after the first line that is exactly `anchor`."""
    return sub(base, anchor + "\n", anchor + "\n" + line + "\n")


def to_json(toml_text: str) -> str:
    """The framework as compact JSON (for the JSON variants of TOML cases)."""
    return json.dumps(tomllib.loads(toml_text), separators=(",", ":"), ensure_ascii=False)


LONG_HEADER = "measure,period,area,value,numerator,denominator,lower,upper\n"
LONG_ROW = "smoking,2022/23,Nottingham,13.0,26,200,9.0,18.0\n"
FT_HEADER = (
    "Indicator ID,Indicator Name,Area Code,Area Name,Area Type,Sex,Age,Category Type,Category,"
    "Time period,Value,Lower CI 95.0 limit,Upper CI 95.0 limit,Count,Denominator,"
    "Value note,Time period Sortable\n"
)
FT_ROW = (
    "93085,Smoking at delivery,E38000130,Nottingham,ICB,Female,All ages,,,"
    "2022/23,13.0,12.0,14.0,260,2000,,20220000\n"
)


def ft(old: str, new: str, header: bool = False) -> str:
    """A one-row Fingertips export with one replacement in its header or its row."""
    if header:
        return sub(FT_HEADER, old, new) + FT_ROW
    return FT_HEADER + sub(FT_ROW, old, new)


# (file, mode, kind, path, message fragment, content). Content is str (UTF-8) or bytes.
Case = tuple[str, str, str, str, str, "str | bytes"]
CASES: list[Case] = []


def case(file: str, mode: str, kind: str, path: str, contains: str, content: str | bytes) -> None:
    CASES.append((file, mode, kind, path, contains, content))


F = "frameworks/g-"
D = "data/g-"

# --- Wrong types in every section -------------------------------------------------------------
case(F + "type-id.toml", "framework", "parse", "id", "invalid type", fw(('id = "bad"', "id = 5")))
case(F + "type-title.toml", "framework", "parse", "title", "invalid type",
     fw(('title = "Bad input case"', 'title = ["Bad"]')))
case(F + "type-period.toml", "framework", "parse", "period", "invalid type",
     fw(('period = { from = "2023/24", to = "2027/28" }', 'period = "2023/24"')))
case(F + "type-period-from.toml", "framework", "parse", "period.from", "invalid type",
     fw(('from = "2023/24"', "from = 2023")))
case(F + "type-owner.toml", "framework", "parse", "owner", "invalid type",
     after('title = "Bad input case"', "owner = true"))
case(F + "type-vision.toml", "framework", "parse", "vision", "invalid type",
     after('title = "Bad input case"', "vision = 3"))
case(F + "type-version.toml", "framework", "parse", "version", "invalid type",
     after('title = "Bad input case"', "version = 1.5"))
case(F + "type-organisations.toml", "framework", "parse", "organisations", "invalid type",
     after('title = "Bad input case"', 'organisations = "sfh"', base=BASE.split("[[organisations]]")[0]))
case(F + "type-org-name.toml", "framework", "parse", "organisations[0].name", "invalid type",
     fw(('name = "Sherwood Forest Hospitals"', "name = 1")))
case(F + "type-org-code.toml", "framework", "parse", "organisations[1].code", "invalid type",
     after('name = "Nottingham University Hospitals"', "code = 12"))
case(F + "type-partnership-documented.toml", "framework", "parse", "partnerships[0].documented",
     "invalid type", after('kind = "formal"', 'documented = "yes"'))
case(F + "type-partnership-shares.toml", "framework", "parse", "partnerships[0].shares",
     "invalid type", after('kind = "formal"', 'shares = "half each"'))
case(F + "type-share-value.toml", "framework", "parse", "partnerships[0].shares[0].share",
     "invalid type", fw(('members = ["sfh", "nuh"]', SHARES.replace("share = 0.5 }, {", 'share = "half" }, {'))))
case(F + "type-objective-parent.toml", "framework", "parse", "objectives[0].parent",
     "invalid type", after('title = "Work collaboratively"', "parent = 1"))
case(F + "type-measure-title.toml", "framework", "parse", "measures[0].title", "invalid type",
     fw(('title = "Smoking at time of delivery"', "title = 1")))
case(F + "type-measure-per.toml", "framework", "parse", "measures[0].per", "invalid type",
     after('polarity = "lower_is_better"', 'per = "1000"'))
case(F + "type-suppress-below.toml", "framework", "parse", "measures[0].suppress_below",
     "invalid type", after('polarity = "lower_is_better"', 'suppress_below = "5"'))
case(F + "type-measure-source.toml", "framework", "parse", "measures[0].source", "invalid type",
     fw(('source = { name = "Fingertips", indicator = "93085" }', 'source = "Fingertips"')))
case(F + "type-source-indicator.toml", "framework", "parse", "measures[0].source.indicator",
     "invalid type", fw(('indicator = "93085"', "indicator = 93085")))
case(F + "type-baselines-table.toml", "framework", "parse", "measures[0].baselines",
     "invalid type", fw((BASELINE, 'baselines = { period = "2021/22", value = 13.0 }')))
case(F + "type-baseline-period.toml", "framework", "parse", "measures[0].baselines[0].period",
     "invalid type", fw(('{ period = "2021/22", value = 13.0 }', "{ period = 2021, value = 13.0 }")))
case(F + "type-target-by.toml", "framework", "parse", "measures[0].targets[0].by", "invalid type",
     fw(('by = "2027/28" }]', "by = 2027 }]")))
case(F + "type-trajectory-value.toml", "framework", "parse",
     "measures[0].targets[0].trajectory[0].value", "a number, or a placeholder",
     fw((TARGET, TRAJECTORY.replace("value = 12.0", "value = true"))))
case(F + "type-breakdown-levels.toml", "framework", "parse", "measures[0].breakdowns[0].levels",
     "invalid type", after(TARGET, BREAKDOWN.replace('levels = ["1", "5"]', 'levels = "1-5"').rstrip()))
case(F + "type-commitment-text.toml", "framework", "parse", "commitments[0].text",
     "invalid type", fw(('text = "Reduce smoking in pregnancy"', "text = 5")))
case(F + "type-commitment-measures.toml", "framework", "parse", "commitments[0].measures",
     "invalid type", fw(('measures = ["smoking"]', 'measures = "smoking"')))
case(F + "type-milestone-description.toml", "framework", "parse",
     "commitments[0].milestones[0].description", "invalid type",
     fw(('description = "Pilot"', "description = 1")))
case(F + "type-value-money.toml", "framework", "parse", "value_outcomes[0].money",
     "a number, or a placeholder", fw(("money = 1000.0", "money = true")))
case(F + "type-value-duration.toml", "framework", "parse", "value_outcomes[0].duration_years",
     "invalid type", fw(("duration_years = 3", 'duration_years = "3"')))
case(F + "type-document.toml", "framework", "parse", "document", "invalid type",
     after('title = "Bad input case"', 'document = "plan.pdf"'))
case(F + "type-document-title.toml", "framework", "parse", "document.title", "invalid type",
     FULL + DOCUMENT.replace('title = "Joint forward plan"', "title = 1"))

# --- Unknown fields in nested tables ----------------------------------------------------------
for name, path, edit in [
    ("period", "period.start", ('to = "2027/28" }', 'to = "2027/28", start = "2023-04-01" }')),
    ("source", "measures[0].source.id", ('indicator = "93085" }', 'indicator = "93085", id = 1 }')),
    ("baseline", "measures[0].baselines[0].year", ("value = 13.0 }", "value = 13.0, year = 2021 }")),
    ("target", "measures[0].targets[0].target", ('by = "2027/28" }]', 'by = "2027/28", target = 9 }]')),
    ("organisation", "organisations[0].type", ('kind = "foundation_trust"', 'kind = "foundation_trust"\ntype = "acute"')),
    ("partnership", "partnerships[0].members_count", ('kind = "formal"', 'kind = "formal"\nmembers_count = 2')),
    ("objective", "objectives[0].name", ('title = "Work collaboratively"', 'title = "Work collaboratively"\nname = "o"')),
    ("commitment", "commitments[0].owner", ('owners = ["sfh"]', 'owner = "sfh"')),
    ("milestone", "commitments[0].milestones[0].date", ('due = "2025-03-31" }', 'date = "2025-03-31" }')),
    ("value-outcome", "value_outcomes[0].saving", ("money = 1000.0", "saving = 1000.0")),
    ("proxy", "value_outcomes[0].proxy.price", ("value = 500.0 }", "price = 500.0 }")),
    ("beneficiary", "value_outcomes[0].beneficiaries[0].org", ('{ organisation = "sfh", share = 1.0 }', '{ organisation = "sfh", org = "sfh", share = 1.0 }')),
]:
    field = path.rsplit(".", 1)[1]
    case(F + f"unknown-{name}-field.toml", "framework", "parse", path, f"unknown field `{field}`", fw(edit))
case(F + "unknown-breakdown-field.toml", "framework", "parse", "measures[0].breakdowns[0].values",
     "unknown field `values`", after(TARGET, BREAKDOWN.replace("levels =", "values =").rstrip()))
case(F + "unknown-trajectory-field.toml", "framework", "parse",
     "measures[0].targets[0].trajectory[0].year", "unknown field `year`",
     fw((TARGET, TRAJECTORY.replace('period = "2025/26"', 'period = "2025/26", year = 2025'))))
case(F + "unknown-share-field.toml", "framework", "parse", "partnerships[0].shares[1].percent",
     "unknown field `percent`", fw(('members = ["sfh", "nuh"]', SHARES.replace('"nuh", share = 0.5', '"nuh", share = 0.5, percent = 50'))))
case(F + "unknown-document-field.toml", "framework", "parse", "document.link",
     "unknown field `link`", FULL + DOCUMENT + 'link = "https://example.org"\n')

# --- Every enum with a bad value --------------------------------------------------------------
for name, path, edit, bad in [
    ("partnership-kind", "partnerships[0].kind", ('kind = "formal"', 'kind = "loose"'), "loose"),
    ("assurance", "partnerships[0].assurance", ('kind = "formal"', 'kind = "formal"\nassurance = "full"'), "full"),
    ("complexity", "partnerships[0].complexity", ('kind = "formal"', 'kind = "formal"\ncomplexity = "medium"'), "medium"),
    ("objective-level", "objectives[0].level", ('title = "Work collaboratively"', 'title = "Work collaboratively"\nlevel = "goal"'), "goal"),
    ("method", "measures[0].method", ('polarity = "lower_is_better"', 'polarity = "lower_is_better"\nmethod = "median"'), "median"),
    ("frequency", "measures[0].frequency", ('polarity = "lower_is_better"', 'polarity = "lower_is_better"\nfrequency = "weekly"'), "weekly"),
    ("direction", "measures[0].targets[0].direction", ('by = "2027/28" }]', 'by = "2027/28", direction = "down" }]'), "down"),
    ("milestone-status", "commitments[0].milestones[0].status", ('status = "in_progress"', 'status = "finished"'), "finished"),
    ("value-kind", "value_outcomes[0].kind", ('kind = "cash_saving"', 'kind = "profit"'), "profit"),
    ("basis", "value_outcomes[0].basis", ('basis = "per_year"', 'basis = "monthly"'), "monthly"),
    ("value-assurance", "value_outcomes[0].assurance", ('basis = "per_year"', 'basis = "per_year"\nassurance = "high"'), "high"),
    ("unit-case", "measures[0].unit", ('unit = "percent"', 'unit = "Percent"'), "Percent"),
    ("polarity-empty", "measures[0].polarity", ('polarity = "lower_is_better"', 'polarity = ""'), ""),
]:
    case(F + f"enum-{name}.toml", "framework", "parse", path, f"unknown variant `{bad}`", fw(edit))
case(F + "enum-breakdown-kind.toml", "framework", "parse", "measures[0].breakdowns[0].kind",
     "unknown variant `income`", after(TARGET, BREAKDOWN.replace("deprivation_quintile", "income").rstrip()))
case(F + "enum-unit-number.toml", "framework", "parse", "measures[0].unit", "wanted string or table",
     fw(('unit = "percent"', "unit = 1")))

# --- Dangling ids in every reference field ----------------------------------------------------
for name, path, edit, bad in [
    ("commitment-owner", "commitments[0].owners[0]", ('owners = ["sfh"]', 'owners = ["sfft"]'), "sfft"),
    ("commitment-partnership", "commitments[0].partnerships[0]", ('partnerships = ["nnpc"]', 'partnerships = ["npc"]'), "npc"),
    ("measure-objective", "measures[0].objectives[0]", ('polarity = "lower_is_better"', 'polarity = "lower_is_better"\nobjectives = ["o9"]'), "o9"),
    ("measure-owner", "measures[0].owners[0]", ('polarity = "lower_is_better"', 'polarity = "lower_is_better"\nowners = ["nottingham"]'), "nottingham"),
    ("objective-parent", "objectives[0].parent", ('title = "Work collaboratively"', 'title = "Work collaboratively"\nparent = "o0"'), "o0"),
    ("partnership-parent", "partnerships[0].parent", ('kind = "formal"', 'kind = "formal"\nparent = "ics"'), "ics"),
    ("share-organisation", "partnerships[0].shares[1].organisation", ('members = ["sfh", "nuh"]', SHARES.replace('organisation = "nuh"', 'organisation = "nuhh"')), "nuhh"),
    ("value-partnership", "value_outcomes[0].partnership", ('partnership = "nnpc"', 'partnership = "nnp"'), "nnp"),
    ("value-objective", "value_outcomes[0].objectives[0]", ('objectives = ["o1"]\nperiod', 'objectives = ["o2"]\nperiod'), "o2"),
    ("beneficiary", "value_outcomes[0].beneficiaries[0].organisation", ('{ organisation = "sfh", share = 1.0 }', '{ organisation = "shf", share = 1.0 }'), "shf"),
]:
    case(F + f"dangling-{name}.toml", "framework", "validation", path, f'"{bad}"', fw(edit))
for name, path, text, already in [
    ("organisation", "organisations[1].id", ('id = "nuh"', 'id = "sfh"'), "organisations[0]"),
    ("objective", "objectives[1].id", None, "objectives[0]"),
    ("commitment", "commitments[1].id", None, "commitments[0]"),
    ("value-outcome", "value_outcomes[1].id", None, "value_outcomes[0]"),
]:
    if name == "organisation":
        content = fw(text, ('members = ["sfh", "nuh"]', 'members = ["sfh", "sfh"]'))
    elif name == "objective":
        content = FULL + '\n[[objectives]]\nid = "o1"\ntitle = "Again"\n'
    elif name == "commitment":
        content = FULL + '\n[[commitments]]\nid = "c1"\ntext = "Again"\n'
    else:
        content = FULL + '\n[[value_outcomes]]\nid = "v1"\ntitle = "Again"\nkind = "income"\n'
    case(F + f"duplicate-{name}-id.toml", "framework", "validation", path, f"already the id of {already}", content)
case(F + "duplicate-partnership-id.toml", "framework", "validation", "partnerships[1].id",
     "already the id of partnerships[0]",
     FULL + '\n[[partnerships]]\nid = "nnpc"\nname = "Again"\nkind = "informal"\nmembers = ["sfh", "nuh"]\n')

# --- Bad periods in every period field --------------------------------------------------------
for name, path, edit, bad in [
    ("period-to", "period.to", ('to = "2027/28" }', 'to = "2027/29" }'), "2027/29"),
    ("trajectory", "measures[0].targets[0].trajectory[0].period", (TARGET, TRAJECTORY.replace('"2025/26"', '"2025/27"')), "2025/27"),
    ("milestone", "commitments[0].milestones[0].period", ('period = "2024/25", description', 'period = "Q5 2024", description'), "Q5 2024"),
    ("value-outcome", "value_outcomes[0].period", ('period = "2024/25"\nbeneficiaries', 'period = "2024/20255"\nbeneficiaries'), "2024/20255"),
    ("target-from", "measures[0].targets[0].from", ('by = "2027/28" }]', 'by = "2027/28", from = "FY22" }]'), "FY22"),
    ("baseline-empty", "measures[0].baselines[0].period", ('period = "2021/22", value = 13.0', 'period = "", value = 13.0'), "empty text"),
    ("target-month", "measures[0].targets[0].by", ('by = "2027/28" }]', 'by = "2027-13" }]'), "2027-13"),
]:
    case(F + f"period-{name}.toml", "framework", "validation", path, bad if bad == "empty text" else f'"{bad}"', fw(edit))
case(F + "period-reversed.toml", "framework", "validation", "period.to", "before it starts (2027/28)",
     fw(('from = "2023/24", to = "2027/28"', 'from = "2027/28", to = "2023/24"')))

# --- Placeholders where they are errors -------------------------------------------------------
# A placeholder is a warning where the plan may leave a figure or date to be confirmed (a
# baseline or target value, a target's `by`, a milestone's due date); it is an error where the
# framework cannot work without the real thing: the strategy's own period, and typed numbers.
case(F + "placeholder-framework-period.toml", "framework", "validation", "period.from",
     '"[TBC]"', fw(('from = "2023/24"', 'from = "[TBC]"')))
case(F + "placeholder-framework-period-to.toml", "framework", "validation", "period.to",
     '"[insert year]"', fw(('to = "2027/28" }', 'to = "[insert year]" }')))
case(F + "placeholder-per.toml", "framework", "parse", "measures[0].per", "invalid type",
     fw(('unit = "percent"', 'unit = "rate"\nper = "[per 100,000]"')))
case(F + "placeholder-share.toml", "framework", "parse", "partnerships[0].shares[0].share",
     "invalid type", fw(('members = ["sfh", "nuh"]', SHARES.replace("share = 0.5 }, {", 'share = "[tbc]" }, {'))))

# --- Huge, negative and non-finite numbers ----------------------------------------------------
case(F + "huge-schema-version.toml", "framework", "parse", "schema_version", "invalid value",
     fw(("schema_version = 1", "schema_version = 4294967296")))
case(F + "float-schema-version.toml", "framework", "parse", "schema_version", "invalid type",
     fw(("schema_version = 1", "schema_version = 1.0")))
case(F + "zero-per.toml", "framework", "validation", "measures[0].per", "0",
     fw(('unit = "percent"', 'unit = "rate"\nper = 0')))
case(F + "negative-share.toml", "framework", "validation", "partnerships[0].shares[0].share",
     "-0.5", fw(('members = ["sfh", "nuh"]', SHARES.replace("share = 0.5 }, {", "share = -0.5 }, {"))))
case(F + "attribution-over-one.toml", "framework", "validation", "value_outcomes[0].attribution",
     "fraction between 0 and 1", fw(("money = 1000.0", "money = 1000.0\nattribution = 1.5")))
case(F + "negative-drop-off.toml", "framework", "validation", "value_outcomes[0].drop_off",
     "fraction between 0 and 1", fw(("money = 1000.0", "money = 1000.0\ndrop_off = -0.2")))
case(F + "displacement-huge.toml", "framework", "validation", "value_outcomes[0].displacement",
     "fraction between 0 and 1", fw(("money = 1000.0", "money = 1000.0\ndisplacement = 1e300")))
case(F + "negative-duration.toml", "framework", "validation", "value_outcomes[0].duration_years",
     "-3", fw(("duration_years = 3", "duration_years = -3")))
case(F + "inf-target.toml", "framework", "validation", "measures[0].targets[0].value",
     "not a finite number", fw(('value = 10.0, by = "2027/28"', 'value = inf, by = "2027/28"')))
case(F + "overflow-float.toml", "framework", "parse", "", "TOML line",
     fw(("value = 13.0 }", "value = 1e99999 }")))
case(F + "huge-percent.toml", "framework", "validation", "measures[0].baselines[0].value",
     "outside 0-100", fw(("value = 13.0 }", "value = 1.7e308 }")))
case(F + "negative-infinity-money.toml", "framework", "validation", "value_outcomes[0].money",
     "not a finite number", fw(("money = 1000.0", "money = -inf")))

# --- Not UTF-8, not text ----------------------------------------------------------------------
case(F + "utf16.toml", "framework", "parse", F + "utf16.toml", "not valid UTF-8",
     b"\xff\xfe" + BASE.encode("utf-16-le"))
case(F + "latin1-title.toml", "framework", "parse", F + "latin1-title.toml", "not valid UTF-8",
     fw(('title = "Bad input case"', 'title = "Caf\u00e9"')).encode("latin-1"))
case(F + "invalid-utf8.json", "framework", "parse", F + "invalid-utf8.json", "not valid UTF-8",
     to_json(BASE).replace("Bad input case", "Bad \udcff case").encode("utf-8", "surrogateescape"))
case(F + "nul-byte.toml", "framework", "parse", "", "TOML line",
     fw(('title = "Bad input case"', 'title = "Bad\x00case"')))

# --- JSON variants of the TOML cases ----------------------------------------------------------
JSON_BASE = json.loads(to_json(FULL))


def jv(name: str, kind: str, path: str, contains: str, edit) -> None:  # type: ignore[no-untyped-def]
    doc = json.loads(json.dumps(JSON_BASE))
    edit(doc)
    case(F + f"json-{name}.json", "framework", kind, path, contains,
         json.dumps(doc, separators=(",", ":"), ensure_ascii=False))


jv("unknown-top-field", "parse", "colour", "unknown field `colour`", lambda d: d.update(colour="red"))
jv("unknown-unit", "parse", "measures[0].unit", "unknown variant `percentage`",
   lambda d: d["measures"][0].update(unit="percentage"))
jv("unknown-polarity", "parse", "measures[0].polarity", "unknown variant `down`",
   lambda d: d["measures"][0].update(polarity="down"))
jv("missing-title", "parse", "", "missing field `title`", lambda d: d.pop("title"))
jv("missing-measure-unit", "parse", "measures[0]", "missing field `unit`", lambda d: d["measures"][0].pop("unit"))
jv("id-number", "parse", "id", "invalid type", lambda d: d.update(id=5))
jv("members-string", "parse", "partnerships[0].members", "invalid type",
   lambda d: d["partnerships"][0].update(members="sfh,nuh"))
jv("baseline-value-bool", "parse", "measures[0].baselines[0].value", "a number, or a placeholder",
   lambda d: d["measures"][0]["baselines"][0].update(value=False))
jv("null-title", "parse", "title", "invalid type", lambda d: d.update(title=None))
jv("dangling-owner", "validation", "owner", "no organisation has id", lambda d: d.update(owner="sfft"))
jv("dangling-commitment-objective", "validation", "commitments[0].objectives[0]", 'no objective has id "o2"',
   lambda d: d["commitments"][0].update(objectives=["o2"]))
jv("dangling-partnership-member", "validation", "partnerships[0].members[1]", 'did you mean "nuh"',
   lambda d: d["partnerships"][0].update(members=["sfh", "nuhh"]))
jv("duplicate-measure-id", "validation", "measures[1].id", "already the id of measures[0]",
   lambda d: d["measures"].append(dict(d["measures"][0])))
jv("objective-cycle", "validation", "objectives[0].parent", "cycle",
   lambda d: d["objectives"][0].update(parent="o1"))
jv("bad-target-period", "validation", "measures[0].targets[0].by", "2024/26",
   lambda d: d["measures"][0]["targets"][0].update(by="2024/26"))
jv("percent-over-100", "validation", "measures[0].baselines[0].value", "outside 0-100",
   lambda d: d["measures"][0]["baselines"][0].update(value=130))
jv("schema-version-2", "validation", "schema_version", "not supported", lambda d: d.update(schema_version=2))
jv("negative-schema-version", "parse", "schema_version", "invalid value", lambda d: d.update(schema_version=-1))
jv("deadweight-percent", "validation", "value_outcomes[0].deadweight", "fraction between 0 and 1",
   lambda d: d["value_outcomes"][0].update(deadweight=25))
case(F + "json-empty.json", "framework", "parse", "", "EOF", "")
case(F + "json-array.json", "framework", "parse", "", "invalid length 0", "[]")
case(F + "json-null.json", "framework", "parse", "", "invalid type: null", "null")
case(F + "json-nan-literal.json", "framework", "parse", "measures[0].baselines[0].value", "expected value",
     to_json(BASE).replace('"value":13.0', '"value":NaN'))
case(F + "json-huge-number.json", "framework", "parse", "measures[0].baselines[0].value", "number out of range",
     to_json(BASE).replace('"value":13.0', '"value":1e400'))
case(F + "json-duplicate-field.json", "framework", "parse", "", "duplicate field `title`",
     to_json(BASE).replace('"title":"Bad input case"', '"title":"A","title":"B"'))
case(F + "json-comment.json", "framework", "parse", "", "expected value",
     "// a framework\n" + to_json(BASE))
case(F + "json-single-quotes.json", "framework", "parse", "", "key must be a string",
     "{'schema_version': 1}")

# --- Long CSV: every column's bad values, header problems -------------------------------------
def long(old: str, new: str, header: bool = False) -> str:
    if header:
        return sub(LONG_HEADER, old, new) + LONG_ROW
    return LONG_HEADER + sub(LONG_ROW, old, new)


for name, path, edit, contains in [
    ("numerator-text", "line 2 (numerator)", ("26,200", "twenty,200"), "not a number"),
    ("denominator-text", "line 2 (denominator)", ("26,200", "26,two hundred"), "not a number"),
    ("lower-text", "line 2 (lower)", ("9.0,18.0", "low,18.0"), "not a number"),
    ("upper-text", "line 2 (upper)", ("9.0,18.0", "9.0,high"), "not a number"),
    ("upper-below-value", "line 2 (upper)", ("9.0,18.0", "9.0,12.0"), "bracket"),
    ("decimal-comma", "line 2 (value)", ("13.0,26", '"13,5",26'), "not a number"),
    ("value-inf", "line 2 (value)", ("13.0,26", "inf,26"), "finite"),
    ("value-neg-inf", "line 2 (value)", ("13.0,26", "-Infinity,26"), "finite"),
    ("value-overflow", "line 2 (value)", ("13.0,26", "1e400,26"), "finite"),
    ("denominator-nan", "line 2 (denominator)", ("26,200", "26,NaN"), "finite"),
    ("numerator-inf", "line 2 (numerator)", ("26,200", "inf,200"), "finite"),
    ("empty-measure", "line 2 (measure)", ("smoking,", ","), "empty"),
    ("empty-period", "line 2 (period)", ("2022/23,", ","), "empty"),
    ("period-long-second-year", "line 2 (period)", ("2022/23", "2022/2024"), "2022/2024"),
    ("period-reversed-years", "line 2 (period)", ("2022/23", "2023/22"), "2023/22"),
    ("period-quarter-5", "line 2 (period)", ("2022/23", "2022 Q5"), "2022 Q5"),
    ("period-words", "line 2 (period)", ("2022/23", "last year"), "last year"),
    ("value-pound", "line 2 (value)", ("13.0,26", "\u00a313,26"), "not a number"),
    ("value-hex", "line 2 (value)", ("13.0,26", "0x1A,26"), "not a number"),
]:
    case(D + f"{name}.csv", "data", "data", path, contains, long(*edit))
case(D + "bad-second-of-many.csv", "data", "data", "line 4 (value)", "not a number",
     LONG_HEADER + LONG_ROW + LONG_ROW.replace("2022/23", "2023/24")
     + LONG_ROW.replace("2022/23", "2024/25").replace("13.0", "n/a"))
case(D + "lower-998-text.csv", "data", "data", "line 2 (lower_998)", "not a number",
     "measure,period,value,lower_998,upper_998\nsmoking,2022/23,13.0,x,20\n")
case(D + "no-period-column.csv", "data", "data", "line 1", '"period"',
     "measure,area,value\nsmoking,Nottingham,13.0\n")
case(D + "duplicate-measure-column.csv", "data", "data", "line 1 (measure)", "appears twice",
     "measure,period,measure,value\nsmoking,2022/23,smoking,13.0\n")
case(D + "blank-header.csv", "data", "data", "line 1", 'no "measure" column', "\n" + LONG_ROW)
case(D + "tab-separated.csv", "data", "data", "line 1", 'no "measure" column',
     LONG_HEADER.replace(",", "\t") + LONG_ROW.replace(",", "\t"))
case(D + "semicolon-separated.csv", "data", "data", "line 1", 'no "measure" column',
     LONG_HEADER.replace(",", ";") + LONG_ROW.replace(",", ";"))
case(D + "short-row.csv", "data", "data", "line 2", "fields but the header has",
     LONG_HEADER + "smoking,2022/23,Nottingham\n")
case(D + "unterminated-quote.csv", "data", "data", "line 2", "",
     LONG_HEADER + 'smoking,2022/23,"Nottingham,13.0,26,200,9.0,18.0\n')
case(D + "invalid-utf8-header.csv", "data", "data", "line 1", "UTF-8",
     b"measure,period,\xffvalue\nsmoking,2022/23,13.0\n")
case(D + "utf16.csv", "data", "data", "line 1", "UTF-8",
     b"\xff\xfe" + (LONG_HEADER + LONG_ROW).encode("utf-16-le"))
case(D + "binary.csv", "data", "data", "line 1", "",
     b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00")
case(D + "duplicate-row-breakdown.csv", "data", "data", "line 3", "duplicate row",
     "measure,period,value,imd\nsmoking,2022/23,13.0,1\nsmoking,2022/23,14.0,1\n")
case(D + "unknown-measure-later.csv", "data", "validation", D + "unknown-measure-later.csv: line 3 (measure)",
     'no measure "smokin"', LONG_HEADER + LONG_ROW + LONG_ROW.replace("smoking,2022/23", "smokin,2023/24"))
case(D + "negative-percent.csv", "data", "validation", D + "negative-percent.csv: line 2 (value)",
     "outside 0-100", "measure,period,value\nsmoking,2022/23,-3\n")

# --- Fingertips exports -----------------------------------------------------------------------
case(D + "fingertips-empty.csv", "fingertips", "data", "line 1", "empty", "")
case(D + "fingertips-no-value.csv", "fingertips", "data", "line 1", '"Value"',
     ft(",Value,", ",Val,", header=True))
case(D + "fingertips-no-time-period.csv", "fingertips", "data", "line 1", '"Time period"',
     ft("Time period,Value", "Period,Value", header=True))
case(D + "fingertips-bad-value.csv", "fingertips", "data", "line 2 (Value)", "not a number",
     ft(",13.0,", ",thirteen,"))
case(D + "fingertips-bad-lower.csv", "fingertips", "data", "line 2 (Lower CI 95.0 limit)",
     "not a number", ft(",12.0,", ",low,"))
case(D + "fingertips-bad-count.csv", "fingertips", "data", "line 2 (Count)", "not a number",
     ft(",260,", ",lots,"))
case(D + "fingertips-bad-denominator.csv", "fingertips", "data", "line 2 (Denominator)",
     "not positive", ft(",2000,", ",-2000,"))
case(D + "fingertips-bad-period.csv", "fingertips", "data", "line 2 (Time period)", "2022/24",
     ft("2022/23,", "2022/24,"))
case(D + "fingertips-value-inf.csv", "fingertips", "data", "line 2 (Value)", "finite",
     ft(",13.0,", ",inf,"))
case(D + "fingertips-invalid-utf8.csv", "fingertips", "data", "line 2", "UTF-8",
     ft("Nottingham", "N\xf6ttingham").encode("latin-1"))
case(D + "fingertips-ragged.csv", "fingertips", "data", "line 2", "fields but the header has",
     FT_HEADER + "93085,Smoking at delivery,E38000130\n")
case(D + "fingertips-duplicate-row.csv", "fingertips", "data", "line 3", "duplicate row",
     FT_HEADER + FT_ROW + FT_ROW)
case(D + "fingertips-unknown-indicator.csv", "fingertips", "validation",
     D + "fingertips-unknown-indicator.csv: line 2 (measure)", "99999", ft("93085,", "99999,"))


def rows_of(text: str) -> list[list[str]]:
    return [r for r in csv.reader(io.StringIO(text))]


def main() -> None:
    manifest = HERE / "manifest.csv"
    old = rows_of(manifest.read_text(encoding="utf-8"))
    header, hand = old[0], [r for r in old[1:] if not Path(r[0]).name.startswith("g-")]
    # Remove generated files from an earlier run that are no longer generated.
    names = {c[0] for c in CASES}
    if len(names) != len(CASES):
        sys.exit("make_cases.py: two cases share a file name")
    for folder in ("frameworks", "data"):
        for p in sorted((HERE / folder).glob("g-*")):
            if f"{folder}/{p.name}" not in names:
                p.unlink()
    for file, _mode, _kind, _path, _contains, content in CASES:
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        (HERE / file).write_bytes(data)
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(header)
    w.writerows(hand)
    for file, mode, kind, path, contains, _content in CASES:
        w.writerow([file, mode, kind, path, contains])
    manifest.write_text(out.getvalue(), encoding="utf-8")
    print(f"{len(hand)} hand-written + {len(CASES)} generated = {len(hand) + len(CASES)} cases")


if __name__ == "__main__":
    os.chdir(HERE)
    main()
