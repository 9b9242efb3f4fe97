"""Tests for the demo data generator: shape, determinism, readability and matchability."""

from __future__ import annotations

import csv
import dataclasses
import itertools
import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb
import phonenumbers
import pyarrow.parquet as pq
import pytest

from syncctl.demo_data import (
    EMAIL_PLACEHOLDERS,
    EXCEL_EPOCH,
    MARKETING_COLUMNS,
    PHONE_PLACEHOLDERS,
    SALES_COLUMNS,
    GenerationSummary,
    NoiseProfile,
    generate,
    main,
)

CUSTOMERS = 1000
SEED = 42
COUNTRY_ALIASES = {
    "us": "US", "usa": "US", "u.s.": "US", "united states": "US",
    "gb": "GB", "uk": "GB", "united kingdom": "GB", "great britain": "GB",
    "de": "DE", "germany": "DE", "deutschland": "DE",
    "fr": "FR", "france": "FR",
    "gbr": "GB", "deu": "DE", "fra": "FR",
}  # fmt: skip
EMAIL_PATTERN = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
# Titles and suffixes that are not part of a name (compared lower case, without dots).
HONORIFIC_TOKENS = {"mr", "mrs", "ms", "miss", "dr", "prof", "herr", "frau", "jr", "sr", "ii", "iii", "phd", "md"}
EXTENSION = re.compile(r"\s*(?:ext\.?|x)\s*\d+\s*$", re.IGNORECASE)
TruthRows = list[dict[str, str]]
Generated = tuple[GenerationSummary, Path]


@dataclass(frozen=True)
class Record:
    """The fields of one source record that the simple matcher looks at."""

    source: str
    record_id: str
    first_name: str | None
    last_name: str | None
    full_name: str | None
    email: str | None
    phone: str | None
    birth_date: str | None
    postcode: str | None
    country: str | None


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    out = tmp_path_factory.mktemp("demo")
    return generate(CUSTOMERS, SEED, out), out


@pytest.fixture(scope="module")
def records(generated: Generated) -> list[Record]:
    return list(load_records(generated[1]))


@pytest.fixture(scope="module")
def truth(generated: Generated) -> TruthRows:
    with (generated[1] / "truth.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def sales_rows(generated: Generated) -> list[dict[str, str]]:
    with (generated[1] / "sales/accounts.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def service_rows(generated: Generated) -> list[dict]:
    with (generated[1] / "service/contacts.jsonl").open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


@pytest.fixture(scope="module")
def marketing_rows(generated: Generated) -> list[dict]:
    return pq.read_table(generated[1] / "marketing/leads.parquet").to_pylist()


# --- loading -------------------------------------------------------------------------------------


def load_records(out: Path) -> Iterator[Record]:
    """Read the three source files into :class:`Record` (empty CSV strings become None)."""
    with (out / "sales/accounts.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            clean = {key: value or None for key, value in row.items()}
            yield Record(
                "sales", row["account_id"], clean["first_name"], clean["last_name"], None, clean["email"],
                clean["phone"], clean["birth_date"], clean["billing_postcode"],
                COUNTRY_ALIASES.get(row["billing_country"].lower(), row["billing_country"]),
            )  # fmt: skip
    with (out / "service/contacts.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            postcode = row["address"].rsplit(",", 1)[-1] if row["address"] else None
            yield Record(
                "service", str(row["contact_id"]), row["name"]["given"], row["name"]["family"], None,
                row["email"], row["phone"], row["dob"], postcode,
                COUNTRY_ALIASES.get(row["country"].lower(), row["country"]),
            )  # fmt: skip
    for row in pq.read_table(out / "marketing/leads.parquet").to_pylist():
        yield Record(
            "marketing", row["lead_id"], row["fname"], row["lname"], row["full_name"], row["email"],
            row["phone"], None, row["postcode"], COUNTRY_ALIASES[row["country"].lower()],
        )  # fmt: skip


# --- the simple deterministic matcher -----------------------------------------------------------


def clean_text(value: str) -> str:
    """NFKC (fullwidth letters, no-break spaces), then without control and format characters (tab, U+200B)."""
    return "".join(c for c in unicodedata.normalize("NFKC", value) if unicodedata.category(c) not in ("Cc", "Cf"))


def is_honorific(token: str) -> bool:
    return token.lower().strip(".,") in HONORIFIC_TOKENS


def norm_text(value: str | None) -> str | None:
    """Clean, drop accents and case, collapse whitespace, drop titles and suffixes ("Dr", "Jr.", "PhD")."""
    if value is None:
        return None
    folded = "".join(c for c in unicodedata.normalize("NFKD", clean_text(value)) if not unicodedata.combining(c))
    text = " ".join(token for token in folded.lower().split() if not is_honorific(token))
    return text or None


def split_full_name(value: str | None) -> tuple[str | None, str | None]:
    """(first, last) of "John Smith", "Smith, John", "SMITH, John", "Dr. John Smith", "John Smith Jr."."""
    text = clean_text(value or "")
    if "," in text:
        last, first = text.split(",", 1)
        return first, last
    tokens = [token for token in text.split() if not is_honorific(token)]
    return (tokens[0], " ".join(tokens[1:])) if len(tokens) > 1 else (None, None)


def norm_email(value: str | None) -> str | None:
    email = (value or "").strip().lower()
    if not EMAIL_PATTERN.fullmatch(email) or email in EMAIL_PLACEHOLDERS:
        return None
    return email


def norm_phone(value: str | None) -> str | None:
    digits = re.sub(r"\D", "", EXTENSION.sub("", value or ""))
    if len(digits) < 9 or len(set(digits)) == 1:
        return None
    return digits[-9:]


def parse_dob(value: str | None) -> date | None:
    """ISO, DD/MM/YYYY, YYYYMMDD or an Excel serial number ("32874"); None if it is none of them."""
    text = (value or "").strip()
    if re.fullmatch(r"\d{5}", text):
        return EXCEL_EPOCH + timedelta(days=int(text))
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%Y%m%d"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def norm_dob(value: str | None) -> str | None:
    """The parsed date, without the 1900-01-01 placeholder and impossible (future) dates."""
    parsed = parse_dob(value)
    if parsed is None or parsed == date(1900, 1, 1) or parsed > date.today():
        return None
    return parsed.isoformat()


def norm_postcode(value: str | None, country: str | None = None) -> str | None:
    code = re.sub(r"[^0-9A-Z]", "", clean_text(value or "").upper())
    if code.isdigit() and len(code) > 5:
        code = code[:5]  # ZIP+4
    if country in ("DE", "FR") and code.isdigit() and len(code) == 4:
        code = "0" + code  # the leading zero a spreadsheet dropped
    return code or None


def match_keys(record: Record) -> list[tuple[str, ...]]:
    """Exact email, phone last 9 digits, last name + first initial + (dob | postcode)."""
    keys: list[tuple[str, ...]] = []
    if email := norm_email(record.email):
        keys.append(("email", email))
    if phone := norm_phone(record.phone):
        keys.append(("phone", phone))
    first_name, last_name = record.first_name, record.last_name
    if first_name is None and last_name is None:
        first_name, last_name = split_full_name(record.full_name)
    last, first = norm_text(last_name), norm_text(first_name)
    if last and first:
        if dob := norm_dob(record.birth_date):
            keys.append(("name_dob", last, first[0], dob))
        if postcode := norm_postcode(record.postcode, record.country):
            keys.append(("name_postcode", last, first[0], postcode))
    return keys


class UnionFind:
    """Connected components over record ids."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, item: str) -> str:
        self.parent.setdefault(item, item)
        root = item
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[item] != root:
            self.parent[item], item = root, self.parent[item]
        return root

    def union(self, left: str, right: str) -> None:
        self.parent[self.find(left)] = self.find(right)


def pairwise_precision_recall(records: list[Record], person_of: dict[str, str]) -> tuple[float, float]:
    """Cluster records on shared match keys and score the clusters' record pairs against the truth.

    Records without a key are not in the truth (they cannot be identified) and are left out; a key sent twice
    is one node.
    """
    components = UnionFind()
    first_with_key: dict[tuple[str, ...], str] = {}
    for record in records:
        node = f"{record.source}:{record.record_id}"
        if node not in person_of:
            continue
        components.find(node)
        for key in match_keys(record):
            components.union(node, first_with_key.setdefault(key, node))
    clusters: dict[str, list[str]] = defaultdict(list)
    for node in components.parent:
        clusters[components.find(node)].append(node)
    predicted = true_positive = 0
    for members in clusters.values():
        for left, right in itertools.combinations(members, 2):
            predicted += 1
            true_positive += person_of[left] == person_of[right]
    actual = sum(n * (n - 1) // 2 for n in Counter(person_of.values()).values())
    return true_positive / predicted, true_positive / actual


def count_rows(con: duckdb.DuckDBPyConnection, reader: str) -> int:
    row = con.execute(f"select count(*) from {reader}").fetchone()
    assert row is not None
    return int(row[0])


def column_types(con: duckdb.DuckDBPyConnection, reader: str) -> dict[str, str]:
    return {row[0]: row[1] for row in con.execute(f"describe select * from {reader}").fetchall()}


# --- tests ---------------------------------------------------------------------------------------


def test_summary_counts_match_the_files(generated: Generated, records: list[Record]) -> None:
    summary, out = generated
    counts = Counter(record.source for record in records)
    assert counts == {
        "sales": summary.sales_records,
        "service": summary.service_records,
        "marketing": summary.marketing_records,
    }
    assert summary.persons == CUSTOMERS
    assert [path.relative_to(out).as_posix() for path in summary.paths] == [
        "sales/accounts.csv",
        "service/contacts.jsonl",
        "marketing/leads.parquet",
        "truth.csv",
    ]


def test_records_per_person_in_target_range(generated: Generated) -> None:
    assert 2.2 <= generated[0].records_per_person <= 2.8


def test_truth_covers_every_record_with_a_key_exactly_once(records: list[Record], truth: TruthRows) -> None:
    truth_keys = Counter((row["source"], row["source_record_id"]) for row in truth)
    assert max(truth_keys.values()) == 1
    assert set(truth_keys) == {(record.source, record.record_id) for record in records if record.record_id}
    without_key = sum(not record.record_id for record in records)
    assert CUSTOMERS - without_key <= len({row["person_id"] for row in truth}) <= CUSTOMERS


def test_primary_keys_unique_per_source_but_the_resent_sales_accounts(records: list[Record]) -> None:
    for source in ("sales", "service", "marketing"):
        ids = Counter(record.record_id for record in records if record.source == source and record.record_id)
        assert max(ids.values()) == (2 if source == "sales" else 1), source
        if source == "sales":
            assert sum(count == 2 for count in ids.values()) <= 0.005 * len(ids)


def test_primary_key_formats(records: list[Record]) -> None:
    patterns = {"sales": r"(A\d{7})?", "service": r"\d+", "marketing": r"L-\d{7}"}
    for record in records:
        assert re.fullmatch(patterns[record.source], record.record_id), record


def test_same_arguments_give_same_files(tmp_path: Path) -> None:
    first, second, other = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    generate(300, 7, first)
    generate(300, 7, second)
    generate(300, 8, other)
    for name in ("sales/accounts.csv", "service/contacts.jsonl", "truth.csv"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
        assert (first / name).read_bytes() != (other / name).read_bytes(), name
    leads = "marketing/leads.parquet"
    assert pq.read_table(first / leads).equals(pq.read_table(second / leads))
    assert not pq.read_table(first / leads).equals(pq.read_table(other / leads))


def test_the_shipped_demo_data_is_what_the_generator_writes(tmp_path: Path) -> None:
    shipped = Path(__file__).resolve().parents[2] / "demo"
    generate(1000, 42, tmp_path)
    for name in ("sales/accounts.csv", "service/contacts.jsonl", "truth.csv"):
        assert (tmp_path / name).read_bytes() == (shipped / name).read_bytes(), name
    leads = "marketing/leads.parquet"
    assert pq.read_table(tmp_path / leads).equals(pq.read_table(shipped / leads))


def test_duckdb_reads_all_three_files(generated: Generated) -> None:
    summary, out = generated
    con = duckdb.connect()
    readers = {
        "sales": f"read_csv('{out / 'sales/accounts.csv'}', header = true, all_varchar = true)",
        "service": f"read_json('{out / 'service/contacts.jsonl'}', format = 'newline_delimited')",
        "marketing": f"read_parquet('{out / 'marketing/leads.parquet'}')",
    }
    counts = {source: count_rows(con, reader) for source, reader in readers.items()}
    assert counts == {
        "sales": summary.sales_records,
        "service": summary.service_records,
        "marketing": summary.marketing_records,
    }
    assert tuple(column_types(con, readers["sales"])) == SALES_COLUMNS
    assert tuple(column_types(con, readers["marketing"])) == MARKETING_COLUMNS
    service_types = column_types(con, readers["service"])
    assert service_types["contact_id"] == "BIGINT"
    assert service_types["name"].startswith("STRUCT")
    marketing_types = column_types(con, readers["marketing"])
    assert marketing_types["signup_date"] == "DATE"
    assert marketing_types["updated_at"] == "TIMESTAMP"


def is_valid_phone(phone: str, country: str | None) -> bool:
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(phone, country))
    except phonenumbers.NumberParseException:
        return False


def test_sampled_phones_are_valid_for_their_country_but_a_few(records: list[Record]) -> None:
    sample = [r for r in records if r.phone and r.phone not in PHONE_PLACEHOLDERS][::3]
    assert len(sample) > 300
    invalid = [(record.phone, record.country) for record in sample if not is_valid_phone(record.phone, record.country)]
    assert len(invalid) <= 0.02 * len(sample), invalid


def test_noise_is_present(records: list[Record]) -> None:
    sales = [record for record in records if record.source == "sales"]
    iso_date = re.compile(r"\d{4}-\d{2}-\d{2}")
    assert any(record.birth_date and not iso_date.fullmatch(record.birth_date) for record in sales)
    assert any(record.email and not EMAIL_PATTERN.fullmatch(record.email.strip()) for record in records)
    assert any(record.first_name and record.first_name.isupper() for record in records)
    assert any(record.first_name in ("Bob", "Bill", "Mike", "Jim", "Tom", "Dan", "Joe") for record in records)
    assert sum(record.email is None for record in records) > 0.04 * len(records)


def test_zero_noise_gives_clean_emails_and_names(tmp_path: Path) -> None:
    no_noise = NoiseProfile(**{f.name: 0.0 for f in dataclasses.fields(NoiseProfile)})
    generate(200, 3, tmp_path, noise=no_noise)
    clean = list(load_records(tmp_path))
    assert all(record.email and EMAIL_PATTERN.fullmatch(record.email) for record in clean)
    assert all(record.first_name == (record.first_name or "").strip() for record in clean)
    assert all(norm_dob(record.birth_date) for record in clean if record.source != "marketing")


def test_every_quarantine_case_is_present(
    sales_rows: list[dict[str, str]], service_rows: list[dict], marketing_rows: list[dict]
) -> None:
    assert sum(not row["account_id"] for row in sales_rows) >= 1
    by_id: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in sales_rows:
        by_id[row["account_id"]].append(row)
    resent = [rows for account_id, rows in by_id.items() if account_id and len(rows) == 2]
    assert resent
    for first, second in resent:
        assert [column for column in SALES_COLUMNS if first[column] != second[column]] in (["phone"], ["email"])
    assert sum(not is_timestamp(row["updated_at"]) for row in sales_rows) >= 1

    given_name_only = [
        row
        for row in service_rows
        if row["name"]["given"]
        and not any((row["name"]["family"], row["email"], row["phone"], row["dob"], row["address"]))
    ]
    assert given_name_only

    unusable_email_only = [
        row
        for row in marketing_rows
        if (row["email"] in EMAIL_PLACEHOLDERS or not EMAIL_PATTERN.fullmatch(row["email"] or ""))
        and not any(row[column] for column in ("fname", "lname", "full_name", "phone", "postcode"))
    ]
    assert unusable_email_only


def is_timestamp(value: str) -> bool:
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def text_values(sales_rows: list[dict[str, str]], service_rows: list[dict], marketing_rows: list[dict]) -> list[str]:
    """Every string value of the three files."""
    values = [value for row in sales_rows for value in row.values()]
    for row in service_rows:
        values += [value for value in (*row["name"].values(), *row.values()) if isinstance(value, str)]
    values += [value for row in marketing_rows for value in row.values() if isinstance(value, str)]
    return values


def test_every_kind_of_unicode_dirt_is_present(
    generated: Generated, sales_rows: list[dict[str, str]], service_rows: list[dict], marketing_rows: list[dict]
) -> None:
    values = text_values(sales_rows, service_rows, marketing_rows)
    kinds = {
        "no-break space": lambda value: "\u00a0" in value,
        "zero-width space": lambda value: "\u200b" in value,
        "fullwidth letter": lambda value: any("\uff21" <= char <= "\uff5a" for char in value),
        "tab": lambda value: "\t" in value,
        "bell": lambda value: "\x07" in value,
    }
    counts = {kind: sum(map(test, values)) for kind, test in kinds.items()}
    assert all(count >= 2 for count in counts.values()), counts
    assert sum(counts.values()) <= 0.01 * len(values), counts
    assert not any("\x00" in value for value in values)
    for name in ("sales/accounts.csv", "service/contacts.jsonl"):
        assert b"\x00" not in (generated[1] / name).read_bytes()


def test_every_kind_of_cleansing_dirt_is_present(
    sales_rows: list[dict[str, str]], service_rows: list[dict], marketing_rows: list[dict]
) -> None:
    full_names = [row["full_name"] for row in marketing_rows if row["full_name"]]
    assert all(row["fname"] is None and row["lname"] is None for row in marketing_rows if row["full_name"])
    assert 0.05 <= len(full_names) / len(marketing_rows) <= 0.11
    assert any(re.fullmatch(r"[^,]+, [^,]+", name) for name in full_names)
    assert any(name.startswith("Dr. ") for name in full_names)
    assert any(name.endswith(" Jr.") for name in full_names)
    names = [row[column] for row in sales_rows for column in ("first_name", "last_name")]
    names += [row["name"][part] for row in service_rows for part in ("given", "family")]
    assert sum(any(is_honorific(token) for token in (name or "").split()) for name in names) >= 10

    dobs = [row["birth_date"] for row in sales_rows if row["birth_date"]]
    assert any(re.fullmatch(r"\d{2}/\d{2}/\d{4}", dob) for dob in dobs)
    assert any(re.fullmatch(r"\d{8}", dob) for dob in dobs)
    assert any(re.fullmatch(r"\d{5}", dob) for dob in dobs)
    assert any((parsed := parse_dob(dob)) and parsed > date.today() for dob in dobs)
    assert any(parse_dob(dob) is None for dob in dobs)
    assert "1900-01-01" in dobs

    countries = Counter(row["country"] for row in service_rows)
    assert any(country.islower() or len(country) == 3 for country in countries)
    postcodes = [(row["billing_postcode"], row["billing_country"].upper()) for row in sales_rows]
    assert any(
        re.fullmatch(r"\d{4}", code) and country in ("DE", "GERMANY", "FR", "FRANCE") for code, country in postcodes
    )
    assert any(re.fullmatch(r"\d{5}-\d{4}", code) for code, _ in postcodes)
    assert any(re.fullmatch(r"[a-z0-9]+ ?[0-9][a-z]{2}", code) for code, _ in postcodes)

    phones = [row["phone"] for row in sales_rows if row["phone"]] + [
        row["phone"] for row in service_rows if row["phone"]
    ]
    assert any(" ext. " in phone for phone in phones)
    assert any(re.match(r"00(44|49|33) ", phone) for phone in phones)
    assert any("(0)" in phone for phone in phones)
    assert any(re.fullmatch(r"\d{3}-\d{2}", phone) for phone in phones)  # "555-01", a fragment

    genders = Counter(row["gender"] for row in sales_rows)
    assert 0.01 <= 1 - genders[""] / len(sales_rows) <= 0.04
    assert {"F", "m", "x"} & set(genders)


def test_simple_matcher_reaches_precision_and_recall(records: list[Record], truth: TruthRows) -> None:
    person_of = {f"{row['source']}:{row['source_record_id']}": row["person_id"] for row in truth}
    precision, recall = pairwise_precision_recall(records, person_of)
    print(f"simple matcher: precision {precision:.3f}, recall {recall:.3f}")
    assert precision >= 0.95
    assert recall >= 0.80


def test_command_line_writes_the_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--customers", "20", "--seed", "1", "--out", str(tmp_path)]) == 0
    assert "20 persons" in capsys.readouterr().out
    assert (tmp_path / "marketing/leads.parquet").exists()
    header = (tmp_path / "truth.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == "source,source_record_id,person_id"
