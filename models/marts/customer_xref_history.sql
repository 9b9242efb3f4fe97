{{
    config(
        materialized='incremental',
        unique_key='xref_version_id',
        incremental_strategy='delete+insert',
        full_refresh=false,
    )
}}

{#-
    SCD type 2 history of customer_xref: which customer each source record belonged to over time, one
    row per (record, customer) period. change_type of a version is insert (the record's first customer)
    or update (it moved to another customer, e.g. in a merge or split); a record that left gets a closing
    row: delete or detach (deleted upstream, by the source's on_delete) or reject (it no longer passes
    the quarantine rules). --full-refresh leaves it alone. A build compares the records of
    int_identities_affected only.
-#}

with

current_xref as (

    select
        source_record_key,
        source,
        source_record_id,
        customer_id

    from {{ ref('customer_xref') }}

),

deleted_records as (

    select * from {{ ref('int_source_records_deleted') }}

),

end_reasons as (

    select
        source_record_key,
        on_delete as change_type

    from deleted_records

    union all

    select
        {{ dbt.concat(['source', "':'", 'source_record_id']) }} as source_record_key,
        'reject' as change_type

    from {{ ref('customer_rejects') }}
    where source_record_id is not null

),

end_reasons_per_record as (

    select
        source_record_key,
        min(change_type) as change_type

    from end_reasons
    group by source_record_key

),

versions as (

    {{ scd2_versions(
        current_state='current_xref',
        end_reasons='end_reasons_per_record',
        key='source_record_key',
        columns=['source', 'source_record_id'],
        hash_column='customer_id',
        version_id='xref_version_id',
        affected='select source_record_key from ' ~ ref('int_identities_affected'),
    ) }}

)

select * from versions
