{#-
    Nothing is lost: every landed source record (source + primary key) is in exactly one of
    customer_xref (once), customer_rejects and the records deleted upstream (int_source_record_versions);
    every landed row without a primary key is in customer_rejects. Checked for the records this build
    touched (every record on a full build): the others kept their place. Returns the records that break this.
    A full build checks whole tables (affected_only filters on every build but a full refresh).
-#}

{%- set touched = ref('int_source_records_touched') %}

with

landed as (

    select * from {{ ref('int_landed_rows_keyed') }}
    {{- affected_only('record_key', touched, recomputed_table=true) }}

),

xref as (

    select source, source_record_id, count(*) as xref_rows
    from {{ ref('customer_xref') }}
    {{- affected_only('source_record_key', touched, affected_column='record_key', recomputed_table=true) }}
    group by source, source_record_id

),

rejected as (

    select distinct source, source_record_id
    from {{ ref('customer_rejects') }}
    where source_record_id is not null
    {{- affected_only('record_key', touched, keyword='and', recomputed_table=true) }}

),

deleted as (

    select source, source_record_id
    from {{ ref('int_source_record_versions') }}
    where is_deleted
    {{- affected_only('record_key', touched, keyword='and', recomputed_table=true) }}

),

landed_records as (

    select distinct source, source_record_id
    from landed
    where source_record_id is not null

),

unaccounted_records as (

    select
        landed_records.source,
        landed_records.source_record_id,
        cast(null as {{ dbt.type_bigint() }}) as landed_row_id,
        coalesce(xref.xref_rows, 0) as xref_rows,
        rejected.source_record_id is not null as is_rejected,
        deleted.source_record_id is not null as is_deleted

    from landed_records
    left join xref
        on landed_records.source = xref.source
        and landed_records.source_record_id = xref.source_record_id
    left join rejected
        on landed_records.source = rejected.source
        and landed_records.source_record_id = rejected.source_record_id
    left join deleted
        on landed_records.source = deleted.source
        and landed_records.source_record_id = deleted.source_record_id
    where coalesce(xref.xref_rows, 0)
        + case when rejected.source_record_id is null then 0 else 1 end
        + case when deleted.source_record_id is null then 0 else 1 end <> 1

),

unaccounted_rows_without_key as (

    select
        landed.source,
        landed.source_record_id,
        landed.landed_row_id,
        0 as xref_rows,
        false as is_rejected,
        false as is_deleted

    from landed
    left join {{ ref('customer_rejects') }} as rejects
        on landed.landed_row_id = rejects.landed_row_id
    where landed.source_record_id is null
        and rejects.landed_row_id is null

)

select * from unaccounted_records
union all
select * from unaccounted_rows_without_key
