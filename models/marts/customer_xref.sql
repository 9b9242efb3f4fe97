-- depends_on: {{ ref('int_identities_affected') }}
{# append: the pre_hook deleted every record this build inserts (see delete_affected) #}
{{
    config(
        materialized='incremental',
        unique_key='source_record_key',
        incremental_strategy='append',
        pre_hook="{{ delete_affected('source_record_key', ref('int_identities_affected')) }}",
    )
}}

{#-
    One row per accepted source record: the unified customer it belongs to. Incremental: a build
    rewrites the records of int_identities_affected.
-#}

with

records as (

    select * from {{ ref('int_source_records_validated') }}
    where reject_reason is null
    {{ affected_only('source_record_key', ref('int_identities_affected'), keyword='and') }}

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
        records.landed_row_id,
        records.batch_id,
        records.source_file,
        records.source_row_number,
        records.updated_at,
        records.loaded_at,
        {{ current_run_id() }} as built_run_id

    from records
    inner join identities
        on records.source_record_key = identities.source_record_key

)

select * from final
