"""The canonical customer schema every source is mapped onto.

This is the single definition: config validation uses it, and it is passed to dbt as a var so the
staging macro casts each column the same way for every source.
"""

from __future__ import annotations

# canonical column -> DuckDB type the staging layer casts it to
CANONICAL_COLUMNS: dict[str, str] = {
    "first_name": "varchar",
    "last_name": "varchar",
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
