{{ config(materialized='view') }}

{#-
    One row per unified customer and golden field: the value the golden record holds (as text), the
    source record it came from and the survivorship rule that chose it. A field no member record fills
    is included with a null value, source and source_record_id, so every customer has all its fields.
    The address fields share the source record and rule of their block. A view: an unpivot of
    int_customer_field_winners, computed when queried.
-#}

{%- set address = address_columns() -%}

with

winners as (

    select * from {{ ref('int_customer_field_winners') }}

),

fields as (

    {% for column in golden_columns() -%}
    {%- set winner = 'address' if column in address else column -%}
    select
        customer_id,
        '{{ column }}' as field,
        cast({{ winner }}.value{{ '.' ~ column if column in address }} as {{ dbt.type_string() }}) as value,
        {{ winner }}.source as source,
        {{ winner }}.source_record_id as source_record_id,
        {{ winner }}.rule as rule

    from winners
    {% if not loop.last %}
    union all

    {% endif -%}
    {%- endfor %}

),

final as (

    select
        {{ dbt.concat(['customer_id', "'|'", 'field']) }} as field_lineage_id,
        customer_id,
        field,
        value,
        source,
        source_record_id,
        rule

    from fields

)

select * from final
