{{
    config(
        materialized='incremental',
        unique_key='customer_version_id',
        incremental_strategy='delete+insert',
        full_refresh=false,
    )
}}

{#-
    SCD type 2 history of the golden record: one row per customer version, valid from the run that
    created it (valid_from, run_id) until the run that replaced it (valid_to, closed_by_run_id);
    is_current marks the live version. A customer that is gone gets a closing row (valid_from = valid_to)
    whose change_type says why: merge (its records now belong to another customer), detach (its last
    records were deleted by a source with on_delete: detach), or delete. An unchanged customer, e.g. one
    whose records were re-sent unchanged, gets no new row. History cannot be rebuilt from the landed data,
    so --full-refresh leaves it alone. A build compares the customers of int_customers_affected only.
-#}

with

customers as (

    select * from {{ ref('customers') }}

),

previous_xref as (

    {#- only a customer this build can have changed can be gone -#}
    select * from {{ source('syncctl_state', 'build_xref') }}
    where customer_id in (select customer_id from {{ ref('int_customers_affected') }})

),

current_xref as (

    select * from {{ ref('customer_xref') }}

),

deleted_records as (

    select * from {{ ref('int_source_records_deleted') }}

),

end_reasons as (

    select
        previous_xref.customer_id,
        case
            when count(current_xref.source_record_key) > 0 then 'merge'
            when count(case when deleted_records.on_delete = 'detach' then 1 end) > 0 then 'detach'
            else 'delete'
        end as change_type

    from previous_xref
    left join current_xref
        on previous_xref.source_record_key = current_xref.source_record_key
    left join deleted_records
        on previous_xref.source_record_key = deleted_records.source_record_key
    group by previous_xref.customer_id

),

versions as (

    {{ scd2_versions(
        current_state='customers',
        end_reasons='end_reasons',
        key='customer_id',
        columns=golden_columns() | list,
        hash_column='customer_hash',
        version_id='customer_version_id',
        affected='select customer_id from ' ~ ref('int_customers_affected'),
    ) }}

)

select * from versions
