"""Seeded generator of realistic, messy demo customer data for the three source systems.

One run draws a population of persons (US, GB, DE, FR), lets each person appear in one to three
source systems, dirties every source record independently, and writes:

- ``sales/accounts.csv``      one row per sales account (CSV, header, ``csv`` module quoting)
- ``service/contacts.jsonl``  one JSON object per service contact
- ``marketing/leads.parquet`` one row per marketing lead (typed Parquet)
- ``truth.csv``               one row per identifiable source record: ``source,source_record_id,person_id``

The same ``customers`` and ``seed`` always give the same file contents. All noise rates live in
:class:`NoiseProfile` and all population rates in :class:`PopulationProfile`, so that later work can
tune them in one place. ``truth.csv`` is the ground truth for measuring matching; the pipeline never
reads it.

Besides the dirt that matching has to see through (typos, nicknames, formats, moves, ...), the files
hold the dirt a cleansing layer handles: honorifics and suffixes in name fields, full names instead of
first/last names (marketing), invisible and fullwidth characters and control characters in text,
Excel serial numbers and impossible or unparseable dates of birth, postcodes that lost their leading
zero, odd country codes, invalid phone numbers and extensions, and a free-text gender (sales).

Some rows are quarantine cases the pipeline must reject, each an exact count per file (see
:class:`NoiseProfile`): sales rows with an empty ``account_id``, an ``account_id`` sent twice (the second
row a re-sent copy of the same person's account with one field changed), and an unparseable
``updated_at``; service contacts with nothing identifying but a given name; marketing leads with only a
placeholder or invalid email. In ``truth.csv`` a row with an empty primary key is left out (it cannot be
identified), and an ``account_id`` sent twice appears once (both rows are the same person). Every other
record, the unidentifiable contacts and leads included, appears exactly once.

Usage::

    python -m syncctl.demo_data --customers 1000 --seed 42 --out demo
"""

from __future__ import annotations

import argparse
import bisect
import csv
import functools
import itertools
import json
import math
import random
import time
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

SOURCES = ("sales", "service", "marketing")
SALES_COLUMNS = (
    "account_id",
    "first_name",
    "last_name",
    "email",
    "phone",
    "birth_date",
    "gender",
    "company",
    "billing_street",
    "billing_street2",
    "billing_city",
    "billing_postcode",
    "billing_state",
    "billing_country",
    "national_id",
    "updated_at",
)
MARKETING_COLUMNS = (
    "lead_id",
    "email",
    "fname",
    "lname",
    "full_name",
    "phone",
    "country",
    "postcode",
    "opt_in_email",
    "opt_in_sms",
    "signup_date",
    "updated_at",
)
TRUTH_COLUMNS = ("source", "source_record_id", "person_id")

# Placeholder values that real systems hold instead of "unknown" (the pipeline must treat them as null).
EMAIL_PLACEHOLDERS = ("test@test.com", "N/A", "unknown", "none")
PHONE_PLACEHOLDERS = ("0000000000", "N/A", "unknown", "none")
TEXT_PLACEHOLDERS = ("N/A", "unknown", "none")
DOB_PLACEHOLDER = "1900-01-01"
# Day 0 of spreadsheet date serial numbers: "32874" is 1990-01-01.
EXCEL_EPOCH = date(1899, 12, 30)


# --------------------------------------------------------------------------------------------------
# Tunable rates
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NoiseProfile:
    """Rates of each kind of dirt, applied independently per source record (0.0 turns a kind off).

    A rate is the probability that one field of one record gets that kind of noise, unless the
    comment says otherwise.
    """

    # Names (first and last name separately) and other free text.
    upper_case_rate: float = 0.03  # "JOHN" (names, streets, cities)
    lower_case_rate: float = 0.03  # "john" (names, streets, cities)
    whitespace_rate: float = 0.03  # " John", "John ", "Mary  Ann" (names, streets, cities, emails)
    name_typo_rate: float = 0.04  # one char inserted, deleted, substituted or transposed
    ocr_rate: float = 0.01  # 0/O, 1/l, rn/m look-alikes
    nickname_rate: float = 0.06  # Robert -> Bob, only where a nickname exists
    name_swap_rate: float = 0.02  # first and last name exchanged (per record)
    accent_strip_rate: float = 0.05  # Müller -> Muller, José -> Jose
    honorific_rate: float = 0.015  # "Dr John", "Mr. John" (first name); "Smith Jr", "Müller PhD" (last name)
    full_name_rate: float = 0.08  # marketing leads with only full_name: "Smith, John", "Dr. John Smith", ...
    # Unicode dirt, per text field (names, streets, cities); never a NUL byte.
    invisible_space_rate: float = 0.005  # a no-break space or a zero-width space (U+200B) inside or around
    fullwidth_rate: float = 0.005  # fullwidth letters, "John" as U+FF2A U+FF4F ... (NFKC folds them back)
    control_char_rate: float = 0.005  # a tab or a bell (\x07) inside the value
    # Emails.
    other_email_rate: float = 0.10  # the record carries the person's other (work/private) email
    email_upper_rate: float = 0.03  # "John.Smith@Gmail.com" or all upper case
    gmail_variant_rate: float = 0.02  # dots or "+tag" in a gmail local part
    invalid_email_rate: float = 0.01  # "john.smith@", "john smith@gmail.com", "john@@gmail.com"
    email_missing_rate: float = 0.08  # sales and service
    marketing_email_missing_rate: float = 0.02  # leads nearly always have an email
    # Phones (the format itself always differs by source, see _PHONE_STYLES).
    phone_missing_rate: float = 0.20  # sales and service
    marketing_phone_missing_rate: float = 0.55  # "often null" in marketing
    invalid_phone_rate: float = 0.01  # "555-01" (a fragment), or one digit lost or doubled
    phone_extension_rate: float = 0.01  # " ext. 12" appended (sales and service)
    service_phone_prefix_rate: float = 0.05  # of GB/DE/FR service phones: "0044 20 ...", "+44 (0)20 ..."
    # Dates of birth. Sales: at most one of the format kinds per value, otherwise ISO "YYYY-MM-DD".
    sales_dob_missing_rate: float = 0.15
    service_dob_missing_rate: float = 0.30
    sales_dob_format_rate: float = 0.03  # "DD/MM/YYYY" or "YYYYMMDD" instead of ISO (never MM/DD)
    dob_placeholder_rate: float = 0.005  # "1900-01-01" (sales)
    dob_excel_serial_rate: float = 0.01  # "32874": days since 1899-12-30, a spreadsheet's 1990-01-01 (sales)
    dob_future_rate: float = 0.003  # the century slipped: "2067-05-02" for 1967-05-02, impossible (sales)
    dob_unparseable_rate: float = 0.002  # "31/02/1985", "1985-13-07", "sometime in 1985" (sales)
    # Addresses and other fields.
    moved_address_rate: float = 0.05  # the record carries the person's previous address
    street_type_variant_rate: float = 0.35  # Street -> St / St., Road -> Rd, straße -> str.
    postcode_variant_rate: float = 0.05  # GB "sw1a1aa" / "SW1A1AA" / "sw1a 1aa", US ZIP+4 "62704-1234", DE/FR " 01067"
    sales_postcode_zero_loss_rate: float = 0.30  # of sales DE/FR postcodes starting with 0: "1067" for "01067"
    marketing_postcode_missing_rate: float = 0.15
    marketing_name_missing_rate: float = 0.03  # a lead with an email only
    sales_country_variant_rate: float = 0.05  # "USA", "United Kingdom", "de" instead of alpha-2
    service_country_variant_rate: float = 0.03  # "gb", "DEU", "fra" instead of upper-case alpha-2
    service_international_phone_rate: float = 0.20  # "+44 20 7946 0958" instead of national format
    national_id_missing_rate: float = 0.30  # of sales records whose person has a national id
    national_id_format_rate: float = 0.10  # "123456789" for "123-45-6789", "AB 12 34 56 C"
    company_missing_rate: float = 0.10  # of sales records whose person has a company
    placeholder_rate: float = 0.01  # "N/A", "unknown", "none", "test@test.com", "0000000000"
    opt_in_missing_rate: float = 0.10
    sales_gender_rate: float = 0.02  # sales rows with a gender: "F", "m", "female", "Herr", "w", "x", " "
    # Quarantine cases: rows the pipeline cannot use and must reject. Unlike the rates above, each is an
    # exact count per file, ceil(rate * rows), so every case shows up in any non-empty file while its rate
    # is above 0 (at 1,000 customers: two or three rows each).
    sales_missing_key_rate: float = 0.003  # an empty account_id (left out of truth.csv)
    sales_duplicate_key_rate: float = 0.003  # an account re-sent later in the file, one field changed
    sales_bad_updated_at_rate: float = 0.002  # "yesterday", "2024-02-30 10:00:00", "0000-00-00 00:00:00"
    service_unidentifiable_rate: float = 0.002  # only a given name: no family name, email, phone, dob, address
    marketing_unidentifiable_rate: float = 0.003  # only a placeholder or invalid email: no name, phone, postcode


@dataclass(frozen=True)
class PopulationProfile:
    """Shape of the population and of its presence in the sources.

    Source rates are higher than "70% / 50% / 60%" because those give only about 1.9 records per
    person, while the target is 2.2 to 2.8; the order (sales > marketing > service) is kept.
    """

    country_weights: tuple[tuple[str, float], ...] = (("US", 0.50), ("GB", 0.20), ("DE", 0.15), ("FR", 0.15))
    household_share: float = 0.08  # share of persons living with another person (same name and address)
    shared_contact_share: float = 0.015  # share of persons whose household shares one email or landline
    twin_share: float = 0.003  # share of persons who have a twin (same last name, address and dob)
    source_rates: tuple[tuple[str, float], ...] = (("sales", 0.88), ("service", 0.72), ("marketing", 0.82))
    second_record_rate: float = 0.05  # persons with a second record in one of their sources
    company_rate: float = 0.35  # persons with an employer (and then a work email)
    second_email_rate: float = 0.30  # persons without a company who still have a second private email
    national_id_rate: float = 0.40
    mobile_rate: float = 0.55  # GB/DE/FR persons reached on a mobile rather than a landline
    out_of_area_phone_rate: float = 0.10  # numbers whose area code is another city's (kept after a move)
    foreign_name_rate: float = 0.08  # persons whose names come from another country's lists
    line2_rate: float = 0.15  # addresses with an apartment / suite line
    birth_years: tuple[int, int] = (1940, 2006)


# --------------------------------------------------------------------------------------------------
# Reference tables
# --------------------------------------------------------------------------------------------------


class _Weighted:
    """A fixed list of values with cumulative weights, for fast weighted draws."""

    def __init__(self, values: Sequence[str], weights: Sequence[float]) -> None:
        self.values = tuple(values)
        self.cumulative = tuple(itertools.accumulate(weights))

    @classmethod
    def zipf(cls, values: Sequence[str], offset: float) -> _Weighted:
        """Weights 1 / (rank + offset): the first values are common, the last ones rare."""
        return cls(values, [1.0 / (rank + offset) for rank in range(len(values))])

    def pick(self, rng: random.Random) -> str:
        """Draw one value."""
        return self.values[bisect.bisect_right(self.cumulative, rng.random() * self.cumulative[-1])]


@dataclass(frozen=True, slots=True)
class PhonePlan:
    """How to draw a valid number: ``prefix`` completed to ``area_len`` digits, then the subscriber."""

    prefix: str
    area_len: int
    first_digits: str
    subscriber_len: int


@dataclass(frozen=True, slots=True)
class City:
    """A city with its region, postcode ranges ``(prefix, low, high)`` and landline numbering."""

    name: str
    region: str
    postcodes: tuple[tuple[str, int, int], ...]
    landline: PhonePlan


@dataclass(frozen=True)
class CountryData:
    """Everything the generator draws from for one country."""

    code: str
    calling_code: str
    cities: tuple[City, ...]
    mobiles: tuple[PhonePlan, ...]
    male_names: _Weighted
    female_names: _Weighted
    last_names: _Weighted
    streets: tuple[str, ...]
    street_types: _Weighted
    line2_templates: tuple[str, ...]
    email_domains: _Weighted
    companies: tuple[tuple[str, str], ...]


_US_MALE = (
    "James", "Robert", "John", "Michael", "David", "William", "Richard", "Joseph", "Thomas",
    "Christopher", "Charles", "Daniel", "Matthew", "Anthony", "Mark", "Donald", "Steven", "Andrew",
    "Paul", "Joshua", "Kenneth", "Kevin", "Brian", "George", "Timothy", "Ronald", "Jason", "Edward",
    "Jeffrey", "Ryan", "Jacob", "Gary", "Nicholas", "Eric", "Jonathan", "Stephen", "Larry", "Justin",
    "Scott", "Brandon", "Benjamin", "Samuel", "Gregory", "Alexander", "Patrick", "Frank", "Raymond",
    "Jack", "Dennis", "Tyler", "Aaron", "José", "Adam", "Nathan", "Henry", "Oliver", "Harry", "Liam",
    "Noah", "Ethan", "Luis", "Carlos", "Miguel", "Mohammed", "Wei", "Raj",
)  # fmt: skip
_US_FEMALE = (
    "Mary", "Patricia", "Jennifer", "Linda", "Elizabeth", "Barbara", "Susan", "Jessica", "Sarah",
    "Karen", "Lisa", "Nancy", "Betty", "Margaret", "Sandra", "Ashley", "Kimberly", "Emily", "Donna",
    "Michelle", "Carol", "Amanda", "Dorothy", "Melissa", "Deborah", "Stephanie", "Rebecca", "Sharon",
    "Laura", "Cynthia", "Kathleen", "Amy", "Angela", "Shirley", "Anna", "Brenda", "Pamela", "Emma",
    "Nicole", "Helen", "Samantha", "Katherine", "Christine", "Rachel", "Carolyn", "Janet", "Catherine",
    "Maria", "Heather", "Diane", "Olivia", "Sophie", "Charlotte", "Amelia", "Isla", "Zoë", "Chloe",
    "Grace", "Priya", "Mei", "Siobhan",
)  # fmt: skip
_DE_MALE = (
    "Thomas", "Michael", "Andreas", "Stefan", "Peter", "Klaus", "Jürgen", "Wolfgang", "Frank", "Uwe",
    "Jörg", "Björn", "Günter", "Dieter", "Matthias", "Sebastian", "Tobias", "Lukas", "Jonas",
    "Maximilian", "Florian", "Sören", "Karl-Heinz", "Hans", "Felix", "Alexander", "Leon", "Moritz",
)  # fmt: skip
_DE_FEMALE = (
    "Sabine", "Petra", "Monika", "Claudia", "Susanne", "Andrea", "Birgit", "Ursula", "Bärbel", "Jutta",
    "Katrin", "Anja", "Stefanie", "Julia", "Lena", "Hannah", "Laura", "Lea", "Anna", "Marie", "Sophie",
    "Jana", "Käthe", "Heike", "Renate", "Gisela", "Zoë",
)  # fmt: skip
_FR_MALE = (
    "Jean", "Pierre", "Michel", "Philippe", "Alain", "Nicolas", "Christophe", "Laurent", "Frédéric",
    "Stéphane", "Éric", "Julien", "François", "Sébastien", "Thierry", "Jérôme", "Olivier", "Antoine",
    "Hugo", "Louis", "Lucas", "Théo", "Gabriel", "José", "Jean-Pierre", "Jean-Luc", "Benoît", "Rémi",
    "Maxime",
)  # fmt: skip
_FR_FEMALE = (
    "Marie", "Nathalie", "Isabelle", "Sylvie", "Catherine", "Françoise", "Christine", "Valérie",
    "Sandrine", "Véronique", "Céline", "Hélène", "Sophie", "Camille", "Léa", "Manon", "Chloé", "Emma",
    "Inès", "Amélie", "Élodie", "Anne-Marie", "Margaux", "Juliette", "Zoé", "Aurélie", "Noémie",
)  # fmt: skip
_US_LAST = (
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Garcia", "Rodriguez",
    "Wilson", "Martinez", "Anderson", "Taylor", "Thomas", "Hernandez", "Moore", "Martin", "Jackson",
    "Thompson", "White", "Lopez", "Lee", "Gonzalez", "Harris", "Clark", "Lewis", "Robinson", "Walker",
    "Perez", "Hall", "Young", "Allen", "Sanchez", "Wright", "King", "Scott", "Green", "Baker", "Adams",
    "Nelson", "Hill", "Ramirez", "Campbell", "Mitchell", "Roberts", "Carter", "Phillips", "Evans",
    "Turner", "Torres", "Parker", "Collins", "Edwards", "Stewart", "Flores", "Morris", "Nguyen",
    "Murphy", "Rivera", "Cook", "Rogers", "Morgan", "Peterson", "Cooper", "Reed", "Bailey", "Bell",
    "Gomez", "Kelly", "Howard", "Ward", "Cox", "Diaz", "Richardson", "Wood", "Watson", "Brooks",
    "Bennett", "Gray", "James", "Reyes", "Cruz", "Hughes", "Price", "Myers", "Long", "Foster",
    "Sanders", "Ross", "Morales", "Powell", "Sullivan", "Russell", "Ortiz", "Jenkins", "Gutierrez",
    "Perry", "Butler", "Barnes", "Fisher", "Henderson", "Coleman", "Simmons", "Patterson", "Jordan",
    "Reynolds", "Hamilton", "Graham", "Kim", "O'Brien", "O'Connor", "McDonald", "Patel", "Khan",
    "Singh", "Walsh", "Kowalski", "Nakamura", "Okafor", "Abernathy", "Quigley", "Whitlock",
    "Delacroix-Hunt", "Van der Berg", "Castellanos", "Fairweather", "Oyelaran",
)  # fmt: skip
_GB_LAST = (
    "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas", "Johnson",
    "Roberts", "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards", "Hughes", "Green",
    "Hall", "Lewis", "Harris", "Clarke", "Patel", "Jackson", "Wood", "Turner", "Martin", "Cooper",
    "Hill", "Ward", "Morris", "Moore", "Clark", "Lee", "King", "Baker", "Harrison", "Morgan", "Allen",
    "James", "Scott", "Phillips", "Watson", "Davis", "Parker", "Price", "Bennett", "Young", "Griffiths",
    "Mitchell", "Kelly", "Cook", "Carter", "Richardson", "Bailey", "Collins", "Bell", "Shaw", "Murphy",
    "Miller", "Cox", "Richards", "Khan", "Marshall", "Anderson", "Simpson", "Ellis", "Adams", "Singh",
    "Begum", "Wilkinson", "Foster", "Chapman", "Powell", "Webb", "Rogers", "Gray", "Mason", "Ali",
    "Hunt", "Hussain", "Campbell", "Matthews", "Owen", "Palmer", "Holmes", "Mills", "Barnes", "Knight",
    "MacLeod", "Featherstonehaugh", "Thistlewood", "Blenkinsop", "Winterbottom", "Ramsbottom",
    "Higginbotham", "Cholmondeley",
)  # fmt: skip
_DE_LAST = (
    "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz",
    "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann",
    "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann", "Hartmann", "Lange", "Schmitt", "Werner",
    "Schmitz", "Krause", "Meier", "Lehmann", "Schmid", "Schulze", "Maier", "Köhler", "Herrmann",
    "König", "Walter", "Mayer", "Huber", "Kaiser", "Fuchs", "Peters", "Lang", "Scholz", "Möller",
    "Weiß", "Jung", "Hahn", "Vogel", "Friedrich", "Keller", "Günther", "Frank", "Berger", "Winkler",
    "Roth", "Beck", "Lorenz", "Baumann", "Franke", "Albrecht", "Schuster", "Simon", "Ludwig", "Böhm",
    "Winter", "Kraus", "Martin", "Schumacher", "Krämer", "Vogt", "Stein", "Jäger", "Otto", "Sommer",
    "Groß", "Seidel", "Heinrich", "Brandt", "Haas", "Schreiber", "Graf", "Dietrich", "Ziegler", "Kuhn",
    "Kühn", "Pohl", "Engel", "Horn", "Busch", "Bergmann", "Voigt", "Sauer", "Arnold", "Pfeiffer",
    "Oberhuber", "Düsterhöft", "Kowalczyk", "Demir", "Achterberg",
)  # fmt: skip
_FR_LAST = (
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
    "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent",
    "Fournier", "Morel", "Girard", "André", "Lefebvre", "Mercier", "Dupont", "Lambert", "Bonnet",
    "François", "Martinez", "Legrand", "Garnier", "Faure", "Rousseau", "Blanc", "Guérin", "Muller",
    "Henry", "Roussel", "Nicolas", "Perrin", "Morin", "Mathieu", "Clément", "Gauthier", "Dumont",
    "Lopez", "Fontaine", "Chevalier", "Robin", "Masson", "Sanchez", "Gérard", "Nguyen", "Boyer",
    "Denis", "Lemaire", "Duval", "Joly", "Gautier", "Roger", "Roche", "Roy", "Noël", "Meyer", "Lucas",
    "Meunier", "Perez", "Marchand", "Dufour", "Blanchard", "Barbier", "Brun", "Dumas", "Brunet",
    "Leroux", "Colin", "Fernandez", "Renard", "Arnaud", "Caron", "Aubert", "Giraud", "Leclerc",
    "Vidal", "Bourgeois", "Renaud", "Lemoine", "Picard", "Gaillard", "Lacroix", "Fabre", "Dupuis",
    "Da Silva", "Le Gall", "Rivière", "Prévost", "Carré", "Benoît", "Ménard", "Le Goff",
    "Delacourt-Vasseur", "Quénéhervé",
)  # fmt: skip

_US_STREETS = (
    "Oak", "Maple", "Pine", "Cedar", "Elm", "Main", "Washington", "Lake", "Hill", "Park", "Walnut",
    "Sunset", "Lincoln", "Jefferson", "Madison", "Franklin", "Highland", "Riverside", "Chestnut",
    "Spruce", "Willow", "Church", "Mill", "Meadow", "Forest", "Spring", "Center", "Union", "Prospect",
    "Broad",
)  # fmt: skip
_GB_STREETS = (
    "High", "Church", "Station", "Victoria", "Manor", "Park", "Queens", "Kings", "Mill", "School",
    "Green", "London", "York", "Albert", "Grange", "Windsor", "New", "Chapel", "North", "West",
    "Springfield", "Orchard", "Meadow", "Beech", "Castle",
)  # fmt: skip
_DE_STREETS = (
    "Haupt", "Linden", "Bahnhof", "Goethe", "Schiller", "Garten", "Kirch", "Mozart", "Birken",
    "Ahorn", "Eichen", "Wald", "Feld", "Rosen", "Tulpen", "Beethoven", "Friedrich", "Königs", "Markt",
    "Berg", "Schul", "Mühlen", "Buchen", "Wiesen",
)  # fmt: skip
_FR_STREETS = (
    "de la Paix", "Victor Hugo", "de la République", "Jean Jaurès", "des Lilas", "du Moulin",
    "de l'Église", "Pasteur", "Gambetta", "Voltaire", "de la Gare", "des Écoles",
    "du Général de Gaulle", "Émile Zola", "Saint-Michel", "des Tilleuls", "du Château", "de Verdun",
    "Foch", "des Acacias",
)  # fmt: skip

# Canonical street type -> abbreviations seen in real data.
STREET_TYPE_VARIANTS: dict[str, tuple[str, ...]] = {
    "Street": ("St", "St."),
    "Road": ("Rd", "Rd."),
    "Avenue": ("Ave", "Ave.", "Av."),
    "Drive": ("Dr", "Dr."),
    "Lane": ("Ln",),
    "Boulevard": ("Blvd", "Blvd."),
    "Court": ("Ct",),
    "Place": ("Pl",),
    "Close": ("Cl",),
    "Crescent": ("Cres",),
    "Terrace": ("Terr",),
    "Gardens": ("Gdns",),
    "Way": ("Way",),
    "straße": ("str.", "strasse"),
    "weg": ("weg",),
    "allee": ("allee",),
    "platz": ("pl.",),
    "ring": ("ring",),
    "rue": ("r.", "Rue"),
    "avenue": ("av.", "Avenue"),
    "boulevard": ("bd", "boul."),
    "place": ("pl.",),
    "allée": ("all.", "allee"),
    "impasse": ("imp.",),
    "chemin": ("ch.", "chem."),
}

NICKNAMES: dict[str, tuple[str, ...]] = {
    "Robert": ("Bob", "Rob"),
    "William": ("Bill", "Will"),
    "Elizabeth": ("Liz", "Beth"),
    "Katherine": ("Kate",),
    "Michael": ("Mike",),
    "James": ("Jim",),
    "Margaret": ("Peggy", "Maggie"),
    "Richard": ("Dick", "Rick"),
    "Jonathan": ("Jon",),
    "Alexander": ("Alex",),
    "Christopher": ("Chris",),
    "Jennifer": ("Jen",),
    "Thomas": ("Tom",),
    "Daniel": ("Dan",),
    "Matthew": ("Matt",),
    "Anthony": ("Tony",),
    "Joseph": ("Joe",),
    "Patricia": ("Pat",),
    "Susan": ("Sue",),
    "Deborah": ("Debbie",),
}

# Free-text country names as typed into the marketing tool, and non-ISO values seen in sales.
MARKETING_COUNTRY_NAMES: dict[str, tuple[str, ...]] = {
    "US": ("United States", "USA", "US", "U.S."),
    "GB": ("United Kingdom", "UK", "GB", "Great Britain"),
    "DE": ("Germany", "Deutschland", "DE"),
    "FR": ("France", "FR"),
}
SALES_COUNTRY_VARIANTS: dict[str, tuple[str, ...]] = {
    "US": ("USA", "United States", "us"),
    "GB": ("UK", "United Kingdom", "gb"),
    "DE": ("Germany", "de"),
    "FR": ("France", "fr"),
}
COUNTRY_ALPHA3 = {"US": "USA", "GB": "GBR", "DE": "DEU", "FR": "FRA"}

# Titles typed in front of a first name and suffixes after a last name, by the person's gender.
HONORIFICS: dict[str, tuple[str, ...]] = {
    "M": ("Mr", "Mr.", "Dr", "Dr.", "Prof."),
    "F": ("Mrs", "Mrs.", "Ms", "Ms.", "Dr", "Dr."),
}
NAME_SUFFIXES: dict[str, tuple[str, ...]] = {
    "M": ("Jr", "Jr.", "Sr.", "III", "PhD", "MD"),
    "F": ("PhD", "MD"),
}
# A free-text gender as sales staff type it; " " and "" (no value) happen too.
GENDER_VALUES: dict[str, tuple[str, ...]] = {
    "F": ("F", "f", "female", "Female", "w", "Frau"),
    "M": ("M", "m", "male", "Male", "Herr"),
    "": ("x", "X", "U", " "),
}
# Dates of birth and timestamps that no parser turns into a real value ({y}/{m}/{d} from the true date).
UNPARSEABLE_DOBS = ("31/02/{y}", "{y}-13-{d:02d}", "sometime in {y}")
UNPARSEABLE_UPDATED_AT = ("yesterday", "{y}-02-30 {time}", "{y}-{m:02d}-{d:02d} 24:61:00", "0000-00-00 00:00:00")


def _plan(prefix: str, first_digits: str, subscriber_len: int, area_len: int | None = None) -> PhonePlan:
    """A phone plan whose area code is ``prefix`` unless ``area_len`` asks for random extra digits."""
    return PhonePlan(prefix, area_len or len(prefix), first_digits, subscriber_len)


def _us_city(name: str, state: str, zip3: str, area: str) -> City:
    return City(name, state, ((zip3, 0, 99),), _plan(area, "23456789", 7))


def _gb_city(name: str, county: str, postcodes: tuple[tuple[str, int, int], ...], area: str, first: str) -> City:
    return City(name, county, postcodes, _plan(area, first, 10 - len(area)))


def _de_city(name: str, state: str, low: int, high: int, area: str) -> City:
    return City(name, state, (("", low, high),), _plan(area, "23456789", 7))


def _fr_city(name: str, region: str, low: int, high: int, area: str, first: str = "0123456789") -> City:
    return City(name, region, (("", low, high),), _plan(area, first, 8))


_US_CITIES = (
    _us_city("New York", "NY", "100", "212"),
    _us_city("New York", "NY", "100", "646"),
    _us_city("Brooklyn", "NY", "112", "718"),
    _us_city("Los Angeles", "CA", "900", "213"),
    _us_city("Los Angeles", "CA", "900", "323"),
    _us_city("San Francisco", "CA", "941", "415"),
    _us_city("San Diego", "CA", "921", "619"),
    _us_city("Chicago", "IL", "606", "312"),
    _us_city("Chicago", "IL", "606", "773"),
    _us_city("Springfield", "IL", "627", "217"),
    _us_city("Houston", "TX", "770", "713"),
    _us_city("Austin", "TX", "787", "512"),
    _us_city("Dallas", "TX", "752", "214"),
    _us_city("Phoenix", "AZ", "850", "602"),
    _us_city("Philadelphia", "PA", "191", "215"),
    _us_city("Seattle", "WA", "981", "206"),
    _us_city("Denver", "CO", "802", "303"),
    _us_city("Boston", "MA", "021", "617"),
    _us_city("Atlanta", "GA", "303", "404"),
    _us_city("Miami", "FL", "331", "305"),
    _us_city("Portland", "OR", "972", "503"),
    _us_city("Minneapolis", "MN", "554", "612"),
    _us_city("Detroit", "MI", "482", "313"),
    _us_city("Nashville", "TN", "372", "615"),
    _us_city("Columbus", "OH", "432", "614"),
    _us_city("Charlotte", "NC", "282", "704"),
    _us_city("Salt Lake City", "UT", "841", "801"),
    _us_city("Kansas City", "MO", "641", "816"),
)
_LONDON_POSTCODES = (("SW", 1, 20), ("N", 1, 22), ("E", 1, 18), ("NW", 1, 11), ("SE", 1, 28), ("W", 1, 14))
_GB_CITIES = (
    _gb_city("London", "Greater London", _LONDON_POSTCODES, "20", "378"),
    _gb_city("Manchester", "Greater Manchester", (("M", 1, 40),), "161", "2345"),
    _gb_city("Birmingham", "West Midlands", (("B", 1, 45),), "121", "2345"),
    _gb_city("Leeds", "West Yorkshire", (("LS", 1, 29),), "113", "2345"),
    _gb_city("Glasgow", "Glasgow City", (("G", 1, 80),), "141", "2345"),
    _gb_city("Edinburgh", "City of Edinburgh", (("EH", 1, 55),), "131", "2345"),
    _gb_city("Bristol", "Bristol", (("BS", 1, 41),), "117", "234"),
    _gb_city("Liverpool", "Merseyside", (("L", 1, 38),), "151", "2345"),
    _gb_city("Sheffield", "South Yorkshire", (("S", 1, 36),), "114", "2345"),
    _gb_city("Cardiff", "South Glamorgan", (("CF", 3, 24),), "29", "2"),
    _gb_city("Nottingham", "Nottinghamshire", (("NG", 1, 25),), "115", "2"),
    _gb_city("Oxford", "Oxfordshire", (("OX", 1, 44),), "1865", "2345"),
    _gb_city("Cambridge", "Cambridgeshire", (("CB", 1, 25),), "1223", "2345"),
)
_DE_CITIES = (
    _de_city("Berlin", "Berlin", 10115, 14199, "30"),
    _de_city("Hamburg", "Hamburg", 20095, 22769, "40"),
    _de_city("München", "Bayern", 80331, 81929, "89"),
    _de_city("Köln", "Nordrhein-Westfalen", 50667, 51149, "221"),
    _de_city("Frankfurt am Main", "Hessen", 60306, 60599, "69"),
    _de_city("Stuttgart", "Baden-Württemberg", 70173, 70629, "711"),
    _de_city("Düsseldorf", "Nordrhein-Westfalen", 40210, 40629, "211"),
    _de_city("Leipzig", "Sachsen", 4103, 4357, "341"),
    _de_city("Dresden", "Sachsen", 1067, 1328, "351"),
    _de_city("Hannover", "Niedersachsen", 30159, 30669, "511"),
    _de_city("Nürnberg", "Bayern", 90402, 90491, "911"),
    _de_city("Bremen", "Bremen", 28195, 28779, "421"),
)
_FR_CITIES = (
    _fr_city("Paris", "Île-de-France", 75001, 75020, "1"),
    _fr_city("Lyon", "Auvergne-Rhône-Alpes", 69001, 69009, "4"),
    _fr_city("Marseille", "Provence-Alpes-Côte d'Azur", 13001, 13016, "4"),
    _fr_city("Toulouse", "Occitanie", 31000, 31500, "5", "012345678"),
    _fr_city("Nice", "Provence-Alpes-Côte d'Azur", 6000, 6300, "4"),
    _fr_city("Nantes", "Pays de la Loire", 44000, 44300, "2", "01234579"),
    _fr_city("Strasbourg", "Grand Est", 67000, 67200, "3"),
    _fr_city("Montpellier", "Occitanie", 34000, 34090, "4"),
    _fr_city("Bordeaux", "Nouvelle-Aquitaine", 33000, 33800, "5", "012345678"),
    _fr_city("Lille", "Hauts-de-France", 59000, 59800, "3"),
    _fr_city("Rennes", "Bretagne", 35000, 35700, "2", "01234579"),
)
_ANY = "0123456789"
_GB_MOBILES = tuple(_plan(p, _ANY, 6, area_len=4) for p in ("74", "75", "78", "792", "795", "797", "798"))
_DE_MOBILES = tuple(_plan(p, _ANY, 8) for p in ("151", "152", "157", "159", "176")) + tuple(
    _plan(p, _ANY, 7) for p in ("160", "162", "170", "171", "172", "175", "177", "178", "179")
)
_FR_MOBILES = (_plan("6", "01245678", 8), _plan("7", "3456789", 8))

_COMPANIES: dict[str, tuple[tuple[str, str], ...]] = {
    "US": (
        ("Acme Corporation", "acme.com"), ("Globex, Inc.", "globex.com"), ("Initech", "initech.com"),
        ("Umbrella Health", "umbrellahealth.com"), ("Stark Logistics", "starklogistics.com"),
        ("Wayne Enterprises", "wayne-ent.com"), ("Hooli", "hooli.com"),
        ("Vandelay Industries", "vandelay.com"),
        ("Dunder Mifflin", "dundermifflin.com"), ("Soylent Foods", "soylentfoods.com"),
        ("Pied Piper", "piedpiper.io"), ("Blue Ridge Credit Union", "blueridgecu.org"),
        ("Cascade Dental Group", "cascadedental.com"), ("Lakeside Realty, LLC", "lakesiderealty.com"),
    ),
    "GB": (
        ("Thames Water Services", "thameswater-services.co.uk"), ("Albion Insurance", "albion-ins.co.uk"),
        ("Pennine Foods Ltd", "penninefoods.co.uk"), ("Brightwater plc", "brightwater.co.uk"),
        ("Kestrel Consulting", "kestrelconsulting.co.uk"), ("Harbour & Co", "harbourco.co.uk"),
        ("Northgate Logistics", "northgate-logistics.co.uk"), ("Oakham Legal LLP", "oakhamlegal.co.uk"),
    ),
    "DE": (
        ("Müller & Söhne GmbH", "mueller-soehne.de"), ("Rheinland Versicherung AG", "rheinland-vers.de"),
        ("Nordlicht Software GmbH", "nordlicht-software.de"), ("Bäckerei Schmidt", "baeckerei-schmidt.de"),
        ("Alpen Logistik GmbH", "alpenlogistik.de"), ("Spree Consulting", "spree-consulting.de"),
        ("Hanse Handel KG", "hansehandel.de"),
    ),
    "FR": (
        ("Société Générale des Eaux", "sge-eaux.fr"), ("Boulangerie Dupont", "boulangerie-dupont.fr"),
        ("Atelier Lumière SARL", "atelier-lumiere.fr"), ("Groupe Méridien", "groupe-meridien.fr"),
        ("Transports Rapides SA", "transports-rapides.fr"),
        ("Cabinet Lefèvre & Associés", "cabinet-lefevre.fr"),
        ("Vignobles du Sud", "vignobles-du-sud.fr"),
    ),
}  # fmt: skip


def _street_types(canonical: Sequence[str]) -> _Weighted:
    return _Weighted.zipf(canonical, 1.5)


_US_STREET_TYPES = ("Street", "Avenue", "Road", "Drive", "Lane", "Boulevard", "Court", "Place", "Way")
_GB_STREET_TYPES = (
    "Road", "Street", "Lane", "Avenue", "Close", "Drive", "Gardens", "Crescent", "Terrace", "Way",
)  # fmt: skip
_DE_STREET_TYPES = ("straße", "weg", "allee", "platz", "ring")
_FR_STREET_TYPES = ("rue", "avenue", "boulevard", "place", "allée", "impasse", "chemin")
_EMAIL_DOMAINS: dict[str, tuple[tuple[str, float], ...]] = {
    "US": (("gmail.com", 35), ("yahoo.com", 15), ("hotmail.com", 12), ("outlook.com", 12), ("aol.com", 6),
           ("icloud.com", 10), ("comcast.net", 5)),
    "GB": (("gmail.com", 35), ("hotmail.co.uk", 20), ("yahoo.co.uk", 12), ("btinternet.com", 12),
           ("outlook.com", 12), ("sky.com", 9)),
    "DE": (("gmail.com", 25), ("web.de", 25), ("gmx.de", 20), ("t-online.de", 15), ("gmx.net", 8),
           ("outlook.de", 7)),
    "FR": (("gmail.com", 30), ("orange.fr", 20), ("free.fr", 15), ("laposte.net", 10), ("hotmail.fr", 12),
           ("sfr.fr", 8), ("wanadoo.fr", 5)),
}  # fmt: skip


def _domains(country: str) -> _Weighted:
    names, weights = zip(*_EMAIL_DOMAINS[country], strict=True)
    return _Weighted(names, weights)


def _build_countries() -> dict[str, CountryData]:
    """Assemble the per-country tables (called once at import)."""
    english_male, english_female = _Weighted.zipf(_US_MALE, 8), _Weighted.zipf(_US_FEMALE, 8)
    return {
        "US": CountryData(
            "US", "1", _US_CITIES, (), english_male, english_female, _Weighted.zipf(_US_LAST, 8),
            _US_STREETS, _street_types(_US_STREET_TYPES),
            ("Apt {n}", "Suite {n}", "Unit {n}", "Apt {n}{letter}"), _domains("US"), _COMPANIES["US"],
        ),
        "GB": CountryData(
            "GB", "44", _GB_CITIES, _GB_MOBILES, english_male, english_female, _Weighted.zipf(_GB_LAST, 8),
            _GB_STREETS, _street_types(_GB_STREET_TYPES),
            ("Flat {n}", "Flat {n}{letter}", "Unit {n}"), _domains("GB"), _COMPANIES["GB"],
        ),
        "DE": CountryData(
            "DE", "49", _DE_CITIES, _DE_MOBILES, _Weighted.zipf(_DE_MALE, 8), _Weighted.zipf(_DE_FEMALE, 8),
            _Weighted.zipf(_DE_LAST, 8), _DE_STREETS, _street_types(_DE_STREET_TYPES),
            ("{n}. OG", "Hinterhaus", "App. {n}"), _domains("DE"), _COMPANIES["DE"],
        ),
        "FR": CountryData(
            "FR", "33", _FR_CITIES, _FR_MOBILES, _Weighted.zipf(_FR_MALE, 8), _Weighted.zipf(_FR_FEMALE, 8),
            _Weighted.zipf(_FR_LAST, 8), _FR_STREETS, _street_types(_FR_STREET_TYPES),
            ("Appt {n}", "Bât. {letter}", "Escalier {letter}"), _domains("FR"), _COMPANIES["FR"],
        ),
    }  # fmt: skip


COUNTRIES = _build_countries()
COUNTRY_CODES = tuple(COUNTRIES)

# How each source writes phone numbers: (style, weight); styles are defined in format_phone.
_PHONE_STYLES: dict[str, tuple[tuple[str, float], ...]] = {
    "sales": (("international", 0.35), ("separated", 0.35), ("digits", 0.20), ("e164", 0.10)),
    "marketing": (("e164", 0.60), ("digits", 0.40)),
}
_SERVICE_PREFIX_STYLES = (("idd", 0.5), ("trunk_kept", 0.5))
_GB_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
_LOWER = "abcdefghijklmnopqrstuvwxyz"
_OCR_PAIRS = (("rn", "m"), ("m", "rn"), ("l", "1"), ("O", "0"), ("o", "0"), ("I", "l"), ("S", "5"))
_FULLWIDTH = str.maketrans({chr(code): chr(code + 0xFEE0) for code in range(0x21, 0x7F)})
_NO_BREAK_SPACE = "\u00a0"
_ZERO_WIDTH_SPACE = "\u200b"
_CONTROL_CHARS = ("\t", "\x07")
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_SALES_UPDATED_FROM = datetime(2019, 1, 1)
_SERVICE_MODIFIED_FROM = datetime(2020, 6, 1)
_UPDATED_SPAN_SECONDS = int((datetime(2025, 6, 30) - _SALES_UPDATED_FROM).total_seconds())
_SERVICE_SPAN_SECONDS = int((datetime(2025, 6, 30) - _SERVICE_MODIFIED_FROM).total_seconds())
_SIGNUP_FROM_DAY = date(2016, 1, 1).toordinal() - _EPOCH_ORDINAL
_SIGNUP_TO_DAY = date(2025, 6, 30).toordinal() - _EPOCH_ORDINAL


# --------------------------------------------------------------------------------------------------
# Persons
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Phone:
    """A phone number split as the country writes it: area code (no trunk 0) and subscriber part."""

    country: str
    area: str
    subscriber: str

    @property
    def national_number(self) -> str:
        """The national significant number (no country code, no trunk prefix)."""
        return self.area + self.subscriber


@dataclass(frozen=True, slots=True)
class Address:
    """A postal address; the street type is canonical and gets abbreviated when rendered."""

    country: str
    number: str
    street: str
    street_type: str
    line2: str | None
    city: str
    postcode: str
    region: str


@dataclass(slots=True)
class Person:
    """One real person: the ground truth behind one or more source records."""

    person_id: str
    country: str
    gender: str
    first_name: str
    last_name: str
    birth_date: date
    emails: list[str]
    phone: Phone
    address: Address
    company: str | None = None
    national_id: str | None = None
    previous_address: Address | None = None


@functools.lru_cache(maxsize=4096)
def ascii_fold(text: str) -> str:
    """Drop accents the way an email address or an ASCII-only system would (ß -> ss, ü -> u)."""
    text = text.replace("ß", "ss")
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@functools.lru_cache(maxsize=4096)
def _email_slug(name: str) -> str:
    """A name as an email local part: German umlauts spelled out, lower case, letters only."""
    text = name.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    return "".join(c for c in ascii_fold(text) if c.isalnum())


def _digits(rng: random.Random, count: int) -> str:
    return f"{rng.randrange(10**count):0{count}d}" if count > 0 else ""


class _PersonFactory:
    """Draws persons, households and twins, keeping emails and phone numbers unique per person."""

    def __init__(self, rng: random.Random, population: PopulationProfile) -> None:
        self.rng = rng
        self.population = population
        self.used_emails: set[str] = set()
        self.used_numbers: set[str] = set()
        codes, weights = zip(*population.country_weights, strict=True)
        self.countries = _Weighted(codes, weights)
        share = population.household_share
        self.partner_rate = share / (2.0 - share)
        self.shared_contact_rate = population.shared_contact_share / share if share else 0.0
        self.twin_rate = population.twin_share / 2.0
        low, high = population.birth_years
        self.dob_range = (date(low, 1, 1).toordinal(), date(high, 12, 31).toordinal())

    def population_of(self, size: int) -> list[Person]:
        """Draw ``size`` persons, some of them in households or twins."""
        persons: list[Person] = []
        while len(persons) < size:
            persons.extend(self._household(len(persons)))
        return persons[:size]

    def _household(self, first_index: int) -> list[Person]:
        """One person, plus possibly a partner and possibly a twin at the same address."""
        rng = self.rng
        main = self.new_person(_person_id(first_index))
        members = [main]
        if rng.random() < self.partner_rate:
            partner = self.partner_of(main, _person_id(first_index + len(members)))
            if rng.random() < self.shared_contact_rate:
                self.share_contact(main, partner)
            members.append(partner)
        if rng.random() < self.twin_rate:
            members.append(self.twin_of(main, _person_id(first_index + len(members))))
        return members

    def new_person(self, person_id: str) -> Person:
        """A person with their own address."""
        rng = self.rng
        country = self.countries.pick(rng)
        data = COUNTRIES[country]
        name_data = data if rng.random() >= self.population.foreign_name_rate else COUNTRIES[rng.choice(COUNTRY_CODES)]
        gender = rng.choice("FM")
        first = self._first_name(name_data, gender, exclude=())
        last = name_data.last_names.pick(rng)
        birth = date.fromordinal(rng.randint(*self.dob_range))
        address = draw_address(rng, data, self.population.line2_rate)
        return self._complete(person_id, country, gender, first, last, birth, address)

    def partner_of(self, main: Person, person_id: str) -> Person:
        """A different person sharing last name and address, born within a few years of ``main``."""
        rng = self.rng
        gender = "M" if main.gender == "F" else "F"
        if rng.random() < 0.1:
            gender = main.gender
        first = self._first_name(COUNTRIES[main.country], gender, exclude=(main.first_name,))
        offset = int(rng.gauss(0, 4 * 365))
        birth = date.fromordinal(min(max(main.birth_date.toordinal() + offset, self.dob_range[0]), self.dob_range[1]))
        return self._complete(person_id, main.country, gender, first, main.last_name, birth, main.address)

    def twin_of(self, main: Person, person_id: str) -> Person:
        """A twin: same last name, address and date of birth, a different first name."""
        gender = self.rng.choice("FM")
        first = self._first_name(COUNTRIES[main.country], gender, exclude=(main.first_name,))
        return self._complete(person_id, main.country, gender, first, main.last_name, main.birth_date, main.address)

    def share_contact(self, main: Person, partner: Person) -> None:
        """Give both persons one shared email or one shared landline (they stay different people)."""
        rng = self.rng
        if rng.random() < 0.5:
            domain = COUNTRIES[main.country].email_domains.pick(rng)
            shared = self._unique_email(self._household_local(main, partner), domain)
            main.emails.insert(0, shared)
            partner.emails.insert(0, shared)
            return
        landline = self._unique_phone(main.country, _landline_plan(rng, main.address))
        main.phone = landline
        partner.phone = landline

    def second_email(self, person: Person) -> str:
        """Add (or return) the person's other email address: a work or a second private one."""
        if len(person.emails) < 2:
            domain = COUNTRIES[person.country].email_domains.pick(self.rng)
            person.emails.append(self._unique_email(self._private_local(person), domain))
        return person.emails[1]

    def new_phone(self, person: Person) -> Phone:
        """Another number for the person (a new mobile or landline), unique like every number."""
        return self._own_phone(COUNTRIES[person.country], person.address)

    def previous_address(self, person: Person) -> Address:
        """The address the person lived at before (drawn once, on first use)."""
        if person.previous_address is None:
            person.previous_address = draw_address(self.rng, COUNTRIES[person.country], self.population.line2_rate)
        return person.previous_address

    def _complete(
        self, person_id: str, country: str, gender: str, first: str, last: str, birth: date, address: Address
    ) -> Person:
        """Add the contact details, employer and national id to a named person."""
        rng = self.rng
        data = COUNTRIES[country]
        phone = self._own_phone(data, address)
        person = Person(person_id, country, gender, first, last, birth, [], phone, address)
        private = self._unique_email(self._private_local(person), data.email_domains.pick(rng))
        person.emails.append(private)
        if rng.random() < self.population.company_rate:
            person.company, domain = rng.choice(data.companies)
            work = self._unique_email(self._work_local(person), domain)
            person.emails.insert(rng.randrange(2), work)
        elif rng.random() < self.population.second_email_rate:
            self.second_email(person)
        if rng.random() < self.population.national_id_rate:
            person.national_id = draw_national_id(rng, person)
        return person

    def _first_name(self, data: CountryData, gender: str, exclude: Sequence[str]) -> str:
        names = data.female_names if gender == "F" else data.male_names
        name = names.pick(self.rng)
        while name in exclude:
            name = names.pick(self.rng)
        return name

    def _own_phone(self, data: CountryData, address: Address) -> Phone:
        """A mobile, a landline of the person's city, or (US, kept after a move) another city's."""
        rng = self.rng
        if data.mobiles and rng.random() < self.population.mobile_rate:
            return self._unique_phone(data.code, rng.choice(data.mobiles))
        if rng.random() < self.population.out_of_area_phone_rate:
            return self._unique_phone(data.code, rng.choice(data.cities).landline)
        return self._unique_phone(data.code, _landline_plan(rng, address))

    def _unique_phone(self, country: str, plan: PhonePlan) -> Phone:
        """A number from ``plan`` that no other person has (its last 9 digits are unique)."""
        while True:
            phone = draw_phone(self.rng, country, plan)
            key = phone.national_number[-9:]
            if key not in self.used_numbers:
                self.used_numbers.add(key)
                return phone

    def _unique_email(self, local: str, domain: str) -> str:
        """``local@domain``, with a number appended while another person already has that mailbox.

        Gmail ignores dots in the local part, so "john.smith@" and "johnsmith@" are one mailbox and
        cannot belong to two people: uniqueness is checked on the dotless form there.
        """
        email = f"{local}@{domain}"
        while _mailbox(email) in self.used_emails:
            email = f"{local}{self.rng.randint(1, 999)}@{domain}"
        self.used_emails.add(_mailbox(email))
        return email

    def _private_local(self, person: Person) -> str:
        rng = self.rng
        first, last = _email_slug(person.first_name), _email_slug(person.last_name)
        year = person.birth_date.year
        patterns = (
            f"{first}.{last}", f"{first}{last}", f"{first[:1]}{last}", f"{first}_{last}",
            f"{first}.{last}{year % 100:02d}", f"{first}{year}", f"{last}.{first}",
            f"{first[:1]}.{last}{rng.randint(1, 99)}",
        )  # fmt: skip
        return rng.choice(patterns)

    def _work_local(self, person: Person) -> str:
        first, last = _email_slug(person.first_name), _email_slug(person.last_name)
        return self.rng.choice((f"{first}.{last}", f"{first[:1]}{last}", f"{first}"))

    def _household_local(self, main: Person, partner: Person) -> str:
        first_a, first_b = _email_slug(main.first_name), _email_slug(partner.first_name)
        last = _email_slug(main.last_name)
        return self.rng.choice(
            (f"{last}family", f"the{last}s", f"{first_a}and{first_b}", f"{first_a}.{first_b}.{last}")
        )


def _person_id(index: int) -> str:
    return f"P{index + 1:07d}"


def _index_cities() -> dict[tuple[str, str, str], tuple[City, ...]]:
    """Cities by (country, name, region); a city with several area codes has several entries."""
    index: dict[tuple[str, str, str], tuple[City, ...]] = {}
    for code, data in COUNTRIES.items():
        for city in data.cities:
            key = (code, city.name, city.region)
            index[key] = (*index.get(key, ()), city)
    return index


_CITIES_BY_KEY = _index_cities()


def _landline_plan(rng: random.Random, address: Address) -> PhonePlan:
    """The landline numbering of the address's city (one of its area codes)."""
    return rng.choice(_CITIES_BY_KEY[(address.country, address.city, address.region)]).landline


def draw_phone(rng: random.Random, country: str, plan: PhonePlan) -> Phone:
    """A valid-looking number of ``plan`` (US exchanges avoid N11 and 555)."""
    while True:
        area = plan.prefix + _digits(rng, plan.area_len - len(plan.prefix))
        subscriber = rng.choice(plan.first_digits) + _digits(rng, plan.subscriber_len - 1)
        if country != "US" or (subscriber[1:3] != "11" and not subscriber.startswith("555")):
            return Phone(country, area, subscriber)


def draw_address(rng: random.Random, data: CountryData, line2_rate: float) -> Address:
    """A street address in a random city of the country."""
    city = rng.choice(data.cities)
    number = _house_number(rng, data.code)
    line2 = None
    if rng.random() < line2_rate:
        template = rng.choice(data.line2_templates)
        line2 = template.format(n=rng.randint(1, 40), letter=rng.choice("ABCDEF"))
    street = rng.choice(data.streets)
    street_type = data.street_types.pick(rng)
    return Address(
        data.code, number, street, street_type, line2, city.name, _postcode(rng, data.code, city), city.region
    )


def _house_number(rng: random.Random, country: str) -> str:
    if country == "US":
        return str(rng.randint(1, 99) if rng.random() < 0.4 else rng.randint(100, 9899))
    number = str(rng.randint(1, 180))
    if country in ("DE", "FR") and rng.random() < 0.05:
        number += rng.choice(("a", "b")) if country == "DE" else " bis"
    return number


def _postcode(rng: random.Random, country: str, city: City) -> str:
    prefix, low, high = rng.choice(city.postcodes)
    number = rng.randint(low, high)
    if country == "GB":
        letters = rng.choice(_GB_INWARD_LETTERS) + rng.choice(_GB_INWARD_LETTERS)
        return f"{prefix}{number} {rng.randint(0, 9)}{letters}"
    if country == "US":
        return f"{prefix}{number:02d}"
    return f"{number:05d}"


def draw_national_id(rng: random.Random, person: Person) -> str:
    """A national id in the country's format: US SSN, GB NI number, DE tax id, FR NIR."""
    if person.country == "US":
        area = rng.choice((rng.randint(1, 665), rng.randint(667, 899)))
        return f"{area:03d}-{rng.randint(1, 99):02d}-{rng.randint(1, 9999):04d}"
    if person.country == "GB":
        prefix = rng.choice("ABCEGHJKLMNOPRSTWXYZ") + rng.choice("ABCEGHJKLMNPRSTWXYZ")
        return f"{prefix}{_digits(rng, 6)}{rng.choice('ABCD')}"
    if person.country == "DE":
        return str(rng.randint(1, 9)) + _digits(rng, 10)
    body = int(
        f"{1 if person.gender == 'M' else 2}{person.birth_date.year % 100:02d}{person.birth_date.month:02d}"
        f"{rng.randint(1, 95):02d}{rng.randint(1, 999):03d}{rng.randint(1, 999):03d}"
    )
    return f"{body}{97 - body % 97:02d}"


# --------------------------------------------------------------------------------------------------
# Formatting
# --------------------------------------------------------------------------------------------------


def _group_subscriber(phone: Phone) -> str:
    """The subscriber part grouped the way the country writes it."""
    sub = phone.subscriber
    if phone.country == "US":
        return f"{sub[:3]}-{sub[3:]}"
    if phone.country == "FR":
        return " ".join(sub[i : i + 2] for i in range(0, len(sub), 2))
    if phone.country == "GB" and len(sub) >= 7:
        return f"{sub[:-4]} {sub[-4:]}"
    return sub


def format_phone(phone: Phone, style: str) -> str:
    """Render a number in one of the styles the sources use.

    ``national`` "(415) 555-0132" / "020 7946 0958" / "030 1234567" / "01 23 45 67 89";
    ``international`` "+1 415-555-0132" / "+44 20 7946 0958"; ``e164`` "+442079460958";
    ``digits`` the national digits with the trunk 0; ``separated`` "415-555-0132" / "(020) 7946 0958" /
    "030/1234567" / "01.23.45.67.89"; ``idd`` "0044 20 7946 0958" (the dialling prefix instead of "+");
    ``trunk_kept`` "+44 (0)20 7946 0958". The last two are for GB, DE and FR numbers.
    """
    country, area, grouped = phone.country, phone.area, _group_subscriber(phone)
    trunk = "" if country == "US" else "0"
    if style == "national":
        return f"({area}) {grouped}" if country == "US" else f"0{area} {grouped}"
    if style == "international":
        separator = "-" if country == "US" else " "
        return f"+{COUNTRIES[country].calling_code} {area}{separator}{grouped}"
    if style == "idd":
        return f"00{COUNTRIES[country].calling_code} {area} {grouped}"
    if style == "trunk_kept":
        return f"+{COUNTRIES[country].calling_code} ({trunk}){area} {grouped}"
    if style == "e164":
        return f"+{COUNTRIES[country].calling_code}{phone.national_number}"
    if style == "digits":
        return trunk + phone.national_number
    if country == "US":
        return f"{area}-{grouped}"
    if country == "GB":
        return f"(0{area}) {grouped}"
    if country == "DE":
        return f"0{area}/{phone.subscriber}"
    return f"0{area}." + grouped.replace(" ", ".")


def street_line(address: Address, street_type: str) -> str:
    """The first address line as the country writes it, with ``street_type`` as spelled."""
    if address.country == "DE":
        return f"{address.street}{street_type} {address.number}"
    if address.country == "FR":
        return f"{address.number} {street_type} {address.street}"
    return f"{address.number} {address.street} {street_type}"


# --------------------------------------------------------------------------------------------------
# Noise
# --------------------------------------------------------------------------------------------------


class _Noise:
    """Applies the :class:`NoiseProfile` to single field values."""

    def __init__(self, rng: random.Random, profile: NoiseProfile) -> None:
        self.rng = rng
        self.p = profile

    def name(self, value: str, *, first: bool, gender: str | None) -> str:
        """A first or last name with nickname, accent, typo, OCR, honorific, case, whitespace and unicode noise.

        A title goes before a first name and a suffix after a last name, fitting ``gender``; None adds neither.
        """
        rng, p = self.rng, self.p
        if first and value in NICKNAMES and rng.random() < p.nickname_rate:
            value = rng.choice(NICKNAMES[value])
        if rng.random() < p.accent_strip_rate:
            value = ascii_fold(value)
        if rng.random() < p.name_typo_rate:
            value = typo(rng, value)
        if rng.random() < p.ocr_rate:
            value = ocr_error(rng, value)
        if gender is not None and rng.random() < p.honorific_rate:
            if first:
                value = f"{rng.choice(HONORIFICS[gender])} {value}"
            else:
                value = f"{value} {rng.choice(NAME_SUFFIXES[gender])}"
        return self.text(value)

    def text(self, value: str) -> str:
        """Case, whitespace and unicode noise."""
        rng, p = self.rng, self.p
        roll = rng.random()
        if roll < p.upper_case_rate:
            value = value.upper()
        elif roll < p.upper_case_rate + p.lower_case_rate:
            value = value.lower()
        if rng.random() < p.whitespace_rate:
            value = self.whitespace(value)
        roll = rng.random()
        if roll < p.invisible_space_rate:
            value = invisible_space(rng, value)
        elif roll < p.invisible_space_rate + p.fullwidth_rate:
            value = value.translate(_FULLWIDTH)
        elif roll < p.invisible_space_rate + p.fullwidth_rate + p.control_char_rate:
            value = control_char(rng, value)
        return value

    def whitespace(self, value: str) -> str:
        """Leading, trailing or doubled whitespace."""
        kind = self.rng.randrange(4)
        if kind == 0:
            return f" {value}"
        if kind == 1:
            return f"{value} "
        if kind == 2 and " " in value:
            return value.replace(" ", "  ", 1)
        return f"  {value}  "

    def email(self, address: str, missing_rate: float) -> str | None:
        """An email as typed: missing, placeholder, invalid, gmail variant, odd case or whitespace."""
        rng, p = self.rng, self.p
        if rng.random() < missing_rate:
            return None
        if rng.random() < p.placeholder_rate:
            return rng.choice(EMAIL_PLACEHOLDERS)
        if rng.random() < p.invalid_email_rate:
            return invalid_email(rng, address)
        local, domain = address.split("@")
        if domain == "gmail.com" and rng.random() < p.gmail_variant_rate:
            local = _gmail_variant(rng, local)
        address = f"{local}@{domain}"
        if rng.random() < p.email_upper_rate:
            address = address.upper() if rng.random() < 0.3 else _capitalize_email(address)
        if rng.random() < p.whitespace_rate:
            address = rng.choice((f" {address}", f"{address} "))
        return address

    def phone(
        self, phone: Phone, styles: Sequence[tuple[str, float]], missing_rate: float, extension_rate: float = 0.0
    ) -> str | None:
        """A formatted number (sometimes invalid or with an extension), a placeholder or None."""
        rng, p = self.rng, self.p
        if rng.random() < missing_rate:
            return None
        if rng.random() < p.placeholder_rate:
            return rng.choice(PHONE_PLACEHOLDERS)
        formatted = format_phone(phone, _pick_style(rng, styles))
        roll = rng.random()
        if roll < p.invalid_phone_rate:
            return invalid_phone(rng, phone, formatted)
        if roll < p.invalid_phone_rate + extension_rate:
            return f"{formatted} ext. {rng.randint(1, 999)}"
        return formatted

    def street(self, address: Address) -> str:
        """The street line, with abbreviated street types and case/whitespace noise."""
        street_type = address.street_type
        if self.rng.random() < self.p.street_type_variant_rate:
            street_type = self.rng.choice(STREET_TYPE_VARIANTS[street_type])
        return self.text(street_line(address, street_type))

    def postcode(self, address: Address, zero_loss_rate: float = 0.0) -> str:
        """The postcode, sometimes in a variant format (no space, lower case, ZIP+4, a lost leading zero)."""
        rng, postcode = self.rng, address.postcode
        if postcode[0] == "0" and address.country in ("DE", "FR") and rng.random() < zero_loss_rate:
            return postcode[1:]
        if rng.random() >= self.p.postcode_variant_rate:
            return postcode
        if address.country == "US":
            return f"{postcode}-{_digits(rng, 4)}"
        if address.country == "GB":
            variants = (postcode.replace(" ", "").lower(), postcode.replace(" ", ""), postcode.lower())
            return rng.choice(variants)
        return f" {postcode}"

    def optional(self, value: str | None, missing_rate: float) -> str | None:
        """``value``, or None at ``missing_rate``, or a placeholder at the placeholder rate."""
        rng = self.rng
        if value is None or rng.random() < missing_rate:
            return rng.choice(TEXT_PLACEHOLDERS) if rng.random() < self.p.placeholder_rate / 4 else None
        if rng.random() < self.p.placeholder_rate:
            return rng.choice(TEXT_PLACEHOLDERS)
        return value


def typo(rng: random.Random, value: str) -> str:
    """One character inserted, deleted, substituted or transposed (not the first character)."""
    if len(value) < 3:
        return value
    index = rng.randint(1, len(value) - 1)
    operation = rng.randrange(4)
    if operation == 0:
        return value[:index] + rng.choice(_LOWER) + value[index:]
    if operation == 1:
        return value[:index] + value[index + 1 :]
    if operation == 2:
        return value[:index] + rng.choice(_LOWER) + value[index + 1 :]
    index = min(index, len(value) - 2)
    return value[:index] + value[index + 1] + value[index] + value[index + 2 :]


def ocr_error(rng: random.Random, value: str) -> str:
    """Replace one look-alike sequence (rn/m, l/1, O/0, I/l, S/5); unchanged when none applies."""
    candidates = [pair for pair in _OCR_PAIRS if pair[0] in value]
    if not candidates:
        return value
    old, new = rng.choice(candidates)
    return value.replace(old, new, 1)


def invisible_space(rng: random.Random, value: str) -> str:
    """A no-break space for a space (or around the value), or a zero-width space anywhere in or around it."""
    if rng.random() < 0.5:
        if " " in value.strip() and rng.random() < 0.7:
            return value.replace(" ", _NO_BREAK_SPACE, 1)
        return rng.choice((f"{value}{_NO_BREAK_SPACE}", f"{_NO_BREAK_SPACE}{value}"))
    index = rng.randint(0, len(value))
    return value[:index] + _ZERO_WIDTH_SPACE + value[index:]


def control_char(rng: random.Random, value: str) -> str:
    """A tab or a bell character inside the value (never a NUL byte)."""
    index = rng.randint(1, max(1, len(value) - 1))
    return value[:index] + rng.choice(_CONTROL_CHARS) + value[index:]


def invalid_phone(rng: random.Random, phone: Phone, formatted: str) -> str:
    """A number no one can dial: a fragment of the subscriber part, or ``formatted`` with a digit lost or doubled."""
    kind = rng.randrange(3)
    if kind == 0:
        return f"{phone.subscriber[:3]}-{phone.subscriber[3:5]}"
    index = rng.choice([i for i, char in enumerate(formatted) if char.isdigit()][-8:])
    if kind == 1:
        return formatted[:index] + formatted[index + 1 :]
    return formatted[:index] + formatted[index] + formatted[index:]


def invalid_email(rng: random.Random, address: str) -> str:
    """A malformed version of ``address``: no domain, a space, or a doubled @."""
    local, domain = address.split("@")
    kind = rng.randrange(3)
    if kind == 0:
        return f"{local}@"
    if kind == 1:
        return f"{local.replace('.', ' ', 1) if '.' in local else local + ' '}@{domain}"
    return f"{local}@@{domain}"


def _mailbox(email: str) -> str:
    """The mailbox an address delivers to: gmail ignores dots in the local part."""
    local, _, domain = email.partition("@")
    return f"{local.replace('.', '')}@{domain}" if domain in ("gmail.com", "googlemail.com") else email


def _gmail_variant(rng: random.Random, local: str) -> str:
    if rng.random() < 0.5 and len(local) > 2:
        index = rng.randint(1, len(local) - 1)
        return f"{local[:index]}.{local[index:]}".replace("..", ".")
    return f"{local}+{rng.choice(('news', 'shop', 'promo', 'work'))}"


def _capitalize_email(address: str) -> str:
    local, domain = address.split("@")
    return ".".join(part.capitalize() for part in local.split(".")) + "@" + domain.capitalize()


def _pick_style(rng: random.Random, styles: Sequence[tuple[str, float]]) -> str:
    roll = rng.random()
    for style, weight in styles:
        roll -= weight
        if roll < 0:
            return style
    return styles[-1][0]


# --------------------------------------------------------------------------------------------------
# Source records
# --------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Draft:
    """The fields every source shares, after the per-record noise: names, email, address."""

    first: str
    last: str
    email: str
    address: Address


# One source record as the writers take it: (record_id, person_id, row).
_Record = tuple[str, str, Any]


@dataclass
class _SourceRows:
    """Rows of one source (without primary keys yet) with the person each row came from."""

    rows: list[Any] = field(default_factory=list)
    person_ids: list[str] = field(default_factory=list)


class _RecordFactory:
    """Turns a person into dirty records of the three sources."""

    def __init__(self, rng: random.Random, noise: NoiseProfile, persons: _PersonFactory) -> None:
        self.rng = rng
        self.p = noise
        self.noise = _Noise(rng, noise)
        self.persons = persons

    def draft(self, person: Person, second: bool, *, honorifics: bool = True) -> _Draft:
        """Names, email and address as this record holds them (before source-specific formatting)."""
        rng, p = self.rng, self.p
        gender = person.gender if honorifics else None
        first = self.noise.name(person.first_name, first=True, gender=gender)
        last = self.noise.name(person.last_name, first=False, gender=gender)
        if rng.random() < p.name_swap_rate:
            first, last = last, first
        if second or (len(person.emails) > 1 and rng.random() < p.other_email_rate):
            email = self.persons.second_email(person)
        else:
            email = person.emails[0]
        address = person.address
        if rng.random() < p.moved_address_rate:
            address = self.persons.previous_address(person)
        return _Draft(first, last, email, address)

    def sales_row(self, person: Person, second: bool) -> tuple[str | None, ...]:
        """One sales account (all columns but ``account_id``)."""
        rng, p, noise = self.rng, self.p, self.noise
        draft = self.draft(person, second)
        address = draft.address
        updated = _SALES_UPDATED_FROM + timedelta(seconds=rng.randrange(_UPDATED_SPAN_SECONDS))
        return (
            draft.first,
            draft.last,
            noise.email(draft.email, p.email_missing_rate),
            noise.phone(person.phone, _PHONE_STYLES["sales"], p.phone_missing_rate, p.phone_extension_rate),
            self._sales_birth_date(person.birth_date),
            self._gender(person.gender),
            noise.optional(person.company, p.company_missing_rate),
            noise.street(address),
            noise.optional(address.line2, 0.0),
            noise.text(address.city),
            noise.postcode(address, p.sales_postcode_zero_loss_rate),
            address.region,
            self._sales_country(person.country),
            self._national_id(person.national_id),
            updated.isoformat(sep=" "),
        )

    def service_row(self, person: Person, second: bool) -> dict[str, Any]:
        """One service contact (all keys but ``contact_id``)."""
        rng, p, noise = self.rng, self.p, self.noise
        draft = self.draft(person, second)
        address = draft.address
        if person.country != "US" and rng.random() < p.service_phone_prefix_rate:
            style = _SERVICE_PREFIX_STYLES
        elif rng.random() < p.service_international_phone_rate:
            style = (("international", 1.0),)
        else:
            style = (("national", 1.0),)
        modified = _SERVICE_MODIFIED_FROM + timedelta(seconds=rng.randrange(_SERVICE_SPAN_SECONDS))
        dob = None if rng.random() < p.service_dob_missing_rate else person.birth_date.isoformat()
        country = person.country
        if rng.random() < p.service_country_variant_rate:
            country = rng.choice((country.lower(), COUNTRY_ALPHA3[country], COUNTRY_ALPHA3[country].lower()))
        return {
            "name": {"given": draft.first, "family": draft.last},
            "email": noise.email(draft.email, p.email_missing_rate),
            "phone": noise.phone(person.phone, style, p.phone_missing_rate, p.phone_extension_rate),
            "address": f"{noise.street(address)}, {noise.text(address.city)}, {noise.postcode(address)}",
            "country": country,
            "dob": dob,
            "modified_at": modified.isoformat() + "Z",
        }

    def marketing_row(self, person: Person, second: bool) -> tuple[Any, ...]:
        """One marketing lead (all columns but ``lead_id``); dates as epoch days / microseconds."""
        rng, p, noise = self.rng, self.p, self.noise
        named = rng.random() >= p.marketing_name_missing_rate
        full = named and rng.random() < p.full_name_rate
        draft = self.draft(person, second, honorifics=not full)
        postcode = None if rng.random() < p.marketing_postcode_missing_rate else noise.postcode(draft.address)
        signup_day = rng.randint(_SIGNUP_FROM_DAY, _SIGNUP_TO_DAY)
        updated_seconds = signup_day * 86_400 + rng.randrange((_SIGNUP_TO_DAY - signup_day + 1) * 86_400)
        split = named and not full
        return (
            noise.email(draft.email, p.marketing_email_missing_rate),
            draft.first if split else None,
            draft.last if split else None,
            self._full_name(draft.first.strip(), draft.last.strip()) if full else None,
            noise.phone(person.phone, _PHONE_STYLES["marketing"], p.marketing_phone_missing_rate),
            rng.choice(MARKETING_COUNTRY_NAMES[person.country]),
            postcode,
            self._opt_in(0.6),
            self._opt_in(0.25),
            signup_day,
            updated_seconds * 1_000_000,
        )

    def unidentifiable_contact(self, row: dict[str, Any]) -> dict[str, Any]:
        """A service contact that kept only its given name (a quarantine case)."""
        name = {"given": row["name"]["given"], "family": None}
        return {**row, "name": name, "email": None, "phone": None, "address": None, "dob": None}

    def unidentifiable_lead(self, person: Person, row: tuple[Any, ...]) -> tuple[Any, ...]:
        """A marketing lead with only a placeholder or invalid email (a quarantine case)."""
        rng, values = self.rng, dict(zip(MARKETING_COLUMNS[1:], row, strict=True))
        email = rng.choice(EMAIL_PLACEHOLDERS) if rng.random() < 0.5 else invalid_email(rng, person.emails[0])
        values.update(email=email, fname=None, lname=None, full_name=None, phone=None, postcode=None)
        return tuple(values.values())

    def resent_sales_row(self, person: Person, row: tuple[str | None, ...]) -> tuple[str | None, ...]:
        """The same account sent again with one field changed: a new phone number or the other email."""
        rng, values = self.rng, dict(zip(SALES_COLUMNS[1:], row, strict=True))
        if rng.random() < 0.5:
            phone = self.persons.new_phone(person)
            values["phone"] = format_phone(phone, _pick_style(rng, _PHONE_STYLES["sales"]))
        else:
            other = self.persons.second_email(person)
            values["email"] = other if (values["email"] or "").strip().lower() != other else person.emails[0]
        return tuple(values.values())

    def bad_updated_at(self, row: tuple[str | None, ...]) -> tuple[str | None, ...]:
        """The sales row with an ``updated_at`` no parser accepts (a quarantine case)."""
        values = dict(zip(SALES_COLUMNS[1:], row, strict=True))
        updated = datetime.fromisoformat(values["updated_at"] or "")
        values["updated_at"] = self.rng.choice(UNPARSEABLE_UPDATED_AT).format(
            y=updated.year, m=updated.month, d=updated.day, time=updated.strftime("%H:%M:%S")
        )
        return tuple(values.values())

    def _full_name(self, first: str, last: str) -> str:
        """One full name in one of the ways people and forms write it."""
        kind = self.rng.randrange(5)
        if kind == 0:
            return f"{first} {last}"
        if kind == 1:
            return f"{last}, {first}"
        if kind == 2:
            return f"{last.upper()}, {first}"
        if kind == 3:
            return f"Dr. {first} {last}"
        return f"{first} {last} Jr."

    def _sales_birth_date(self, birth: date) -> str | None:
        """Mostly ISO; or DD/MM/YYYY, YYYYMMDD, the placeholder, an Excel serial, a future or an unparseable date."""
        rng, p = self.rng, self.p
        if rng.random() < p.sales_dob_missing_rate:
            return None
        roll = rng.random()
        if roll < p.dob_placeholder_rate:
            return DOB_PLACEHOLDER
        roll -= p.dob_placeholder_rate
        if roll < p.sales_dob_format_rate:
            return birth.strftime("%d/%m/%Y") if rng.random() < 0.5 else birth.strftime("%Y%m%d")
        roll -= p.sales_dob_format_rate
        if roll < p.dob_excel_serial_rate:
            return str((birth - EXCEL_EPOCH).days)
        roll -= p.dob_excel_serial_rate
        if roll < p.dob_future_rate:
            day = min(birth.day, 28) if birth.month == 2 else birth.day
            return birth.replace(year=birth.year + 100, day=day).isoformat()
        roll -= p.dob_future_rate
        if roll < p.dob_unparseable_rate:
            return rng.choice(UNPARSEABLE_DOBS).format(y=birth.year, d=birth.day)
        return birth.isoformat()

    def _gender(self, gender: str) -> str | None:
        rng = self.rng
        if rng.random() >= self.p.sales_gender_rate:
            return None
        return rng.choice(GENDER_VALUES[gender if rng.random() < 0.85 else ""])

    def _sales_country(self, country: str) -> str:
        if self.rng.random() < self.p.sales_country_variant_rate:
            return self.rng.choice(SALES_COUNTRY_VARIANTS[country])
        return country

    def _national_id(self, national_id: str | None) -> str | None:
        rng, p = self.rng, self.p
        if national_id is None or rng.random() < p.national_id_missing_rate:
            return None
        if rng.random() < p.national_id_format_rate:
            if "-" in national_id:
                return national_id.replace("-", "")
            if national_id[:1].isalpha():
                pairs = (national_id[i : i + 2] for i in range(0, 8, 2))
                return " ".join((*pairs, national_id[8:]))
            return f" {national_id}"
        return national_id

    def _opt_in(self, yes_rate: float) -> str | None:
        rng = self.rng
        if rng.random() < self.p.opt_in_missing_rate:
            return None
        yes, no = rng.choice((("Y", "N"), ("yes", "no"), ("1", "0")))
        return yes if rng.random() < yes_rate else no


def _sources_of(rng: random.Random, population: PopulationProfile) -> list[str]:
    """The sources a person appears in: at least one, and sometimes one of them twice."""
    sources = [source for source, rate in population.source_rates if rng.random() < rate]
    if not sources:
        names, weights = zip(*population.source_rates, strict=True)
        sources = [_Weighted(names, weights).pick(rng)]
    if rng.random() < population.second_record_rate:
        sources.append(rng.choice(sources))
    return sources


def _build_rows(
    rng: random.Random, persons: list[Person], factory: _RecordFactory, population: PopulationProfile
) -> dict[str, _SourceRows]:
    """Draw every source record of every person."""
    rows = {source: _SourceRows() for source in SOURCES}
    builders = {
        "sales": factory.sales_row,
        "service": factory.service_row,
        "marketing": factory.marketing_row,
    }
    for person in persons:
        seen: set[str] = set()
        for source in _sources_of(rng, population):
            target = rows[source]
            target.rows.append(builders[source](person, source in seen))
            target.person_ids.append(person.person_id)
            seen.add(source)
    return rows


def _quarantine_count(rate: float, rows: int) -> int:
    """How many rows of a file get one quarantine case: ceil(rate * rows), never more than the file has."""
    return min(rows, math.ceil(rate * rows))


def _add_quarantine_cases(
    rng: random.Random,
    p: NoiseProfile,
    records: dict[str, list[_Record]],
    factory: _RecordFactory,
    persons: dict[str, Person],
) -> None:
    """Turn a few records of each file into rows the pipeline must reject (in place)."""
    sales = records["sales"]
    rates = (p.sales_missing_key_rate, p.sales_duplicate_key_rate, p.sales_bad_updated_at_rate)
    missing, twice, bad = (_quarantine_count(rate, len(sales)) for rate in rates)
    chosen = rng.sample(range(len(sales)), min(len(sales), missing + twice + bad))  # disjoint rows per case
    missing_key, resent, bad_updated = chosen[:missing], chosen[missing : missing + twice], chosen[missing + twice :]
    for index in missing_key:
        _, person_id, row = sales[index]
        sales[index] = ("", person_id, row)
    for index in bad_updated:
        record_id, person_id, row = sales[index]
        sales[index] = (record_id, person_id, factory.bad_updated_at(row))
    copies: dict[int, list[_Record]] = {}
    for index in sorted(resent):
        record_id, person_id, row = sales[index]
        copy = (record_id, person_id, factory.resent_sales_row(persons[person_id], row))
        copies.setdefault(rng.randint(index + 1, len(sales)), []).append(copy)
    if copies:
        with_copies: list[_Record] = []
        for position, record in enumerate(sales):
            with_copies.extend(copies.get(position, ()))
            with_copies.append(record)
        with_copies.extend(copies.get(len(sales), ()))
        records["sales"] = with_copies

    service = records["service"]
    for index in rng.sample(range(len(service)), _quarantine_count(p.service_unidentifiable_rate, len(service))):
        record_id, person_id, row = service[index]
        service[index] = (record_id, person_id, factory.unidentifiable_contact(row))
    marketing = records["marketing"]
    for index in rng.sample(range(len(marketing)), _quarantine_count(p.marketing_unidentifiable_rate, len(marketing))):
        record_id, person_id, row = marketing[index]
        marketing[index] = (record_id, person_id, factory.unidentifiable_lead(persons[person_id], row))


def _shuffled_with_ids(rng: random.Random, source: str, rows: _SourceRows) -> list[tuple[str, str, Any]]:
    """Shuffle a source's rows and give them primary keys: ``(record_id, person_id, row)``."""
    order = list(range(len(rows.rows)))
    rng.shuffle(order)
    result = []
    next_contact = 100_000 + rng.randrange(1_000)
    for position, index in enumerate(order, start=1):
        if source == "sales":
            record_id = f"A{position:07d}"
        elif source == "service":
            next_contact += rng.randint(1, 3)
            record_id = str(next_contact)
        else:
            record_id = f"L-{position:07d}"
        result.append((record_id, rows.person_ids[index], rows.rows[index]))
    return result


# --------------------------------------------------------------------------------------------------
# Writers
# --------------------------------------------------------------------------------------------------


def _write_sales(path: Path, records: Iterable[tuple[str, str, tuple[str | None, ...]]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(SALES_COLUMNS)
        for record_id, _, row in records:
            writer.writerow((record_id, *("" if value is None else value for value in row)))


def _write_service(path: Path, records: Iterable[tuple[str, str, dict[str, Any]]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        for record_id, _, row in records:
            handle.write(json.dumps({"contact_id": int(record_id), **row}, ensure_ascii=False))
            handle.write("\n")


def _write_marketing(path: Path, records: list[tuple[str, str, tuple[Any, ...]]]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    width = len(MARKETING_COLUMNS) - 1
    columns = list(zip(*(row for _, _, row in records), strict=True)) if records else [()] * width
    string_names = MARKETING_COLUMNS[1:-2]
    arrays = [pa.array([record_id for record_id, _, _ in records], pa.string())]
    arrays += [pa.array(values, pa.string()) for values in columns[:-2]]
    arrays.append(pa.array(columns[-2], pa.int32()).cast(pa.date32()))
    arrays.append(pa.array(columns[-1], pa.int64()).cast(pa.timestamp("us")))
    schema = pa.schema(
        [pa.field("lead_id", pa.string(), nullable=False)]
        + [pa.field(name, pa.string()) for name in string_names]
        + [pa.field("signup_date", pa.date32()), pa.field("updated_at", pa.timestamp("us"))]
    )
    pq.write_table(pa.Table.from_arrays(arrays, schema=schema), path)


def _write_truth(path: Path, records: dict[str, list[tuple[str, str, Any]]]) -> None:
    """One row per identifiable record: no empty keys, and a key sent twice (same person) only once."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(TRUTH_COLUMNS)
        for source in SOURCES:
            seen: set[str] = set()
            for record_id, person_id, _ in records[source]:
                if record_id and record_id not in seen:
                    seen.add(record_id)
                    writer.writerow((source, record_id, person_id))


# --------------------------------------------------------------------------------------------------
# Entry points
# --------------------------------------------------------------------------------------------------


@dataclass
class GenerationSummary:
    """What one generation run wrote."""

    persons: int
    sales_records: int
    service_records: int
    marketing_records: int
    paths: list[Path]

    @property
    def total_records(self) -> int:
        """Records over all three sources."""
        return self.sales_records + self.service_records + self.marketing_records

    @property
    def records_per_person(self) -> float:
        """Average number of source records per person."""
        return self.total_records / self.persons if self.persons else 0.0


def generate(
    customers: int,
    seed: int,
    out: Path,
    *,
    noise: NoiseProfile | None = None,
    population: PopulationProfile | None = None,
) -> GenerationSummary:
    """Generate ``customers`` persons and their dirty source records into ``out``.

    The same ``customers``, ``seed`` and profiles always give the same file contents.
    """
    if customers < 1:
        raise ValueError(f"customers must be at least 1, got {customers}")
    noise = noise or NoiseProfile()
    population = population or PopulationProfile()
    rng = random.Random(seed)
    person_factory = _PersonFactory(rng, population)
    persons = person_factory.population_of(customers)
    factory = _RecordFactory(rng, noise, person_factory)
    rows = _build_rows(rng, persons, factory, population)
    records = {source: _shuffled_with_ids(rng, source, rows[source]) for source in SOURCES}
    _add_quarantine_cases(rng, noise, records, factory, {person.person_id: person for person in persons})
    paths = _write_all(Path(out), records)
    return GenerationSummary(
        persons=len(persons),
        sales_records=len(records["sales"]),
        service_records=len(records["service"]),
        marketing_records=len(records["marketing"]),
        paths=paths,
    )


def _write_all(out: Path, records: dict[str, list[tuple[str, str, Any]]]) -> list[Path]:
    """Write the three source files and the truth file; return their paths."""
    paths = [out / "sales/accounts.csv", out / "service/contacts.jsonl", out / "marketing/leads.parquet"]
    for path in paths:
        path.parent.mkdir(parents=True, exist_ok=True)
    _write_sales(paths[0], records["sales"])
    _write_service(paths[1], records["service"])
    _write_marketing(paths[2], records["marketing"])
    truth = out / "truth.csv"
    _write_truth(truth, records)
    return [*paths, truth]


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python -m syncctl.demo_data --customers N --seed S --out DIR``."""
    parser = argparse.ArgumentParser(description="Generate messy demo customer data and its ground truth.")
    parser.add_argument("--customers", type=int, default=1000, help="number of persons (default 1000)")
    parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    parser.add_argument("--out", type=Path, default=Path("demo"), help="output directory (default demo)")
    args = parser.parse_args(argv)
    if args.customers < 1:
        parser.error("--customers must be at least 1")
    started = time.perf_counter()
    summary = generate(args.customers, args.seed, args.out)
    elapsed = time.perf_counter() - started
    print(
        f"{summary.persons} persons, {summary.total_records} records "
        f"({summary.records_per_person:.2f} per person): sales {summary.sales_records}, "
        f"service {summary.service_records}, marketing {summary.marketing_records} in {elapsed:.1f} s"
    )
    for path in summary.paths:
        print(f"  {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
