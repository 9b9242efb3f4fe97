"""End to end on the shipped demo data: land, dbt build, export; nothing lost; good clusters."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from syncctl.evaluate import pairwise_scores
from syncctl.project import Project
from tests.conftest import DEMO_DIR, read_rows

pytestmark = pytest.mark.integration


def query(project: Project, sql: str) -> list[tuple]:
    with duckdb.connect(str(project.database_path), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_summary_counts_every_source(demo_build):
    project, summary = demo_build
    landed = dict(query(project, "select source, sum(row_count) from syncctl_state.landed_files group by 1"))

    assert summary.landed_rows == landed
    assert set(landed) == {"sales", "service", "marketing"}
    assert 2000 <= sum(landed.values()) <= 3000
    assert sum(summary.rejected.values()) > 0
    assert summary.customers == query(project, "select count(*) from customers")[0][0]
    [export] = summary.exports
    assert export.inserts == summary.customers
    assert (export.updates, export.deletes) == (0, 0)


def test_every_landed_record_is_in_xref_once_or_rejected(demo_build):
    project, _ = demo_build
    misplaced = query(
        project,
        """
        with landed as (
            select 'sales' as source, account_id as id from raw.sales where account_id is not null
            union select 'service', contact_id from raw.service where contact_id is not null
            union select 'marketing', lead_id from raw.marketing where lead_id is not null
        ),
        placed as (
            select source, source_record_id as id, 'xref' as place from customer_xref
            union all
            select distinct source, source_record_id, 'rejects' from customer_rejects
            where source_record_id is not null
        )
        select landed.source, landed.id, count(placed.place) as places
        from landed left join placed on landed.source = placed.source and landed.id = placed.id
        group by all
        having count(placed.place) <> 1
        """,
    )
    [(rows_without_key, rejected_without_key)] = query(
        project,
        """
        select
            (select count(*) from raw.sales where account_id is null or trim(account_id) = ''),
            (select count(*) from customer_rejects where reject_reason = 'missing_primary_key')
        """,
    )

    assert misplaced == []
    assert rows_without_key == rejected_without_key > 0


def test_rejects_have_a_reason_and_point_at_the_row(demo_build):
    project, _ = demo_build
    rows = query(project, "select reject_reason, source_file, source_row_number from customer_rejects")

    assert all(reason and Path(file).exists() and row >= 1 for reason, file, row in rows)


def test_customers_has_one_row_per_id_and_every_xref_row_points_at_one(demo_build):
    project, _ = demo_build

    assert query(project, "select count(*) - count(distinct customer_id) from customers") == [(0,)]
    assert query(
        project,
        "select count(*) from customer_xref x left join customers c using (customer_id) where c.customer_id is null",
    ) == [(0,)]
    assert query(project, "select sum(source_record_count) = (select count(*) from customer_xref) from customers") == [
        (True,)
    ]


def test_clustering_quality_on_the_demo_ground_truth(demo_build):
    project, _ = demo_build
    with duckdb.connect(str(project.database_path), read_only=True) as con:
        scores = pairwise_scores(con, DEMO_DIR / "truth.csv")

    assert scores.records_compared > 2000
    assert scores.precision >= 0.98, scores
    assert scores.recall >= 0.90, scores


def test_golden_email_comes_from_the_most_recently_updated_member(demo_build):
    project, _ = demo_build
    [(checked, wrong)] = query(
        project,
        """
        with members as (
            select x.customer_id, r.email, r.updated_at,
                max(r.updated_at) over (partition by x.customer_id) as latest,
                count(*) over (partition by x.customer_id, r.updated_at) as same_time
            from customer_xref x
            join intermediate.int_source_records_validated r using (source_record_key)
            where r.email is not null and r.updated_at is not null
        )
        select count(*), count(*) filter (where members.email <> customers.email)
        from members join customers using (customer_id)
        where members.updated_at = members.latest and members.same_time = 1
        """,
    )

    assert checked > 500
    assert wrong == 0


def test_lineage_names_a_member_record_that_holds_each_golden_value(demo_build):
    project, _ = demo_build
    [(fields, named, wrong)] = query(
        project,
        """
        select
            count(*),
            count(lineage.source_record_id),
            count(*) filter (
                where lineage.value is not null and (
                    xref.customer_id is distinct from lineage.customer_id
                    or lineage.value is distinct from case lineage.field
                        when 'email' then records.email
                        when 'last_name' then records.last_name
                        when 'postcode' then records.postcode
                        when 'date_of_birth' then cast(records.date_of_birth as varchar)
                    end
                )
            )
        from customer_field_lineage as lineage
        left join intermediate.int_source_records_validated as records
            on lineage.landed_row_id = records.landed_row_id
        left join customer_xref as xref
            on records.source_record_key = xref.source_record_key
        where lineage.field in ('email', 'last_name', 'postcode', 'date_of_birth')
        """,
    )
    [(customers,)] = query(project, "select count(*) from customers")

    assert fields == 4 * customers
    assert named > 2 * customers
    assert wrong == 0


def test_export_files_match_the_manifest(demo_build):
    _, summary = demo_build
    [export] = summary.exports
    folder = Path(export.location)
    manifest = json.loads((folder / "manifest.json").read_text())

    assert manifest["run_id"] == summary.run_id
    assert manifest["counts"] == {"insert": export.inserts, "update": 0, "delete": 0}
    [upserts] = read_rows(f"select count(*), count(distinct customer_id) from '{folder / 'upserts.csv'}'")
    assert upserts == (export.inserts, export.inserts)


def test_the_demo_rejects_are_the_expected_ones(demo_build):
    """The generator plants each kind of unusable row; each is rejected under its own rule."""
    project, _ = demo_build
    reasons = dict(query(project, "select reject_reason, count(*) from customer_rejects group by 1"))
    by_source = set(query(project, "select distinct source, reject_reason from customer_rejects"))

    assert set(reasons) == {"missing_primary_key", "duplicate_primary_key", "uncastable_value", "no_identifying_fields"}
    assert {
        ("sales", "missing_primary_key"),
        ("sales", "duplicate_primary_key"),
        ("sales", "uncastable_value"),
    } <= by_source
    assert {("service", "no_identifying_fields"), ("marketing", "no_identifying_fields")} <= by_source
    duplicates = query(
        project,
        "select source_record_id, count(*) from customer_rejects "
        "where reject_reason = 'duplicate_primary_key' group by 1",
    )
    assert duplicates and all(count == 2 for _, count in duplicates)
    uncastable = query(
        project,
        "select rejected_field, rejected_value, raw_record from customer_rejects "
        "where reject_reason = 'uncastable_value'",
    )
    for field, value, raw_record in uncastable:
        assert field in ("date_of_birth", "updated_at")
        assert value in json.loads(raw_record).values()


def test_cleansing_flags_what_it_nulls(demo_build):
    project, _ = demo_build
    issues = set(query(project, "select field, issue from source_field_issues"))

    assert {
        ("email", "invalid"),
        ("email", "placeholder"),
        ("phone", "invalid"),
        ("phone", "placeholder"),
        ("date_of_birth", "impossible"),
    } <= issues
    [(leaked,)] = query(
        project,
        """
        select count(*) from customers
        where email in (select value from placeholder_values where field in ('*', 'email'))
            or phone not like '+%'
            or date_of_birth > current_date or date_of_birth <= date '1900-01-01'
        """,
    )
    assert leaked == 0


def test_golden_records_are_clean(demo_build):
    project, _ = demo_build
    [(customers, bad_country, bad_email, bad_phone)] = query(
        project,
        """
        select count(*),
            count(*) filter (where country is not null and not regexp_full_match(country, '[A-Z]{2}')),
            count(*) filter (where email is not null and email <> lower(email)),
            count(*) filter (where phone is not null and not regexp_full_match(phone, '\\+[1-9][0-9]{6,14}'))
        from customers
        """,
    )

    assert customers > 900
    assert (bad_country, bad_email, bad_phone) == (0, 0, 0)


def test_the_build_logs_no_dbt_warning(demo_build):
    """A warning on every build (a deprecated property, an ignored config) teaches users to skip warnings."""
    project, _ = demo_build
    log = (project.log_path / "dbt.log").read_text(encoding="utf-8")
    warnings = [line for line in log.splitlines() if "[warn ]" in line]

    assert "Completed successfully" in log
    assert warnings == []


def test_landed_text_is_stored_uncompressed_and_the_models_text_as_zstd(demo_build):
    """syncctl's own connections leave text uncompressed (syncctl.database.UNCOMPRESSED_TEXT_METHODS);
    dbt's models store it as zstd (the embedded profile)."""
    project, _ = demo_build

    def text_compression(table: str) -> set[str]:
        rows = query(
            project, f"select distinct compression from pragma_storage_info('{table}') where segment_type = 'VARCHAR'"
        )
        return {compression for (compression,) in rows}

    for source in ("sales", "service", "marketing"):
        assert text_compression(f"raw.{source}") == {"Uncompressed"}
    assert text_compression("intermediate.int_source_records_cleansed") == {"ZSTD"}
