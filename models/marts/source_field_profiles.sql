{{ config(materialized='view') }}

{#-
    One row per source and canonical field: how many current records have a value (fill rate), how many
    were valid as landed (already in canonical form), how many are valid after cleansing, and how many
    distinct values arrived. `syncctl profile` shows this; it is how an analyst sees what cleansing did.
    A view: computed when queried, not on every build.
-#}

{%- set columns = syncctl_settings().canonical_columns -%}

with

cleansed as (

    select * from {{ ref('int_source_records_cleansed') }}

),

landed as (

    select * from {{ ref('int_source_records_current') }}

),

fields as (

    {% for column in columns -%}
    select
        cleansed.source,
        '{{ column }}' as field,
        {{ loop.index }} as field_position,
        landed.{{ column }} as landed_value,
        {%- if column == 'full_name' %}
        landed.full_name is not null and cleansed.full_name_issue is null as is_valid_after_cleansing,
        landed.full_name is not null and cleansed.full_name_issue is null as is_valid_as_landed
        {%- else %}
        cleansed.{{ column }} is not null and cleansed.{{ column }}_issue is null as is_valid_after_cleansing,
        cleansed.{{ column }} is not null and cleansed.{{ column }}_issue is null
            and landed.{{ column }} = cast(cleansed.{{ column }} as {{ dbt.type_string() }}) as is_valid_as_landed
        {%- endif %}

    from cleansed
    inner join landed
        on cleansed.landed_row_id = landed.landed_row_id
    {% if not loop.last %}
    union all

    {% endif -%}
    {%- endfor %}

),

final as (

    select
        {{ dbt.concat(['source', "'|'", 'field']) }} as field_profile_id,
        source,
        field,
        min(field_position) as field_position,
        count(*) as records,
        count(landed_value) as filled,
        count(*) filter (where is_valid_as_landed) as valid_as_landed,
        count(*) filter (where is_valid_after_cleansing) as valid_after_cleansing,
        count(distinct landed_value) as distinct_values

    from fields
    group by source, field

)

select * from final
