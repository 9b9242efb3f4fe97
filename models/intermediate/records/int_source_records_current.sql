{{ config(materialized='view') }}

{#-
    The current version of each source record with all its values: the landed row that
    int_source_record_versions picked, and whether the record was deleted upstream. A view: a join on (source, batch, row number), so a query for a few versions reads only
    their batches.
-#}

with

versions as (

    select * from {{ ref('int_source_record_versions') }}

),

unioned as (

    select * from {{ ref('int_source_records_unioned') }}

),

final as (

    select
        versions.landed_row_id,
        versions.record_key,
        {#- record_hash lives in int_landed_rows_keyed: computing it here would cost an md5 per row #}
        unioned.* exclude (landed_row_id, record_hash),
        versions.rows_in_batch,
        versions.first_seen_batch_id,
        versions.on_delete,
        versions.deleted_in_batch_id,
        versions.is_deleted

    from versions
    inner join unioned
        on versions.source = unioned.source
        and versions.batch_id = unioned.batch_id
        and versions.source_row_number = unioned.source_row_number

)

select * from final
