{#- One row per landed source row that cannot be used, with the rule it failed and the raw row. -#}

with

rejected as (

    select * from {{ ref('int_source_records_validated') }}
    where reject_reason is not null

),

final as (

    select
        landed_row_id,
        source,
        source_record_id,
        batch_id,
        source_file,
        source_row_number,
        reject_reason,
        rejected_value,
        loaded_at

    from rejected

)

select * from final
