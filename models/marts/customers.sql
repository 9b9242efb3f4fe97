{#-
    One row per unified customer: the golden record. Each field comes from the most recent member record
    that has it (by updated_at, then the later batch, then source order in syncctl.yml, then record id);
    the address fields come together from the most recent record with an address.
-#}

{%- set address = address_columns() -%}

with

records as (

    select * from {{ ref('int_source_records_validated') }}
    where reject_reason is null

),

xref as (

    select * from {{ ref('customer_xref') }}

),

ranked as (

    select
        xref.customer_id,
        records.*,
        row_number() over (
            partition by xref.customer_id
            order by records.updated_at desc nulls last, records.batch_id desc,
                records.source_priority, records.source_record_id
        ) as recency_rank,
        row_number() over (
            partition by xref.customer_id
            order by
                case when records.address_line1 is not null or records.postcode is not null then 0 else 1 end,
                records.updated_at desc nulls last, records.batch_id desc,
                records.source_priority, records.source_record_id
        ) as address_rank

    from records
    inner join xref
        on records.source_record_key = xref.source_record_key

),

golden as (

    select
        customer_id,
        {%- for column in golden_columns() %}
        {%- if column in address %}
        max(case when address_rank = 1 then {{ column }} end) as {{ column }},
        {%- else %}
        {{ golden_value(column, 'recency_rank') }} as {{ column }},
        {%- endif %}
        {%- endfor %}
        count(*) as source_record_count,
        count(distinct source) as source_count,
        min(loaded_at) as first_seen_at,
        max(updated_at) as last_updated_at

    from ranked
    group by customer_id

),

final as (

    select
        *,
        {{ row_hash(golden_columns()) }} as customer_hash

    from golden

)

select * from final
