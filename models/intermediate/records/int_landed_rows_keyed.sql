{{
    config(
        materialized='incremental',
        unique_key='landed_row_id',
        incremental_strategy='delete+insert',
    )
}}

{#-
    One row per landed row of every source: the source record it is a version of (record_key: source and
    primary key; a row without a primary key stands alone), the time it is a version of (its updated_at,
    else its landing time), whether it is a delete row (the source's delete_when) and record_hash, the
    change detector over its source columns. Narrow, so int_source_record_versions can pick the current
    version of a few records again without reading the raw rows. Incremental: a build adds the batches
    landed after the newest one here (the raw tables skip older batches by their row groups).
-#}

with

unioned as (

    select * from {{ ref('int_source_records_unioned') }}
    {%- if is_incremental() %}
    where batch_id > (select coalesce(max(batch_id), 0) from {{ this }})
    {%- endif %}

),

final as (

    select
        landed_row_id,
        {{ dbt.concat(['source', "':'", "coalesce(source_record_id, " ~ dbt.concat(["'row '", 'batch_id', "':'", 'source_row_number']) ~ ")"]) }} as record_key,
        source,
        source_record_id,
        batch_id,
        source_row_number,
        coalesce({{ parse_timestamp('updated_at') }}, loaded_at) as version_at,
        is_delete_marker,
        record_hash

    from unioned

)

select * from final
