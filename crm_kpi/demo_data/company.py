"""Company master data of the demo: regions, go-lives, stages, planted effects, names."""

from __future__ import annotations

from datetime import date

# --------------------------------------------------------------------------------------
# Company master data
# --------------------------------------------------------------------------------------
REGIONS: dict[str, tuple[str, str, tuple[str, ...], float]] = {
    # region_code: (region_name, country, states ('' = whole country), volume weight)
    "de_north": ("Deutschland Nord", "DE", ("HH", "HB", "SH", "NI", "MV"), 1.0),
    "de_south": ("Deutschland Süd", "DE", ("BY", "BW"), 1.25),
    "de_west": ("Deutschland West", "DE", ("NW", "HE", "RP", "SL"), 1.2),
    "de_east": ("Deutschland Ost", "DE", ("BE", "BB", "SN", "ST", "TH"), 1.0),
    "at": ("Österreich", "AT", ("",), 0.85),
    "ch": ("Schweiz", "CH", ("",), 0.8),
}
REGION_CODES = list(REGIONS)
ROLLOUT: dict[str, date] = {
    "de_south": date(2025, 1, 15),
    "de_west": date(2025, 3, 1),
    "de_north": date(2025, 5, 1),
    "at": date(2025, 7, 1),
    "ch": date(2025, 9, 1),
}
CONTROL_REGIONS = ["de_east"]

STAGES: list[tuple[str, int, bool, bool, float]] = [
    ("Prospecting", 1, False, False, 10.0),
    ("Qualification", 2, False, False, 20.0),
    ("Needs Analysis", 3, False, False, 40.0),
    ("Proposal", 4, False, False, 60.0),
    ("Negotiation", 5, False, False, 80.0),
    ("Closed Won", 6, True, True, 100.0),
    ("Closed Lost", 7, True, False, 0.0),
]
STAGE_PROB = {s[0]: s[4] for s in STAGES}
OPEN_STAGES = [s[0] for s in STAGES[:5]]

# Planted effects: (kpi_code, unit, kind, before, after). Values at KPI level.
EFFECTS: list[tuple[str, str, str, float, float]] = [
    ("win_rate", "percent", "absolute", 25.0, 40.0),
    ("avg_first_response_hours", "hours", "relative", 8.0, 4.8),
    ("crm_active_user_rate", "percent", "absolute", 35.0, 90.0),
    ("crm_login_days_per_user", "days", "absolute", 3.0, 12.0),
    ("nps", "score", "absolute", 5.0, 25.0),
    ("sla_first_response_compliance", "percent", "absolute", 70.0, 90.0),
    ("avg_sales_cycle_days", "days", "relative", 90.0, 76.5),
]
EFFECT = {e[0]: (e[3], e[4]) for e in EFFECTS}

FIRST_NAMES = (
    "Anna Lukas Lena Jonas Marie Felix Laura Paul Sophie Maximilian Julia Leon Sarah Tim "
    "Katharina Niklas Hannah Jan Lisa Florian Johanna David Clara Moritz Eva Simon Theresa "
    "Tobias Franziska Matthias Nina Stefan Sabine Thomas Andrea Michael Claudia Andreas "
    "Petra Markus Ursula Reto Beat Corinne Urs Nadine Lorenz Verena Gregor Miriam"
).split()
LAST_NAMES = (
    "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Koch "
    "Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann "
    "Lange Schmitt Werner Krause Meier Lehmann Huber Gruber Bauer Steiner Moser Mayer "
    "Brunner Keller Frei Gerber Baumann Widmer Kälin Egger Lang Winkler Pichler Aigner"
).split()
COMPANY_STEMS = (
    "Nord Süd Alpen Rhein Elb Donau Isar Main Spree Ruhr Weser Boden Harz Eifel Taunus "
    "Schwarzwald Allgäu Inn Aare Limmat Mosel Lahn Havel Saale Neckar Fulda Ems Tauber"
).split()
COMPANY_KINDS = (
    "Maschinenbau Logistik Systemtechnik Elektronik Medizintechnik Bau Energie Software "
    "Handel Consulting Automation Präzision Kunststoff Metall Lebensmittel Verpackung"
).split()
LEGAL_FORMS = {
    "DE": ("GmbH", "AG", "GmbH & Co. KG", "KG"),
    "AT": ("GmbH", "AG"),
    "CH": ("AG", "GmbH", "SA"),
}
INDUSTRIES = (
    "Manufacturing",
    "Wholesale",
    "Logistics",
    "Healthcare",
    "Energy",
    "Construction",
    "Professional Services",
    "Food & Beverage",
)
