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

keyed as (

    select
        xref.customer_id,
        records.*,
        {{ recency_key('records.updated_at', 'records.batch_id', 'records.source_priority', 'records.source_record_id') }}
            as recency_key,
        case
            when records.address_line1 is not null or records.postcode is not null
                then struct_pack({% for column in address %}{{ column }} := records.{{ column }}{{ ", " if not loop.last }}{% endfor %})
        end as address

    from records
    inner join xref
        on records.source_record_key = xref.source_record_key

),

golden as (

    select
        customer_id,
        {%- for column in golden_columns() if column not in address %}
        {{ golden_value(column, 'recency_key') }} as {{ column }},
        {%- endfor %}
        {{ golden_value('address', 'recency_key') }} as address,
        count(*) as source_record_count,
        count(distinct source) as source_count,
        min(loaded_at) as first_seen_at,
        max(updated_at) as last_updated_at

    from keyed
    group by customer_id

),

final as (

    select
        customer_id,
        {%- for column in golden_columns() %}
        {%- if column in address %}
        address.{{ column }} as {{ column }},
        {%- else %}
        {{ column }},
        {%- endif %}
        {%- endfor %}
        source_record_count,
        source_count,
        first_seen_at,
        last_updated_at,
        {{ row_hash(golden_columns()) }} as customer_hash

    from golden

)

select * from final
