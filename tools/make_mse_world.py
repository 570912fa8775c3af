#!/usr/bin/env python3
"""Build the Mid and South Essex world (scenarios/mse-world.json and its data files).

Reads the open-data extracts in ../shared/data (see its SOURCES.md) and the calibration table
../shared/calibration/calibration.csv, and writes under <repo>/scenarios/ (or --out):

  data/mse_census2021_population.csv   Census 2021 residents by LAD, sex and 5-year band
  data/mse_imd2019_lsoa.csv            IMD 2019 decile and mid-2015 population by LSOA
  data/uk_life_table_2017_2019.csv     UK central death rates m_x by sex and single year of age
  data/mse_qof_registers_2020_21.csv   QOF 2020-21 register and list base by practice and condition
  data/calibration_targets.csv         published rates the baseline is calibrated to, and how
                                       the model's measures compare with each
  mse-world.json                       the world: Places, councils, PCNs, practices, providers,
                                       and pointers to the tables above

The default scenario scenarios/mse-baseline.json extends mse-world.json with the hand-written
health model and care pathway; this script never writes it.

Standard library only. The output is a pure function of the inputs (no dates, no set order),
so a rerun writes the same bytes. Every choice made here is also documented in
scenarios/data/README.md; keep the two in step.
"""

import argparse
import csv
import io
import json
import math
import sys
from fractions import Fraction
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# Input file names inside --data (see SOURCES.md there).
F_PRACTICES = "gp_practices_mse.csv"
F_PRACTICE_PCN = "gp_practice_pcn_mse.csv"
F_PCN_DETAILS = "pcn_details_mse.csv"
F_QOF = "qof_prevalence_2020_21_mse.csv"
F_CENSUS = "lad_population_age_sex_mse.csv"
F_IMD = "imd2019_lsoa_mse.csv"
F_LIFE = "national_life_tables_uk_2017_2019.csv"
F_BEDS = "mseft_beds_available_2022_23.csv"
INPUTS = [F_PRACTICES, F_PRACTICE_PCN, F_PCN_DETAILS, F_QOF, F_CENSUS, F_IMD, F_LIFE, F_BEDS]

# Outputs, relative to <repo>/scenarios. The JSON refers to the CSVs relative to itself.
OUT_CENSUS = "data/mse_census2021_population.csv"
OUT_IMD = "data/mse_imd2019_lsoa.csv"
OUT_LIFE = "data/uk_life_table_2017_2019.csv"
OUT_QOF = "data/mse_qof_registers_2020_21.csv"
OUT_TARGETS = "data/calibration_targets.csv"
OUT_SCENARIO = "mse-world.json"

# Decision: PCN membership comes from the QOF 2020-21 mapping. Of the three snapshots it is the
# closest to the 1 Jan 2021 list sizes and it covers the QOF year (2020-21) of the 50+ list sizes.
PCN_SNAPSHOT = "QOF_2020-21_mapping"
UNALLOCATED = "U"

# The labels the simulator expects, in band order (agents/config.hpp: kCensusAgeBands = 19).
AGE_BANDS = [f"{a}-{a + 4}" for a in range(0, 90, 5)] + ["90+"]
SEXES = ["female", "male"]  # sex 0 = female, 1 = male in the simulator
LIFE_TABLE_MAX_AGE = 100

# Places in output order, with their local authorities (ONS LAD codes).
PLACES = [
    ("thurrock", "Thurrock", ["E06000034"]),
    ("south_east_essex", "South East Essex", ["E06000033", "E07000069", "E07000075"]),
    ("mid_essex", "Mid Essex", ["E07000070", "E07000074", "E07000067"]),
    ("basildon_brentwood", "Basildon and Brentwood", ["E07000066", "E07000068"]),
]
PLACE_ORDER = {pid: i for i, (pid, _, _) in enumerate(PLACES)}

# Decision: a PCN's Place and council follow its practices' former CCG. Castle Point & Rochford
# (99F) is in South East Essex but its adult social care is Essex County Council's.
CCG_PLACE = {"07G": "thurrock", "99F": "south_east_essex", "99G": "south_east_essex",
             "06Q": "mid_essex", "99E": "basildon_brentwood"}
CCG_COUNCIL = {"07G": "thurrock_council", "99G": "southend_council", "99F": "essex_county_council",
               "06Q": "essex_county_council", "99E": "essex_county_council"}
COUNCILS = [
    {"id": "thurrock_council", "name": "Thurrock Council", "places": ["thurrock"]},
    {"id": "southend_council", "name": "Southend-on-Sea City Council", "places": ["south_east_essex"]},
    {"id": "essex_county_council", "name": "Essex County Council",
     "places": ["south_east_essex", "mid_essex", "basildon_brentwood"]},
]

ALL_PLACES = [pid for pid, _, _ in PLACES]
TRUST = "Mid and South Essex NHS Foundation Trust (RAJ)"
# The three acute sites of MSEFT and the Places each mainly serves (its catchment).
ACUTE_SITES = [
    ("basildon", "Basildon University Hospital", ["thurrock", "basildon_brentwood"]),
    ("southend", "Southend University Hospital", ["south_east_essex"]),
    ("broomfield", "Broomfield Hospital", ["mid_essex"]),
]
OTHER_PROVIDERS = [
    {"id": "eput", "name": "Essex Partnership University NHS Foundation Trust", "kind": "community",
     "organisation": "EPUT", "places": ["south_east_essex"]},
    {"id": "nelft", "name": "North East London NHS Foundation Trust", "kind": "community",
     "organisation": "NELFT", "places": ["thurrock", "basildon_brentwood"]},
    {"id": "provide", "name": "Provide Community Interest Company", "kind": "community",
     "organisation": "Provide CIC", "places": ["mid_essex"]},
    {"id": "eput_mental_health", "name": "EPUT mental health services", "kind": "mental_health",
     "organisation": "EPUT", "places": ALL_PLACES},
]

DESCRIPTION = (
    "The Mid and South Essex world: the MSE health and care system with its four Places, "
    "three councils, 28 primary care networks, their GP practices and the acute, community and "
    "mental health providers, built from public data by tools/make_mse_world.py. "
    "Residents start from Census 2021 and change by births, deaths and migration. "
    "The baseline scenario mse-baseline.json extends it with the health model and care pathway; "
    "this file is not meant to be run on its own."
)

# Long-term conditions in the simulator's order (agents/vocabulary.hpp: kConditionIds), each with
# its QOF group code and the list base QOF measures it against. The base fixes the youngest age
# counted, so the model can turn register / list_base into a prevalence among residents that old.
QOF_CONDITIONS = [
    ("hypertension", "HYP", "TOTAL"),
    ("diabetes", "DM", "17OV"),
    ("copd", "COPD", "TOTAL"),
    ("asthma", "AST", "06OV"),
    ("coronary_heart_disease", "CHD", "TOTAL"),
    ("heart_failure", "HF", "TOTAL"),
    ("atrial_fibrillation", "AF", "TOTAL"),
    ("dementia", "DEM", "TOTAL"),
    ("depression", "DEP", "18OV"),
    ("serious_mental_illness", "MH", "TOTAL"),
    ("cancer", "CAN", "TOTAL"),
]
QOF_PERIOD = "2020-21"

# Groups the model reports measures by (agents/vocabulary.hpp: kReportBandLabels, sexes, IMD
# quintiles). Targets may only name these.
MODEL_GROUPS = (["all", "0", "1-4", "5-14", "15-24", "25-34", "35-44", "45-54", "55-64", "65-74",
                 "75-84", "85+"] + SEXES + [f"imd{q}" for q in range(1, 6)])
AGED_65_PLUS = ["65-74", "75-84", "85+"]
ALL_AE = ["ae_attendances", "utc_attendances"]  # A&E of all types: types 1-2 and types 3-4

# Calibration targets: (calibration key, numerator measures, numerator groups, denominator
# measures, denominator groups, per, note[, year[, derived value, unit, source]]). value, unit
# and source come from calibration.csv unless a derived value is given; the note says where the
# published figure is not like for like with the model's. Year: the simulated year compared
# (1 unless given; hospital measures use year 2, since the hospital starts from a published
# state rather than its own).
# Targets with a figure derived here (not in the calibration pack) that the baseline is fitted to.
FITTED_BEYOND_THE_PACK = {"hospital_deaths_share_2022", "nctr_delayed_days_england_feb2022",
                          "ae_type1_over_4h_share_2022", "ae_dta_over_12h_share_2022",
                          "emergency_admissions_via_ae_share_2022", "ae_conversion_65plus_2015",
                          "ae_conversion_type1_2022"}
# NHS England's Monthly A&E Time Series, calendar 2022: type 1 attendances and the share within
# 4 hours, by month; 12-hour waits from decision to admit and total emergency admissions.
AE_2022_TYPE1 = [1247417, 1205820, 1421526, 1312380, 1437421, 1400664, 1397083, 1299083, 1301611,
                 1399185, 1395183, 1437681]
AE_2022_TYPE1_WITHIN_4H = [62.3, 60.9, 58.7, 59.0, 60.1, 58.7, 57.1, 58.0, 56.9, 54.8, 54.5, 49.6]
AE_2022_DTA_OVER_12H = [16564, 16402, 22506, 24179, 19657, 22017, 29139, 28690, 32762, 43793, 37853,
                        54573]
AE_2022_EMERGENCY_ADMISSIONS = [484952, 459952, 514255, 479779, 517711, 503048, 497099, 482009, 487477,
                                506847, 515525, 517444]
# Type 1 admissions in three months of 2022 (RCEM data and statistics, from NHS England's A&E
# statistics): month number, name, count.
AE_2022_TYPE1_ADMISSIONS = [(4, "April", 353015), (8, "August", 350618), (12, "December", 378267)]
AE_2022_VIA_TYPE1 = [100 * a / AE_2022_EMERGENCY_ADMISSIONS[m - 1] for m, _, a in AE_2022_TYPE1_ADMISSIONS]
AE_2022_OVER_4H = 100 - sum(a * p for a, p in zip(AE_2022_TYPE1, AE_2022_TYPE1_WITHIN_4H)) / sum(AE_2022_TYPE1)
AE_2022_DTA_SHARE = 100 * sum(AE_2022_DTA_OVER_12H) / sum(AE_2022_EMERGENCY_ADMISSIONS)
AE_SERIES = ("NHS England, A&E Attendances and Emergency Admissions, Monthly A&E Time Series "
             "(calendar 2022)")
CALIBRATION_TARGETS = [
    ("ae_rate_all_types_per1000", ALL_AE, ["all"], ["person_years"], ["all"], 1000,
     "England rate (2019-20 attendances over the Census 2021 population) applied to MSE."),
    ("ae_rate_type1_2_per1000", ["ae_attendances"], ["all"], ["person_years"], ["all"], 1000,
     "England rate (2019-20, types 1-2 taken as 65% of attendances) applied to MSE."),
    ("ae_rate_65plus_per1000", ALL_AE, AGED_65_PLUS, ["person_years"], AGED_65_PLUS, 1000,
     "England rate (2019-20 attendances over the Census 2021 population aged 65+) applied to MSE."),
    ("ae_rate_infants_per1000", ALL_AE, ["0"], ["person_years"], ["0"], 1000,
     "England birth cohorts 2012/13-2018/19 (819.3 in 2018/19 alone) applied to MSE."),
    ("emergency_admission_rate_per1000", ["emergency_admissions"], ["all"], ["person_years"],
     ["all"], 1000,
     "England rate (2017/18 admissions over the Census 2021 population) applied to MSE."),
    ("emergency_admission_rate_65plus_per1000", ["emergency_admissions"], AGED_65_PLUS,
     ["person_years"], AGED_65_PLUS, 1000,
     "England 2016/17 admissions over the Census 2021 population aged 65+, which was larger than "
     "in 2016, so the true rate is somewhat higher."),
    ("emergency_admission_rate_infants_per1000", ["emergency_admissions"], ["0"], ["person_years"],
     ["0"], 1000, "England birth cohorts 2012/13-2018/19 applied to MSE."),
    ("acsc_share_emergency_admissions", ["emergency_admissions_acsc"], ["all"],
     ["emergency_admissions"], ["all"], 100,
     "England share (about 2016/17, 'approximately') applied to MSE."),
    ("ae_share_65plus_2019_20", ALL_AE, AGED_65_PLUS, ALL_AE, ["all"], 100,
     "England share (2019-20); MSE's residents are a little older than England's."),
    ("ae_share_type3_4_2019_20", ["utc_attendances"], ["all"], ALL_AE, ["all"], 100,
     "England share (2019-20) at all type 3-4 units; the model's only such unit is its urgent "
     "treatment centre."),
    ("ae_preceded_by_no_gp_appt_share", ["urgent_care_after_no_gp_appointment"], ["all"], ALL_AE,
     ["all"], 100,
     "England, GP Patient Survey 2012-13 (Cowling et al. 2014), sensitivity range 17.5-37.2%."),
    ("ae_advice_only_share", ["ae_attendances_avoidable"], ["all"], ["ae_attendances"], ["all"],
     100,
     "Across all A&E types in England in 2012-13, while the model's avoidable attendances are "
     "type 1-2 attendances for minor need discharged from A&E."),
    ("alos_emergency_2019", ["length_of_stay_days"], ["all"], ["hospital_spells_ended"], ["all"], 1,
     "England's 2019 mean, read as the mean of overnight stays (see flow.stay.zero_day_share); "
     "the model's stays include delays.", 2,
     "7.9", "nights (mean length of overnight emergency stays)",
     "Health Foundation long read 'Longer hospital stays and fewer admissions' (alos_emergency_2019)"),
    ("mseft_ga_beds_estimate_2021", ["beds_occupied_mean"], ["all"], ["beds_available"], ["all"], 100,
     "A one-day snapshot at MSEFT; the model's beds are the sites' 1,800 general and acute beds, "
     "used by emergency and elective (ordinary) patients.", 2,
     "93.5", "% of general and acute beds occupied",
     "derivation: 1,404 occupied of 1,502 open G&A beds, October 2021 (mseft_ga_beds_estimate_2021)"),
    ("ascof2a_65plus_england_2019_20", ["residential_admissions_council"], AGED_65_PLUS,
     ["person_years"], AGED_65_PLUS, 100000,
     "England rate applied to MSE; the model counts council-supported admissions as "
     "flow.discharge.council_funded_share of all.", 2),
    ("ae_type1_over_4h_share_2022", ["ae_waits_over_4h"], ["all"], ["ae_timed_attendances"], ["all"], 100,
     "England's type 1 share applied to MSE's three type 1 departments; the model's are residents' "
     "attendances only.", 2,
     f"{AE_2022_OVER_4H:.1f}", "% of type 1 attendances over 4 hours in the department",
     f"derivation: {AE_SERIES}: 100 - attendance-weighted mean of the monthly type 1 shares within 4 "
     f"hours = {AE_2022_OVER_4H:.1f} | 57.4% within; 66.1% within in 2021-22"),
    ("ae_dta_over_12h_share_2022", ["ae_dta_waits_over_12h"], ["all"], ["emergency_admissions"], ["all"], 100,
     "England's share applied to MSE; national admissions include those not through A&E, as the "
     "model's do.", 2,
     f"{AE_2022_DTA_SHARE:.2f}", "12-hour waits from decision to admit per 100 emergency admissions",
     f"derivation: {AE_SERIES}: {sum(AE_2022_DTA_OVER_12H):,} waits over 12 hours from decision to "
     f"admit / {sum(AE_2022_EMERGENCY_ADMISSIONS):,} emergency admissions"),
    ("emergency_admissions_via_ae_share_2022", ["ae_admissions"], ["all"], ["emergency_admissions"], ["all"], 100,
     "England's share applied to MSE; the rest come from a GP, same-day emergency care and other direct "
     "routes. National type 2 admissions, which the model's A&E includes, are a small addition.", 2,
     f"{sum(AE_2022_VIA_TYPE1) / len(AE_2022_VIA_TYPE1):.1f}", "% of emergency admissions that come through type 1-2 A&E",
     "derivation: type 1 admissions (RCEM data and statistics, from NHS England's A&E statistics: "
     + ", ".join(f"{a:,} in {name}" for _, name, a in AE_2022_TYPE1_ADMISSIONS)
     + f" 2022) over total emergency admissions ({AE_SERIES}): "
     + ", ".join(f"{v:.1f}%" for v in AE_2022_VIA_TYPE1) + ", their mean"),
    ("ae_conversion_65plus_2015", ["ae_admissions"], AGED_65_PLUS, ["ae_attendances"], AGED_65_PLUS, 100,
     "England's share (HES A&E, 2015) applied to MSE; no figure by age for 2018-2023 was found.", 2,
     "47", "% of A&E attendances by residents aged 65+ ending in admission",
     "Frailty on the acute medical unit (University of Leicester, 2015, citing HES): patients aged over "
     "65 made up over 23% of attendances, of whom 47% were admitted | 2012-13 (HSCIC): almost one in two"),
    ("ae_conversion_type1_2022", ["ae_admissions"], ["all"], ["ae_attendances"], ["all"], 100,
     "England's type 1 share applied to MSE's types 1-2 attendances (two months' figures).", 2,
     "26.6", "% of type 1 attendances ending in admission",
     "derivation: RCEM data and statistics, from NHS England's A&E statistics: 26.9% (August 2022) and "
     "26.3% (December 2022) of type 1 attendances admitted, their mean"),
    ("hospital_deaths_share_2022", ["hospital_deaths"], ["all"], ["deaths"], ["all"], 100,
     "England's share applied to MSE; the model's count is deaths at its own three sites, so "
     "residents who die in hospitals outside the System (flow.acute.out_of_area_share of "
     "admissions) count as dying elsewhere.", 2,
     "43.4", "% of deaths that happen in hospital",
     "OHID Palliative and end of life care profile, December 2023 update (2022 registrations): "
     "hospital 43.4%, home 28.7%, care home 20.5%, hospice 4.7% | 46.9% in 2016"),
    ("nctr_delayed_days_england_feb2022", ["delayed_transfer_days"], ["all"], ["person_years"], ["all"], 1000,
     "England's acute trusts in a winter week (the annual mean is lower), applied to MSE; the "
     "count includes patients waiting for the trust itself (therapy, transport, its own "
     "assessment) as the model's awaiting-assessment delays do. Before 2020 the old delayed "
     "transfers measure fell at MSE from about 300 to 100 patients (Feb 2017-Feb 2018, HSJ).", 2,
     "80.1", "delayed bed days per 1,000 population per year",
     "derivation: 12,387 patients a day not meeting the criteria to reside and not discharged, England, week ending "
     "6 Feb 2022 (NHS Confederation analysis of the NHS England urgent and emergency care daily situation reports, "
     "published from 9 Dec 2021) / 56.49m (Census 2021) x 365.25 x 1,000 | not in the calibration pack"),
]

# England's shape through the year: each month's count per day over its financial year's per
# day, the mean of FY2018-19 and FY2022-23 (March 2020 and the Omicron winter distort the years
# between), derived from NHS England's Monthly A&E Time Series. Fitted (health.seasons), in the
# second simulated year, January first.
MONTHLY_SHAPE_SOURCE = ("NHS England Monthly A&E Time Series (Activity sheet, {}): each month's count per day over its "
                        "financial year's per day, the mean of FY2018-19 and FY2022-23 (March 2020 and the Omicron winter "
                        "distort the years between)")
MONTHLY_SHAPES = [
    ("emergency_admissions_month_index", ["emergency_admissions"], "Total Emergency Admissions",
     "emergency admissions per day relative to the year's mean day",
     "England's shape (admissions by every route) applied to MSE; the year is the calendar year, the published "
     "index its financial year.",
     [1.019, 1.030, 1.034, 0.966, 0.999, 0.999, 0.976, 0.950, 0.980, 1.000, 1.042, 1.010]),
    ("ae_attendances_month_index", ALL_AE, "Total Attendances",
     "A&E attendances (all types) per day relative to the year's mean day",
     "England's shape applied to MSE; the year is the calendar year, the published index its financial year.",
     [0.958, 1.005, 1.017, 0.973, 1.032, 1.039, 1.024, 0.937, 0.974, 1.001, 1.023, 1.019]),
]
MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


class InputError(Exception):
    pass


def read_csv(data_dir, name, columns):
    """Rows of one input file as dicts; fails clearly if the file or a needed column is missing."""
    path = data_dir / name
    if not path.is_file():
        raise InputError(f"input file not found: {path}")
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            raise InputError(f"{path}: missing column(s) {', '.join(missing)}")
        return list(reader)


def to_int(value, where):
    try:
        return int(value)
    except ValueError:
        raise InputError(f"{where}: expected an integer, got {value!r}") from None


def to_float(value, where):
    try:
        x = float(value)
    except ValueError:
        raise InputError(f"{where}: expected a number, got {value!r}") from None
    if not math.isfinite(x):
        raise InputError(f"{where}: expected a finite number, got {value!r}")
    return x


def write_csv(path, header, rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buf.getvalue().encode("utf-8"))


# --- names -----------------------------------------------------------------------------------

# Acronyms and postcode districts stay upper-case; short joining words stay lower-case
# (as in "Rayleigh and District", "Stanford-le-Hope"). ASOP = Aveley, South Ockendon and Purfleet.
KEEP_UPPER = {"PCN", "ASOP", "NHS", "GP"}
MINOR_WORDS = {"and", "of", "on", "the", "le", "upon", "in", "at"}


def title_case(name):
    words = []
    for i, word in enumerate(name.split()):
        parts = []
        for j, part in enumerate(word.split("-")):
            core = part.strip("()&,.'")
            if core.upper() in KEEP_UPPER or any(ch.isdigit() for ch in core):
                parts.append(part.upper())
            elif (i > 0 or j > 0) and core.lower() in MINOR_WORDS:
                parts.append(part.lower())
            else:
                # Upper-case the first letter only, so "(MID" -> "(Mid", "DHILLON'S" -> "Dhillon's".
                low = part.lower()
                k = next((n for n, ch in enumerate(low) if ch.isalpha()), None)
                parts.append(low if k is None else low[:k] + low[k].upper() + low[k + 1:])
        words.append("-".join(parts))
    return " ".join(words)


def postcode_district(postcode):
    return postcode.strip().upper().split()[0] if postcode.strip() else ""


# --- population files --------------------------------------------------------------------------

def parse_sex(raw, where):
    sex = raw.strip().lower()
    if sex not in SEXES:
        raise InputError(f"{where}: unknown sex {raw!r}")
    return sex


def build_census(data_dir, lad_codes):
    rows = read_csv(data_dir, F_CENSUS, ["lad_code", "sex", "age_band", "population"])
    cells = {}
    for n, r in enumerate(rows, start=2):
        where = f"{F_CENSUS} line {n}"
        sex = parse_sex(r["sex"], where)
        if r["age_band"] not in AGE_BANDS:
            raise InputError(f"{where}: unknown age band {r['age_band']!r}")
        key = (r["lad_code"], sex, r["age_band"])
        if key in cells:
            raise InputError(f"{where}: duplicate cell {key}")
        cells[key] = to_int(r["population"], where)
    # Every LAD x sex x band present exactly once, and only the Places' LADs.
    expected = {(lad, s, b) for lad in lad_codes for s in SEXES for b in AGE_BANDS}
    if set(cells) != expected:
        extra = sorted(set(cells) - expected)[:3]
        missing = sorted(expected - set(cells))[:3]
        raise InputError(f"{F_CENSUS}: cells do not match 9 LADs x 2 sexes x 19 bands "
                         f"(missing e.g. {missing}, unexpected e.g. {extra})")
    # Residents are the published band figures as they are (each rounded to 100 by ONS); their
    # sum differs from ONS's all-persons total by up to a few hundred per LAD.
    out = [(lad, s, b, cells[(lad, s, b)])
           for lad in sorted(lad_codes) for s in SEXES for b in AGE_BANDS]
    lad_residents = {lad: sum(cells[(lad, s, b)] for s in SEXES for b in AGE_BANDS)
                     for lad in lad_codes}
    return out, lad_residents


def build_imd(data_dir, lad_codes):
    rows = read_csv(data_dir, F_IMD, ["lsoa11_code", "lad19_code", "imd_decile", "pop_total_mid2015"])
    out = {}
    for n, r in enumerate(rows, start=2):
        where = f"{F_IMD} line {n}"
        if r["lad19_code"] not in lad_codes:
            raise InputError(f"{where}: LAD {r['lad19_code']} is not in any Place")
        decile = to_int(r["imd_decile"], where)
        if not 1 <= decile <= 10:
            raise InputError(f"{where}: IMD decile {decile} outside 1..10")
        if r["lsoa11_code"] in out:
            raise InputError(f"{where}: duplicate LSOA {r['lsoa11_code']}")
        out[r["lsoa11_code"]] = (r["lsoa11_code"], r["lad19_code"], decile,
                                 to_int(r["pop_total_mid2015"], where))
    return [out[k] for k in sorted(out)]


def build_life_table(data_dir):
    rows = read_csv(data_dir, F_LIFE, ["sex", "age", "mx"])
    table = {}
    for n, r in enumerate(rows, start=2):
        where = f"{F_LIFE} line {n}"
        sex = parse_sex(r["sex"], where)
        age = to_int(r["age"], where)
        to_float(r["mx"], where)  # validate only: m_x is copied as written in the source
        table[(sex, age)] = r["mx"].strip()
    expected = {(s, a) for s in SEXES for a in range(LIFE_TABLE_MAX_AGE + 1)}
    if set(table) != expected:
        raise InputError(f"{F_LIFE}: expected ages 0..{LIFE_TABLE_MAX_AGE} for both sexes once each")
    return [(s, a, table[(s, a)]) for s in SEXES for a in range(LIFE_TABLE_MAX_AGE + 1)]


# --- primary care --------------------------------------------------------------------------------

def build_primary_care(data_dir, notes):
    practices = {r["practice_code"]: r for r in read_csv(
        data_dir, F_PRACTICES,
        ["practice_code", "practice_name_ods", "practice_name_fingertips", "postcode", "ccg_code",
         "list_size_total", "imd2019_score_fingertips"])}
    links = read_csv(data_dir, F_PRACTICE_PCN,
                     ["snapshot", "practice_code", "practice_ccg_code", "pcn_code", "pcn_name"])
    details = {r["pcn_code"]: r for r in read_csv(
        data_dir, F_PCN_DETAILS, ["pcn_code", "pcn_name", "ccg_code", "address_postcode"])}
    qof = read_csv(data_dir, F_QOF, ["practice_code", "patient_list_type", "practice_list_size"])

    for code, p in practices.items():
        if p["ccg_code"] not in CCG_PLACE:
            raise InputError(f"{F_PRACTICES}: practice {code} has CCG {p['ccg_code']} outside MSE")

    base = [r for r in links if r["snapshot"] == PCN_SNAPSHOT]
    if not base:
        raise InputError(f"{F_PRACTICE_PCN}: no rows for snapshot {PCN_SNAPSHOT}")
    membership = {}   # practice -> PCN code
    base_names = {}   # PCN code -> name in the QOF mapping (fallback name)
    unallocated = []
    for r in base:
        code = r["practice_code"]
        if code in membership or code in unallocated:
            raise InputError(f"{F_PRACTICE_PCN}: {code} appears twice in {PCN_SNAPSHOT}")
        if code not in practices:
            raise InputError(f"{F_PRACTICE_PCN}: {code} is in {PCN_SNAPSHOT} but has no Jan 2021 "
                             f"list size in {F_PRACTICES}")
        if r["practice_ccg_code"] and r["practice_ccg_code"] != practices[code]["ccg_code"]:
            raise InputError(f"{code}: CCG {r['practice_ccg_code']} in {PCN_SNAPSHOT} but "
                             f"{practices[code]['ccg_code']} in {F_PRACTICES}")
        if r["pcn_code"] == UNALLOCATED:
            unallocated.append(code)
        else:
            membership[code] = r["pcn_code"]
            base_names.setdefault(r["pcn_code"], r["pcn_name"])
    pcn_codes = set(base_names)

    # Decision: a practice "Unallocated" in the QOF mapping takes the PCN another snapshot names
    # for it (F81713 Benfleet Surgery joined Benfleet PCN U27924 on 2021-07-06 per ePCN 2022-04).
    # If no snapshot names one (F81700 Rahman Practice), it takes the PCN of the same former CCG
    # whose registered address has the practice's postcode district (SS8 Canvey Island -> Canvey
    # PCN U84454). Either way the PCN must be one of the QOF mapping's PCNs.
    for code in sorted(unallocated):
        p = practices[code]
        named = sorted({r["pcn_code"] for r in links
                        if r["practice_code"] == code and r["pcn_code"] not in ("", UNALLOCATED)})
        if len(named) > 1:
            raise InputError(f"{code}: snapshots name several PCNs {named}; choose one by hand")
        if named:
            rule = "named in another snapshot"
            pcn = named[0]
            snaps = sorted({r["snapshot"] for r in links
                            if r["practice_code"] == code and r["pcn_code"] == pcn})
            rule += f" ({', '.join(snaps)})"
        else:
            district = postcode_district(p["postcode"])
            matches = sorted(c for c in pcn_codes
                             if c in details and details[c]["ccg_code"] == p["ccg_code"]
                             and postcode_district(details[c]["address_postcode"]) == district)
            if len(matches) != 1:
                raise InputError(f"{code}: no snapshot names a PCN, and {len(matches)} PCNs of CCG "
                                 f"{p['ccg_code']} are registered in postcode district {district}")
            pcn = matches[0]
            rule = (f"no snapshot names a PCN; postcode district {district} matches the "
                    f"registered address {details[pcn]['address_postcode']} of the PCN")
        if pcn not in pcn_codes:
            raise InputError(f"{code}: PCN {pcn} is not one of the {PCN_SNAPSHOT} PCNs")
        membership[code] = pcn
        notes.append(f"{code} {p['practice_name_ods']} (list {p['list_size_total']}): Unallocated "
                     f"in {PCN_SNAPSHOT} -> {pcn}, {rule}")

    # Decision: practices with no PCN in the QOF mapping are left out of the world; their patients
    # are in effect spread over the Place's other practices, since list sizes are used only as
    # shares of the Place's Census residents. (F81688 was dormant by Nov 2021; Y06389 is a Special
    # Allocation Scheme, not an ordinary practice.) One named by another snapshot would be a new
    # case to decide by hand, so that fails.
    for code in sorted(set(practices) - set(membership)):
        named = sorted({r["pcn_code"] for r in links
                        if r["practice_code"] == code and r["pcn_code"] not in ("", UNALLOCATED)})
        if named:
            raise InputError(f"{code}: not in {PCN_SNAPSHOT} but other snapshots name {named}; "
                             "decide its PCN by hand")
        p = practices[code]
        notes.append(f"{code} {p['practice_name_ods']} (CCG {p['ccg_code']}, list "
                     f"{p['list_size_total']}): in no snapshot; left out of the world")

    # 50+ list size: QOF's practice_list_size for list type 50OV (the osteoporosis register's base).
    list_50 = {}
    for r in qof:
        if r["patient_list_type"] != "50OV":
            continue
        v = to_int(r["practice_list_size"], f"{F_QOF} {r['practice_code']}")
        if list_50.setdefault(r["practice_code"], v) != v:
            raise InputError(f"{F_QOF}: {r['practice_code']} has differing 50OV list sizes")

    # PCNs: Place and council from their practices' one former CCG.
    members = {}
    for code, pcn in membership.items():
        members.setdefault(pcn, []).append(code)
    pcns = []
    for pcn, codes in members.items():
        ccgs = sorted({practices[c]["ccg_code"] for c in codes})
        if len(ccgs) != 1:
            raise InputError(f"PCN {pcn} has practices in several CCGs: {ccgs}")
        ccg = ccgs[0]
        if pcn in details and details[pcn]["ccg_code"] and details[pcn]["ccg_code"] != ccg:
            raise InputError(f"PCN {pcn}: practices are in CCG {ccg} but {F_PCN_DETAILS} says "
                             f"{details[pcn]['ccg_code']}")
        # Decision: names from ePCN 2022-04 (PCN details), else the QOF mapping's name.
        raw = details[pcn]["pcn_name"] if pcn in details else base_names[pcn]
        pcns.append({"id": pcn, "name": title_case(raw), "place": CCG_PLACE[ccg],
                     "council": CCG_COUNCIL[ccg], "practices": sorted(codes)})
    # Sorted by Place, then name ignoring case (so "SS9 PCN" sorts among the S names).
    pcns.sort(key=lambda x: (PLACE_ORDER[x["place"]], x["name"].casefold(), x["name"], x["id"]))

    out_practices = []
    for code in sorted(membership):
        p = practices[code]
        # Fingertips names are already in mixed case; ODS names are upper-case.
        name = p["practice_name_fingertips"].strip() or title_case(p["practice_name_ods"])
        entry = {"id": code, "name": name,
                 "list_size": to_int(p["list_size_total"], f"{F_PRACTICES} {code}")}
        if code in list_50:
            entry["list_size_50_plus"] = list_50[code]
        if p["imd2019_score_fingertips"].strip():
            entry["imd2019_score"] = round(to_float(p["imd2019_score_fingertips"],
                                                   f"{F_PRACTICES} {code}"), 4)
        out_practices.append(entry)
    return pcns, out_practices


# --- growth and beds -----------------------------------------------------------------------------

def read_calibration(path):
    if not path.is_file():
        raise InputError(f"calibration file not found: {path}")
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        missing = [c for c in ("key", "value", "unit", "source")
                   if c not in (reader.fieldnames or [])]
        if missing:
            raise InputError(f"{path}: missing column(s) {', '.join(missing)}")
        rows = list(reader)
    # Decision: a source written "as above" cites the row before it in calibration.csv. Rows are
    # copied out of that order, so it is replaced by the cited part (before " | ") of the previous
    # row's source, keeping its own remarks.
    out = {}
    previous = ""
    for r in rows:
        head, sep, rest = r["source"].strip().partition(" | ")
        if head == "as above" and previous:
            r = dict(r, source=previous + sep + rest)
        previous = r["source"].partition(" | ")[0]
        if r["key"] in out:
            raise InputError(f"{path}: key {r['key']} appears twice")
        out[r["key"]] = r
    return out


def growth_rates(calibration):
    # Decision: annualise the 2011-2021 Census change, (1 + pct/100)^(1/10) - 1, to 6 dp.
    rates = {}
    for pid, _, _ in PLACES:
        key = f"popgrowth_2011_2021_{pid}"
        if key not in calibration:
            raise InputError(f"calibration key {key} not found")
        pct = to_float(calibration[key]["value"], f"calibration {key}")
        rates[pid] = round((1.0 + pct / 100.0) ** (1.0 / 10.0) - 1.0, 6)
    return rates


def round_half_up(q):
    return math.floor(q + Fraction(1, 2))


def acute_beds(data_dir, place_residents, place_65plus, calibration):
    # Decision: KH03 beds by site were not found (calibration keys kh03_ga_beds_by_site and
    # basildon_beds are "not found"), so the trust's mean 2022-23 sitrep G&A beds available are
    # split across the three sites in proportion to the emergency admissions their catchment
    # Places would have at England's rates (emergency_admission_rate_65plus_per1000 for residents
    # aged 65+; for the rest, the all-ages rate less the 65+ admissions over England's under-65s),
    # by largest remainder so that the sites sum to the trust figure. Exact fractions keep it
    # deterministic.
    rows = read_csv(data_dir, F_BEDS, ["date", "general_acute_beds_available"])
    values = [to_int(r["general_acute_beds_available"], f"{F_BEDS} {r['date']}") for r in rows]
    if len(values) != 12:
        raise InputError(f"{F_BEDS}: expected 12 monthly values, found {len(values)}")
    total = round_half_up(Fraction(sum(values), len(values)))
    def figure(key):
        return Fraction(calibration[key]["value"].strip())
    england, england_65 = figure("pop_census2021_england"), figure("pop_census2021_england_65plus")
    rate_65 = figure("emergency_admission_rate_65plus_per1000")
    rate_under_65 = (figure("emergency_admission_rate_per1000") * england - rate_65 * england_65) / (england - england_65)
    weights = [sum(rate_under_65 * (place_residents[p] - place_65plus[p]) + rate_65 * place_65plus[p] for p in places)
               for _, _, places in ACUTE_SITES]
    quotas = [Fraction(total * w, sum(weights)) for w in weights]
    beds = [math.floor(q) for q in quotas]
    order = sorted(range(len(quotas)), key=lambda i: (-(quotas[i] - beds[i]), i))
    for i in order[:total - sum(beds)]:
        beds[i] += 1
    return total, dict(zip((s for s, _, _ in ACUTE_SITES), beds)), weights


# --- health and calibration tables ---------------------------------------------------------------

def build_qof_registers(data_dir, practice_ids):
    # Decision: registered = QOF register, list_base = practice_list_size of the same row, whose
    # ages depend on patient_list_type. Lists include list inflation; the model applies
    # register / list_base to residents as it is.
    rows = read_csv(data_dir, F_QOF, ["practice_code", "group_code", "register",
                                      "patient_list_type", "practice_list_size", "period"])
    wanted = {group: (cond, base) for cond, group, base in QOF_CONDITIONS}
    cells = {}
    for n, r in enumerate(rows, start=2):
        if r["group_code"] not in wanted:
            continue
        where = f"{F_QOF} line {n}"
        cond, base = wanted[r["group_code"]]
        key = (r["practice_code"], cond)
        if key in cells:
            raise InputError(f"{where}: second {r['group_code']} row for {r['practice_code']}")
        if r["patient_list_type"] != base:
            raise InputError(f"{where}: {r['group_code']} list type {r['patient_list_type']!r}, "
                             f"expected {base}")
        if r["period"] != QOF_PERIOD:
            raise InputError(f"{where}: period {r['period']!r}, expected {QOF_PERIOD}")
        registered = to_int(r["register"], where)
        list_base = to_int(r["practice_list_size"], where)
        if list_base <= 0 or not 0 <= registered <= list_base:
            raise InputError(f"{where}: register {registered} out of range for list {list_base}")
        cells[key] = (registered, list_base)
    out = []
    for code in practice_ids:
        for cond, group, _ in QOF_CONDITIONS:
            if (code, cond) not in cells:
                raise InputError(f"{F_QOF}: practice {code} has no {group} ({cond}) row")
            out.append((code, cond) + cells[(code, cond)])
    return out


def build_calibration_targets(calibration):
    out = []
    for key, num, num_groups, den, den_groups, per, note, *rest in CALIBRATION_TARGETS:
        year = rest[0] if rest else 1
        unknown = [g for g in num_groups + den_groups if g not in MODEL_GROUPS]
        if unknown:
            raise InputError(f"internal: target {key} names unknown group(s) {unknown}")
        derived = len(rest) > 1  # a figure derived here, with its own source
        if key not in calibration and not derived:
            raise InputError(f"calibration key {key} not found")
        if not derived:
            to_float(calibration[key]["value"], f"calibration {key}")  # validate only: copied as written
        value, unit, source = rest[1:4] if derived else (
            calibration[key]["value"].strip(), calibration[key]["unit"].strip(), calibration[key]["source"].strip())
        # Figures derived here are reported beside the simulated value; the baseline is fitted to
        # the pack's own and to those named in FITTED_BEYOND_THE_PACK.
        fitted = key in calibration or key in FITTED_BEYOND_THE_PACK
        out.append((key, value, unit, source, " ".join(num), " ".join(num_groups), " ".join(den),
                    " ".join(den_groups), per, note, year, "fitted" if fitted else "reported", 0))
    for key, measures, column, unit, note, indices in MONTHLY_SHAPES:
        for month, index in enumerate(indices, start=1):
            out.append((f"{key}_{MONTHS[month - 1]}", index, unit, MONTHLY_SHAPE_SOURCE.format(column), " ".join(measures),
                        "all", " ".join(measures), "all", 1, note, 2, "fitted", month))
    return out


# --- JSON ----------------------------------------------------------------------------------------

def to_json(value, indent=0):
    """json.dumps(indent=2), except that lists of plain values stay on one line."""
    pad = "  " * indent
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [f'{pad}  {json.dumps(k)}: {to_json(v, indent + 1)}' for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(value, list):
        if all(not isinstance(v, (dict, list)) for v in value):
            return "[" + ", ".join(json.dumps(v, ensure_ascii=False) for v in value) + "]"
        items = [pad + "  " + to_json(v, indent + 1) for v in value]
        return "[\n" + ",\n".join(items) + "\n" + pad + "]"
    return json.dumps(value, ensure_ascii=False)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data",
                        help="folder of source extracts (default: <repo>/../shared/data)")
    parser.add_argument("--calibration", type=Path,
                        default=REPO.parent / "shared" / "calibration" / "calibration.csv",
                        help="calibration table (default: <repo>/../shared/calibration/calibration.csv)")
    parser.add_argument("--out", type=Path, default=REPO / "scenarios",
                        help="folder to write into (default: <repo>/scenarios); tests compare a fresh build with it")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="also list the practices reallocated or left out (on stderr)")
    args = parser.parse_args()

    missing = [str(args.data / f) for f in INPUTS if not (args.data / f).is_file()]
    if not args.calibration.is_file():
        missing.append(str(args.calibration))
    if missing:
        raise InputError("input file(s) not found:\n  " + "\n  ".join(missing))

    lad_codes = [lad for _, _, lads in PLACES for lad in lads]
    census, lad_residents = build_census(args.data, lad_codes)
    imd = build_imd(args.data, set(lad_codes))
    life = build_life_table(args.data)
    notes = []
    pcns, practices = build_primary_care(args.data, notes)
    calibration = read_calibration(args.calibration)
    growth = growth_rates(calibration)
    targets = build_calibration_targets(calibration)
    registers = build_qof_registers(args.data, [p["id"] for p in practices])
    place_residents = {pid: sum(lad_residents[l] for l in lads) for pid, _, lads in PLACES}
    aged_65 = {f"{a}-{a + 4}" for a in range(65, 90, 5)} | {"90+"}
    lad_65plus = {lad: sum(n for l, _, b, n in census if l == lad and b in aged_65) for lad in lad_residents}
    place_65plus = {pid: sum(lad_65plus[l] for l in lads) for pid, _, lads in PLACES}
    bed_total, site_beds, _ = acute_beds(args.data, place_residents, place_65plus, calibration)

    # Consistency: every practice in exactly one PCN, every PCN non-empty.
    listed = [c for pcn in pcns for c in pcn["practices"]]
    if sorted(listed) != [p["id"] for p in practices] or len(set(listed)) != len(listed):
        raise InputError("internal: practices and PCN membership disagree")

    scenario = {
        "$schema": "icsim-scenario.schema.json",
        "schema_version": 1,
        "name": "mse-world",
        "description": DESCRIPTION,
        "run": {"start_date": "2021-01-01", "years": 10, "seed": 20210101},
        "world": {
            "system": {"id": "MSE", "name": "Mid and South Essex Health and Care Partnership"},
            "places": [{"id": pid, "name": name, "local_authorities": lads,
                        "growth_per_year": growth[pid]} for pid, name, lads in PLACES],
            "councils": COUNCILS,
            "pcns": pcns,
            "practices": practices,
            "providers": [{"id": sid, "name": name, "kind": "acute_site", "organisation": TRUST,
                           "general_acute_beds": site_beds[sid], "places": places}
                          for sid, name, places in ACUTE_SITES] + OTHER_PROVIDERS,
        },
        "population": {"census": OUT_CENSUS, "deprivation": OUT_IMD},
        "demography": {"life_table": OUT_LIFE},
        "health": {"registers": OUT_QOF},
    }

    out = args.out
    (out / OUT_CENSUS).parent.mkdir(parents=True, exist_ok=True)
    write_csv(out / OUT_CENSUS, ["lad_code", "sex", "age_band", "residents"], census)
    write_csv(out / OUT_IMD, ["lsoa_code", "lad_code", "imd_decile", "population"], imd)
    write_csv(out / OUT_LIFE, ["sex", "age", "mx"], life)
    write_csv(out / OUT_QOF, ["practice_id", "condition", "registered", "list_base"], registers)
    write_csv(out / OUT_TARGETS, ["key", "value", "unit", "source", "numerator", "numerator_groups",
                                  "denominator", "denominator_groups", "per", "note", "year", "status", "month"], targets)
    (out / OUT_SCENARIO).write_bytes((to_json(scenario) + "\n").encode("utf-8"))

    for note in notes if args.verbose else []:
        print(f"note: {note}", file=sys.stderr)
    residents = sum(r[3] for r in census)
    print(f"make_mse_world: {len(practices)} practices, {len(pcns)} PCNs, {residents} Census 2021 "
          f"residents; G&A beds {bed_total} = " +
          " + ".join(f"{s} {b}" for s, b in site_beds.items()) +
          f"; {len(registers)} register rows, {len(targets)} calibration targets; wrote {out}")


if __name__ == "__main__":
    try:
        main()
    except InputError as e:
        sys.exit(f"make_mse_world: error: {e}")
