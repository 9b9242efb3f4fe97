{#-
    One row per source record whose customer an incremental build recomputes: the records whose pairs
    changed (int_match_records_affected), and every record of the customers they belonged to after the
    last successful build (syncctl_state.build_xref), since a changed link can merge or split those.
    Links never cross this set's edge, so clustering it alone gives what clustering everything would.
    previous_customer_id is the record's customer after that build (null for a new record). On a full
    refresh every record is here.
-#}

with

affected_pairs_records as (

    select source_record_key from {{ ref('int_match_records_affected') }}

),

previous as (

    select * from {{ source('syncctl_state', 'build_xref') }}

),

{% if flags.FULL_REFRESH -%}
affected as (

    select source_record_key from affected_pairs_records
    union
    select source_record_key from previous

),
{%- else -%}
previous_customers as (

    select distinct previous.customer_id
    from previous
    inner join affected_pairs_records
        on previous.source_record_key = affected_pairs_records.source_record_key

),

affected as (

    select source_record_key from affected_pairs_records
    union
    select previous.source_record_key
    from previous
    inner join previous_customers
        on previous.customer_id = previous_customers.customer_id

),
{%- endif %}

final as (

    select
        affected.source_record_key,
        previous.customer_id as previous_customer_id

    from affected
    left join previous
        on affected.source_record_key = previous.source_record_key

)

select * from final
