{#- One row per accepted source record: the unified customer it belongs to. -#}

with

records as (

    select * from {{ ref('int_source_records_validated') }}
    where reject_reason is null

),

identities as (

    select * from {{ ref('int_identities_resolved') }}

),

final as (

    select
        records.source_record_key,
        records.source,
        records.source_record_id,
        identities.customer_id,
        records.batch_id,
        records.source_file,
        records.source_row_number,
        records.updated_at,
        records.loaded_at

    from records
    inner join identities
        on records.source_record_key = identities.source_record_key

)

select * from final
