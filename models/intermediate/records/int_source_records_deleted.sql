{{ config(materialized='view') }}

{#-
    One row per source record deleted upstream (see int_source_record_versions): the batch that deleted
    it and the source's on_delete policy (delete or detach). Such a record leaves its customer.
-#}

with

current_records as (

    select * from {{ ref('int_source_record_versions') }}

),

final as (

    select
        {{ dbt.concat(['source', "':'", 'source_record_id']) }} as source_record_key,
        source,
        source_record_id,
        on_delete,
        deleted_in_batch_id,
        batch_id as last_batch_id

    from current_records
    where is_deleted

)

select * from final
