{#-
    One row per source record and field whose value cleansing could not use as it arrived: the value was
    a placeholder, invalid (email, phone, postcode), an impossible date, a code with no mapping in
    seeds/value_mappings.csv, or text that does not convert. The value as landed is kept here; in the
    cleansed record it is null (a flagged postcode is kept). Unmapped codes show here for an analyst to
    add to the seed.
-#}

{%- set columns = syncctl_settings().canonical_columns -%}

with

cleansed as (

    select * from {{ ref('int_source_records_cleansed') }}

),

landed as (

    select * from {{ ref('int_source_records_current') }}

),

issues as (

    {% for column in columns -%}
    select
        cleansed.landed_row_id,
        cleansed.source,
        cleansed.source_record_id,
        '{{ column }}' as field,
        cleansed.{{ column }}_issue as issue,
        landed.{{ column }} as source_value

    from cleansed
    inner join landed
        on cleansed.landed_row_id = landed.landed_row_id
    where cleansed.{{ column }}_issue is not null
    {% if not loop.last %}
    union all

    {% endif -%}
    {%- endfor %}

),

final as (

    select
        {{ dbt.concat(['landed_row_id', "'|'", 'field']) }} as field_issue_id,
        *

    from issues

)

select * from final
