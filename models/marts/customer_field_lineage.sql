{{ config(materialized='view') }}

{#-
    One row per unified customer and golden field: the value the golden record holds (as text), the
    source record it came from (its landed row, source and primary key) and the survivorship rule that
    chose it. A field no member record fills is included with a null value, landed row, source and
    source_record_id, so every customer has all its fields. The address fields share the source record
    and rule of their block. A view: an unpivot of int_customer_field_winners joined to the records it
    names, computed when queried.
-#}

{%- set address = address_columns() -%}
{%- set fields = survivorship_fields() -%}

with

winners as (

    select * from {{ ref('int_customer_field_winners') }}

),

records as (

    select landed_row_id, source, source_record_id from {{ ref('int_source_records_validated') }}

),

fields as (

    {% for column in golden_columns() -%}
    {%- set winner = 'address' if column in address else column -%}
    select
        customer_id,
        '{{ column }}' as field,
        cast({{ winner }}{{ '.' ~ column if column in address }} as {{ dbt.type_string() }}) as value,
        {{ winner }}_landed_row_id as landed_row_id,
        '{{ fields[winner].rule }}' as rule

    from winners
    {% if not loop.last %}
    union all

    {% endif -%}
    {%- endfor %}

),

final as (

    select
        {{ dbt.concat(['fields.customer_id', "'|'", 'fields.field']) }} as field_lineage_id,
        fields.customer_id,
        fields.field,
        fields.value,
        fields.landed_row_id,
        records.source,
        records.source_record_id,
        fields.rule

    from fields
    left join records
        on fields.landed_row_id = records.landed_row_id

)

select * from final
