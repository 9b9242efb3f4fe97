-- depends_on: {{ ref('int_identities_affected') }}
-- depends_on: {{ ref('int_customers_affected') }}
{# append: the pre_hook deleted every customer this build inserts (see delete_affected) #}
{{
    config(
        materialized='incremental',
        unique_key='customer_id',
        incremental_strategy='append',
        pre_hook="{{ delete_affected('customer_id', ref('int_customers_affected')) }}",
    )
}}

{#-
    One row per unified customer: for each golden field, the winning value among its member records,
    chosen by the field's survivorship rule (var syncctl.survivorship.rules), and <field>_landed_row_id,
    the landed row of the record it came from (customer_field_lineage names that record and the rule).
    The address fields are one block, `address` (a struct), taken whole from one record (among those with
    an address_line1 or a postcode) by the rule of address_line1; for the block, valid_first means no
    address field of the record is flagged.
    Every rule breaks ties by recency_key, so the result never depends on row order. One aggregate pass;
    most_frequent adds one group-by per field that uses it. Incremental: a build recomputes the customers
    of int_customers_affected.
-#}

{%- set settings = syncctl_settings() -%}
{%- set sources = settings.get('survivorship', {}).get('source_priority') or settings.sources.keys() | list -%}
{%- set address = address_columns() -%}
{%- set fields = survivorship_fields() -%}

{#- field -> the rank key column it uses; rules without per-field input share one key -#}
{%- set key_names = {} -%}
{%- set keys = {} -%}
{%- set frequent = [] -%}
{%- for field, spec in fields.items() -%}
    {%- set key_name = (field ~ '_' if spec.rule in ['most_frequent', 'valid_first'] else '') ~ spec.rule ~ '_key' -%}
    {%- do key_names.update({field: key_name}) -%}
    {%- do keys.update({key_name: {'rule': spec.rule, 'field': field, 'columns': spec.columns}}) -%}
    {%- if spec.rule == 'most_frequent' %}{% do frequent.append(field) %}{% endif -%}
{%- endfor %}

with

records as (

    select * from {{ ref('int_source_records_validated') }}
    where reject_reason is null
    {#- the members of the affected customers are all among the affected records #}
    {{ affected_only('source_record_key', ref('int_identities_affected'), keyword='and') }}

),

xref as (

    select * from {{ ref('customer_xref') }}
    {{ affected_only('customer_id', ref('int_customers_affected')) }}

),

members as (

    select
        xref.customer_id,
        records.source,
        records.source_record_id,
        records.landed_row_id,
        records.updated_at,
        records.loaded_at,
        {%- for field in fields if field != 'address' %}
        records.{{ field }},
        {%- endfor %}
        case
            when records.address_line1 is not null or records.postcode is not null
                then struct_pack({% for column in address %}{{ column }} := records.{{ column }}{{ ", " if not loop.last }}{% endfor %})
        end as address,
        {%- for field, spec in fields.items() if spec.rule == 'valid_first' %}
        {%- for column in spec.columns %}
        records.{{ column }}_issue,
        {%- endfor %}
        {%- endfor %}
        {%- if fields.values() | selectattr('rule', 'equalto', 'most_complete') | list %}
        {{ filled_field_count(golden_columns()) }} as filled_field_count,
        {%- endif %}
        {{ recency_key('records.updated_at', 'records.batch_id', 'records.source_priority', 'records.source_record_id', 'xref.customer_id') }}
            as recency_key

    from records
    inner join xref
        on records.source_record_key = xref.source_record_key

),
{%- for field in frequent %}

{{ field }}_value_counts as (

    select
        customer_id,
        {{ field }} as value,
        count(*) as value_count

    from members
    where {{ field }} is not null
    group by customer_id, {{ field }}

),
{%- endfor %}

ranked as (

    select
        members.customer_id,
        members.source,
        members.landed_row_id,
        members.updated_at,
        members.loaded_at,
        {%- for field in fields %}
        members.{{ field }},
        {%- endfor %}
        {%- for key_name, key in keys.items() %}
        {{ survivorship_rank_key(
            key.rule, key.columns, 'members.recency_key',
            sources=sources,
            source='members.source',
            value_count=key.field ~ '_value_counts.value_count',
            filled_count='members.filled_field_count') }} as {{ key_name }}{{ "," if not loop.last }}
        {%- endfor %}

    from members
    {%- for field in frequent %}
    left join {{ field }}_value_counts
        on members.customer_id = {{ field }}_value_counts.customer_id
        and members.{{ field }} = {{ field }}_value_counts.value
    {%- endfor %}

),

final as (

    select
        customer_id,
        {%- for field in fields %}
        {{ field_winner(field, key_names[field]) }} as {{ field }},
        {{ field_winner(field, key_names[field], value='landed_row_id') }} as {{ field }}_landed_row_id,
        {%- endfor %}
        count(*) as source_record_count,
        {#- the number of distinct sources; count(distinct source) would make DuckDB read `ranked` twice -#}
        {%- for name in settings.sources %}
        {{ "(" if loop.first else "+ " }}max(case when source = '{{ name }}' then 1 else 0 end){{ ")" if loop.last }}
        {%- endfor %} as source_count,
        min(loaded_at) as first_seen_at,
        max(updated_at) as last_updated_at

    from ranked
    group by customer_id

)

select * from final
