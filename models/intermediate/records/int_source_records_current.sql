{{ config(materialized='view') }}

{#-
    The current version of each source record with all its values: the landed row that
    int_source_record_versions picked, and whether the record was deleted upstream. A view (see
    version_values). int_source_records_touched_current holds the same for the records a build touches.
-#}

with

versions as (

    select * from {{ ref('int_source_record_versions') }}

),

final as (

    {{ version_values('versions') }}

)

select * from final
