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
    One row per unified customer: the golden record. Each field is the value survivorship chose among the
    member records (int_customer_field_winners: by default the most recent record that has it, or the
    field's rule in syncctl.yml); the address fields come together from one record.
    customer_field_lineage says where each value came from. Incremental: a build rewrites the customers
    of int_customers_affected.
-#}

{%- set address = address_columns() -%}

with

winners as (

    select * from {{ ref('int_customer_field_winners') }}
    {{ affected_only('customer_id', ref('int_customers_affected')) }}

),

golden as (

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
        last_updated_at

    from winners

),

final as (

    select
        *,
        {{ row_hash(golden_columns()) }} as customer_hash,
        {{ current_run_id() }} as built_run_id

    from golden

)

select * from final
