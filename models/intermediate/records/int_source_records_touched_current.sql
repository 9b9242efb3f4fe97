{{ config(materialized='view') }}

{#-
    int_source_records_current for the records this build touches (int_source_records_touched: every
    record on a full build) that were not deleted upstream: what cleansing starts from. The records are
    picked before their values are joined, so an incremental build does not read a source none of them
    comes from.
-#}

with

versions as (

    select * from {{ ref('int_source_record_versions') }}

),

touched_versions as (

    select * from versions
    where not is_deleted
        and record_key in ({{ touched_records() }})

),

final as (

    {{ version_values('touched_versions') }}

)

select * from final
