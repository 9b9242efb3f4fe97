"""The canonical customer schema every source is mapped onto.

This is the single definition: config validation uses it, and it is passed to dbt as a var so the
staging macro emits the same columns, in the same order, for every source. `full_name` is an input
only: the cleansing layer splits it into first and last name when those are missing.
"""

from __future__ import annotations

# canonical column -> the type the cleansing layer converts it to (staging keeps every column as text,
# so a value that does not convert can be reported with its original text)
CANONICAL_COLUMNS: dict[str, str] = {
    "first_name": "varchar",
    "last_name": "varchar",
    "full_name": "varchar",
    "gender": "varchar",
    "email": "varchar",
    "phone": "varchar",
    "date_of_birth": "date",
    "address_line1": "varchar",
    "address_line2": "varchar",
    "city": "varchar",
    "postcode": "varchar",
    "region": "varchar",
    "country": "varchar",
    "company": "varchar",
    "national_id": "varchar",
    "email_opt_in": "varchar",
    "sms_opt_in": "varchar",
    "updated_at": "timestamp",
}

# columns syncctl adds to every raw table; a source file may not use these names
LANDING_COLUMNS: tuple[str, ...] = ("_batch_id", "_source_file", "_row_number", "_loaded_at")

# the fields of the golden record (customers) and of the export, in output order
GOLDEN_COLUMNS: tuple[str, ...] = (
    "first_name",
    "last_name",
    "gender",
    "email",
    "phone",
    "date_of_birth",
    "company",
    "national_id",
    "address_line1",
    "address_line2",
    "city",
    "postcode",
    "region",
    "country",
    "email_opt_in",
    "sms_opt_in",
)
