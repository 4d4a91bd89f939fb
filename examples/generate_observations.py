#!/usr/bin/env python3
"""Write the SYNTHETIC observations of the five examples (examples/*/observations.csv).

Every figure written here is made up ("synthetic example data"), except where a series starts
from a baseline the source document quotes (smoking at time of delivery 13% Nottingham and
12.6% Nottinghamshire, year-six overweight 40.8% Nottingham and 38.4% Bassetlaw, women's
healthy life expectancy 57.5 / 60 / 64 years, more than 65% of adults overweight or obese, the
health inequalities fund at 0.2% of ICB budget in 2023/24, the East Midlands footprint
populations). The trends are chosen so that evaluation shows a mix of statuses: some measures
improve, some stay flat, some get worse.

Standard library only; seeded, so running it twice writes identical files:

    python3 examples/generate_observations.py

Format (long CSV): measure, period, area, value, numerator, denominator, lower, upper, note,
source, then one column per breakdown dimension the framework declares (an empty cell means
"all"). Percentages are 0-100; for proportion and rate measures value = numerator /
denominator x 100 (or x per), from the rounded counts.
"""

import csv
import math
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
NOTE = "synthetic example data"
SOURCE = "examples/generate_observations.py (synthetic example data)"
BASE_COLUMNS = ["measure", "period", "area", "value", "numerator", "denominator",
                "lower", "upper", "note", "source"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


# --- periods -------------------------------------------------------------------------------

def fy(year):
    """Financial year starting in April of `year`: 2023 -> '2023/24'."""
    return f"{year}/{(year + 1) % 100:02d}"


def fy_quarters(first_year, last_year):
    """Financial quarters '2023/24 Q1' .. of the financial years first_year..last_year."""
    return [f"{fy(y)} Q{q}" for y in range(first_year, last_year + 1) for q in range(1, 5)]


def months(first_year, first_month, count):
    """`count` months from (first_year, first_month), as 'Apr 2022'; with month numbers."""
    out = []
    y, m = first_year, first_month
    for _ in range(count):
        out.append((f"{MONTHS[m - 1]} {y}", m))
        m += 1
        if m == 13:
            y, m = y + 1, 1
    return out


def three_year(first_year, count):
    """Three-year pooled periods '2018 - 20', '2019 - 21', ..."""
    return [f"{y} - {(y + 2) % 100:02d}" for y in range(first_year, first_year + count)]


# --- numbers -------------------------------------------------------------------------------

def fmt(x, places=4):
    """Fixed-point text without trailing zeros (never scientific notation)."""
    if x is None:
        return ""
    text = f"{x:.{places}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def row(measure, period, area, value, numerator=None, denominator=None, lower=None,
        upper=None, **breakdown):
    r = {"measure": measure, "period": period, "area": area, "value": value,
         "numerator": numerator, "denominator": denominator, "lower": lower, "upper": upper,
         "note": NOTE, "source": SOURCE}
    r.update(breakdown)
    return r


def proportion(measure, period, area, pct, denominator, **breakdown):
    """A percentage from whole counts: numerator rounded, value recomputed from the counts,
    with Wilson 95% limits."""
    den = int(round(denominator))
    num = int(round(pct / 100.0 * den))
    num = max(0, min(num, den))
    p = num / den
    z = 1.959964
    centre = (p + z * z / (2 * den)) / (1 + z * z / den)
    half = z * math.sqrt(p * (1 - p) / den + z * z / (4 * den * den)) / (1 + z * z / den)
    return row(measure, period, area, p * 100, num, den, (centre - half) * 100,
               (centre + half) * 100, **breakdown)


def rate(measure, period, area, value, population, per=100000, **breakdown):
    """A crude rate from whole counts, with Byar's 95% limits."""
    num = int(round(value * population / per))
    den = int(round(population))
    o = max(num, 1)
    z = 1.959964
    lo = num * (1 - 1 / (9 * num) - z / (3 * math.sqrt(num))) ** 3 if num > 0 else 0.0
    hi = (o + 1) * (1 - 1 / (9 * (o + 1)) + z / (3 * math.sqrt(o + 1))) ** 3
    return row(measure, period, area, num / den * per, num, den, lo / den * per,
               hi / den * per, **breakdown)


def published(measure, period, area, value, half_width=None, **breakdown):
    """A value taken as published (DSRs, survey estimates, life expectancy), with limits."""
    lo = None if half_width is None else value - half_width
    hi = None if half_width is None else value + half_width
    return row(measure, period, area, value, lower=lo, upper=hi, **breakdown)


def path(rng, start, step, count, sd):
    """start, then a linear trend of `step` per point with Gaussian noise of `sd`; the first
    point is exactly `start` (the document's baseline)."""
    return [start if i == 0 else start + step * i + rng.gauss(0.0, sd) for i in range(count)]


def seasonal(month, amplitude):
    """Winter peak (January) for monthly series."""
    return 1.0 + amplitude * math.cos((month - 1) / 12.0 * 2 * math.pi)


# --- the examples --------------------------------------------------------------------------

def integrated_care_strategy():
    rng = random.Random(20230401)
    rows = []
    ics = "Nottingham and Nottinghamshire ICS"
    years = list(range(2021, 2026))  # 2021/22 .. 2025/26

    # Smoking at time of delivery: from the quoted 13% and 12.6% (2021/22); Nottingham
    # improves, Nottinghamshire does not.
    for area, start, step, den in (("Nottingham", 13.0, -0.55, 3800),
                                   ("Nottinghamshire", 12.6, 0.08, 8000)):
        for i, (y, v) in enumerate(zip(years, path(rng, start, step, 5, 0.25))):
            rows.append(proportion("smoking-at-delivery", fy(y), area, v,
                                   den if i == 0 else den * rng.uniform(0.96, 1.03)))

    # Breastfeeding at 6-8 weeks, quarterly.
    for area, start, step, den in (("Nottingham", 51.0, 0.35, 950),
                                   ("Nottinghamshire", 44.0, 0.02, 2000)):
        for p, v in zip(fy_quarters(2021, 2025), path(rng, start, step, 20, 0.9)):
            rows.append(proportion("breastfeeding", p, area, v, den * rng.uniform(0.93, 1.07)))

    # Year 6 overweight: from 40.8% Nottingham (still rising) and 38.4% Bassetlaw (flat).
    for area, start, step, den in (("Nottingham", 40.8, 0.45, 4000),
                                   ("Bassetlaw", 38.4, 0.0, 1250)):
        for i, (y, v) in enumerate(zip(years, path(rng, start, step, 5, 0.3))):
            rows.append(proportion("year6-overweight", fy(y), area, v,
                                   den if i == 0 else den * rng.uniform(0.97, 1.03)))

    for area, start, step, den in (("Nottingham", 59.5, 1.1, 4200),
                                   ("Nottinghamshire", 64.0, 0.5, 9500)):
        for y, v in zip(years, path(rng, start, step, 5, 0.5)):
            rows.append(proportion("school-readiness", fy(y), area, v, den))

    for y, v in zip(range(2019, 2025), path(rng, 192.0, -3.0, 6, 3.0)):
        rows.append(published("self-harm-admissions", fy(y), ics, v, 9.0))

    # Monthly series, Apr 2022 - Mar 2026 (48 points).
    m48 = months(2022, 4, 48)
    for i, (p, m) in enumerate(m48):
        v = 14000 + 75 * i + rng.gauss(0, 220)
        rows.append(row("cyp-mh-access", p, ics, int(round(v))))
    for i, (p, m) in enumerate(m48):
        v = 11000 * (1 + 0.0012 * i) * seasonal(m, 0.07) + rng.gauss(0, 180)
        rows.append(row("emergency-admissions", p, ics, int(round(v))))
    for i, (p, m) in enumerate(m48):
        # A step down after the integrated discharge hubs open (Oct 2024, point 30).
        pct = (14.2 if i < 30 else 11.4) + rng.gauss(0, 0.45)
        rows.append(proportion("medically-fit-in-hospital", p, ics, pct,
                               2400 + rng.randint(-60, 60)))
    for i, (p, m) in enumerate(m48):
        pct = 9.6 - 0.05 * i + rng.gauss(0, 0.25)
        rows.append(proportion("vacancy-rate", p, ics, pct, 60000 + 150 * i))
    for i, (p, m) in enumerate(m48):
        # No improvement: seasonal around a flat 5.6%.
        pct = 5.6 * seasonal(m, 0.09) + rng.gauss(0, 0.12)
        rows.append(proportion("staff-sickness", p, ics, pct, 1800000))

    for area, start, step, pop in (("Nottingham", 2300.0, 35.0, 1.0),
                                   ("Nottinghamshire", 2050.0, -30.0, 1.0)):
        for y, v in zip(range(2019, 2025), path(rng, start, step, 6, 25.0)):
            rows.append(published("falls-admissions", fy(y), area, v, 110.0 * pop))

    for measure, specs in (
        ("control-daily-life", (("Nottingham", 75.0, 0.45, 350), ("Nottinghamshire", 78.0, -0.4, 600))),
        ("mh-living-independently", (("Nottingham", 45.0, 1.0, 1800), ("Nottinghamshire", 60.0, 0.4, 3100))),
        ("home-91-days", (("Nottingham", 82.0, 0.4, 700), ("Nottinghamshire", 79.0, -0.3, 1500))),
    ):
        for area, start, step, den in specs:
            for y, v in zip(range(2019, 2025), path(rng, start, step, 6, 0.6)):
                rows.append(proportion(measure, fy(y), area, v, den))

    # The carers' survey runs every two years.
    for area, vals, den in (("Nottingham", (27.8, 28.9, 30.1), 420), ("Nottinghamshire", (31.2, 30.0, 29.1), 900)):
        for y, v in zip((2018, 2021, 2023), vals):
            rows.append(proportion("carer-social-contact", fy(y), area, v, den))
    for area, vals in (("Nottingham", (7.3, 7.2, 7.4)), ("Nottinghamshire", (7.6, 7.5, 7.4))):
        for y, v in zip((2018, 2021, 2023), vals):
            rows.append(published("carer-qol", fy(y), area, v, 0.2))

    for p, v in zip(fy_quarters(2022, 2025), path(rng, 78.0, 0.22, 16, 0.7)):
        rows.append(proportion("frail-discharged-home", p, ics, v, 2100 + rng.randint(-80, 80)))
    # MECC training: far behind "all staff" (100%).
    for p, v in zip(fy_quarters(2023, 2025), path(rng, 4.0, 4.2, 12, 0.6)):
        rows.append(proportion("mecc-training", p, ics, max(v, 0.5), 70000))
    for i, p in enumerate(fy_quarters(2023, 2025)):
        rows.append(row("mecc-conversations", p, ics, int(2500 + 420 * i + rng.gauss(0, 150))))
    for i, (p, m) in enumerate(months(2023, 4, 36)):
        rows.append(row("prevention-referrals", p, ics, int(round(1900 + 12 * i + rng.gauss(0, 90)))))

    # Healthy life expectancy, women (sex = Female): from 57.5, 60 and 64 years (2018 - 20).
    for area, start, step in (("Nottingham", 57.5, 0.1), ("Nottinghamshire", 60.0, 0.15), ("England", 64.0, -0.1)):
        for p, v in zip(three_year(2018, 4), path(rng, start, step, 4, 0.35)):
            rows.append(published("healthy-life-expectancy", p, area, v,
                                  0.3 if area == "England" else 1.6, sex="Female"))

    # Life expectancy by deprivation quintile: the gap widens slightly (not improving).
    for q, start, step in (("1", 75.6, -0.12), ("2", 78.4, 0.0), ("3", 80.6, 0.05),
                           ("4", 82.2, 0.08), ("5", 84.0, 0.1)):
        for p, v in zip(three_year(2018, 4), path(rng, start, step, 4, 0.1)):
            rows.append(published("life-expectancy-gap", p, ics, v, 0.5, deprivation_quintile=q))
    for p, v in zip(three_year(2018, 4), path(rng, 80.1, 0.02, 4, 0.08)):
        rows.append(published("life-expectancy-gap", p, ics, v, 0.2, deprivation_quintile=""))

    quintile_pop = {"1": 262000, "2": 248000, "3": 241000, "4": 238000, "5": 237000}
    for q, start, step in (("1", 58.0, 1.3), ("2", 63.0, 1.0), ("3", 68.0, 0.6),
                           ("4", 72.0, 0.4), ("5", 75.0, 0.3)):
        for y, v in zip(range(2021, 2025), path(rng, start, step, 4, 0.5)):
            rows.append(proportion("greatest-need-services", fy(y), ics, v,
                                   quintile_pop[q] * 0.08, deprivation_quintile=q))
    # Non-elective LTC admissions per 100,000 by quintile, monthly (48 points each).
    for q, start, step in (("1", 96.0, -0.1), ("2", 78.0, -0.05), ("3", 64.0, 0.0),
                           ("4", 53.0, 0.0), ("5", 46.0, 0.02)):
        for i, (p, m) in enumerate(m48):
            v = (start + step * i) * seasonal(m, 0.08) + rng.gauss(0, 2.0)
            rows.append(rate("non-elective-ltc", p, ics, v, quintile_pop[q], deprivation_quintile=q))

    for y, v in zip(range(2021, 2025), (68.0, 71.5, 74.2, 77.1)):
        rows.append(proportion("ld-health-checks", fy(y), ics, v, 6500 + 120 * (y - 2021)))
    for y, v in zip(range(2021, 2025), (420, 431, 447, 462)):
        rows.append(row("ld-employment", fy(y), ics, v))
    for y, v in zip(range(2021, 2025), (3100, 3085, 3072, 3049)):
        rows.append(row("ld-accommodation", fy(y), ics, v))
    for y, v in zip(range(2022, 2026), (4.1, 4.3, 4.2, 4.6)):
        rows.append(row("prevention-spend", fy(y), ics, v))

    # Adult smoking prevalence (calendar years, survey estimates).
    for area, start, step in (("Nottingham", 19.6, -0.6), ("Nottinghamshire", 14.9, -0.35)):
        for y, v in zip(range(2019, 2025), path(rng, start, step, 6, 0.6)):
            rows.append(published("smokefree-2040", str(y), area, v, 2.4))

    for q, start, step in (("1", 905.0, -6.0), ("2", 760.0, -4.0), ("3", 640.0, -2.0),
                           ("4", 520.0, 0.0), ("5", 430.0, 1.0)):
        for y, v in zip(range(2019, 2025), path(rng, start, step, 6, 8.0)):
            rows.append(published("alcohol-admissions", fy(y), ics, v, 2.2 * math.sqrt(v),
                                  deprivation_quintile=q))
    for y, v in zip(range(2019, 2025), path(rng, 640.0, -2.5, 6, 5.0)):
        rows.append(published("alcohol-admissions", fy(y), ics, v, 1.0 * math.sqrt(v),
                              deprivation_quintile=""))

    # Adults overweight or obese: from "more than 65%" (2020/21), getting worse.
    for q, start, step in (("1", 69.5, 0.5), ("2", 67.0, 0.35), ("3", 65.0, 0.3),
                           ("4", 63.0, 0.2), ("5", 60.5, 0.1)):
        for y, v in zip(range(2020, 2025), path(rng, start, step, 5, 0.4)):
            rows.append(published("adult-overweight", fy(y), ics, v, 2.5, deprivation_quintile=q))
    for y, v in zip(range(2020, 2025), path(rng, 65.0, 0.3, 5, 0.2)):
        rows.append(published("adult-overweight", fy(y), ics, v, 1.1, deprivation_quintile=""))

    for p, v in zip(three_year(2018, 4), (10.8, 11.2, 11.5, 11.0)):
        rows.append(published("suicide-rate", p, ics, v, 1.1))
    for i, p in enumerate(fy_quarters(2023, 2025)):
        rows.append(row("joint-posts", p, ics, 4 + i + (1 if i > 6 else 0)))
    for y, v in zip(range(2022, 2025), (3.1, 3.4, 3.9)):
        rows.append(row("back-to-work", fy(y), ics, v))
    for p, v in zip(fy_quarters(2023, 2025), path(rng, 14.0, 0.08, 12, 0.9)):
        rows.append(proportion("data-vacancies", p, ics, v, 300))
    for measure, vals, den in (("local-contracts", (24.0, 25.2, 27.1), 5200),
                               ("sme-procurement", (18.0, 18.4, 17.9), 5200),
                               ("environmental-tenders", (31.0, 38.0, 46.0), 1400),
                               ("community-buildings", (12.0, 12.5, 14.0), 640)):
        for y, v in zip(range(2022, 2025), vals):
            rows.append(proportion(measure, fy(y), ics, v, den))
    for measure, vals in (("apprenticeship-levy", (61.0, 66.0, 70.5)),
                          ("social-value-weighting", (10.0, 10.0, 10.0))):
        for y, v in zip(range(2022, 2025), vals):
            rows.append(row(measure, fy(y), ics, v))
    for y, v in zip(range(2023, 2026), (18.0, 31.0, 42.0)):
        rows.append(proportion("trauma-training", fy(y), ics, v, 70000))
    for y, v in zip(range(2023, 2026), (21.0, 47.0, 68.0)):
        rows.append(proportion("pdr-ambitions", fy(y), ics, v, 52000))
    # Digital staff passport: NHS organisations signed up and using it (of six).
    for y, used in zip(range(2023, 2026), (2, 4, 6)):
        rows.append(proportion("digital-passport", fy(y), ics, used / 6 * 100, 6))
    rows.append(row("qi-staff-trained", "2022/23 Q4", ics, 840))
    for y, v in zip(range(2022, 2025), (0.62, 0.81, 1.07)):
        rows.append(row("local-apprentices", fy(y), ics, v))
    return rows, ["deprivation_quintile", "ethnicity", "age_band", "sex", "disability"]


def joint_forward_plan():
    rng = random.Random(20230402)
    rows = []
    # Health Inequalities Investment Fund: 0.2% of ICB budget in 2023/24 (the document); the
    # later years are synthetic and a little behind a straight line to 1.4% by year five.
    for y, v in zip(range(2023, 2026), (0.2, 0.45, 0.7)):
        rows.append(row("hi-fund-share", fy(y), "Nottingham and Nottinghamshire ICB", v))
    for i, (p, m) in enumerate(months(2023, 4, 36)):
        pct = 68.0 + 0.14 * i + rng.gauss(0, 1.0)
        rows.append(proportion("waiting-times", p, "Nottingham and Nottinghamshire ICS", pct,
                               9000 + rng.randint(-400, 400)))
    return rows, []


def sherwood_forest():
    rows = [row("value-review", "2024/25", "Sherwood Forest Hospitals", 7),
            row("value-review", "2025/26", "Sherwood Forest Hospitals", 11)]
    return rows, []


def nuh_provider_collaboratives():
    rng = random.Random(20210601)
    rows = []
    for area, start, step, staff in (("Nottingham University Hospitals", 11.5, -0.03, 15000),
                                     ("Sherwood Forest Hospitals", 10.0, -0.02, 5000),
                                     ("Nottinghamshire Healthcare", 12.5, 0.01, 9000)):
        for i, (p, m) in enumerate(months(2019, 4, 48)):
            pct = start + step * i + rng.gauss(0, 0.15)
            rows.append(proportion("staff-turnover", p, area, pct, staff + 10 * i))
    # Specialised activity per 100,000, by footprint; denominators are the document's
    # populations (the weights), and the "all" row is the population-weighted total.
    footprints = (("Nottingham and Nottinghamshire", 1082036, 2450.0, -15.0),
                  ("Derby and Derbyshire", 1133256, 2150.0, 5.0),
                  ("Lincolnshire", 808609, 1650.0, 40.0),
                  ("Leicester, Leicestershire and Rutland", 1130655, 2300.0, -10.0),
                  ("Northampton", 764633, 1800.0, 30.0))
    for y in range(2019, 2023):
        total_num = 0
        for name, pop, start, step in footprints:
            v = start + step * (y - 2019) + rng.gauss(0, 12.0)
            r = rate("specialised-access", fy(y), "East Midlands", v, pop, footprint=name)
            total_num += r["numerator"]
            rows.append(r)
        total_pop = sum(f[1] for f in footprints)
        rows.append(row("specialised-access", fy(y), "East Midlands",
                        total_num / total_pop * 100000, total_num, total_pop, footprint=""))
    return rows, ["footprint"]


def working_together():
    rng = random.Random(20160301)
    rows = []
    trusts = (("Barnsley", 310), ("Chesterfield", 290), ("Doncaster", 520),
              ("Mid Yorkshire", 640), ("Rotherham", 360), ("Sheffield Teaching", 1150),
              ("Sheffield Childrens", 180))
    series = months(2014, 4, 36)  # Apr 2014 - Mar 2017
    totals = [0] * len(series)
    for area, level in trusts:
        for i, (p, m) in enumerate(series):
            # ICE OpenNet live from Oct 2015 (point 18): duplicates fall by about a third.
            factor = 1.0 if i < 18 else 0.66
            v = max(0, int(round(level * factor * seasonal(m, 0.05) + rng.gauss(0, level * 0.05))))
            totals[i] += v
            rows.append(row("duplicate-tests", p, area, v))
    for (p, m), v in zip(series, totals):
        rows.append(row("duplicate-tests", p, "Working Together Partnership", v))
    # Joint buying: quarterly savings; about GBP 0.96m in the six quarters to March 2016.
    for p, v in zip(fy_quarters(2014, 2016),
                    (0, 0, 95000, 140000, 150000, 170000, 190000, 215000, 205000, 230000, 240000, 250000)):
        rows.append(row("procurement-savings", p, "Working Together Partnership", v))
    return rows, []


EXAMPLES = {
    "notts-integrated-care-strategy": integrated_care_strategy,
    "notts-joint-forward-plan": joint_forward_plan,
    "sherwood-forest-partnerships": sherwood_forest,
    "nuh-provider-collaboratives": nuh_provider_collaboratives,
    "working-together-partnership": working_together,
}


def write(folder, rows, dims):
    columns = BASE_COLUMNS + dims
    with open(HERE / folder / "observations.csv", "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(columns)
        for r in rows:
            cells = []
            for c in columns:
                v = r.get(c, "")
                if isinstance(v, float):
                    v = fmt(v)
                elif v is None:
                    v = ""
                cells.append(str(v))
            out.writerow(cells)


def main():
    for folder, build in EXAMPLES.items():
        rows, dims = build()
        write(folder, rows, dims)
        print(f"{folder}/observations.csv: {len(rows)} rows (synthetic example data)")


if __name__ == "__main__":
    main()
