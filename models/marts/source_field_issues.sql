{{ config(materialized='view') }}

{#-
    One row per source record and field whose value cleansing could not use as it arrived: the value was
    a placeholder, invalid (email, phone, postcode), an impossible date, a code with no mapping in
    seeds/value_mappings.csv, or text that does not convert. The value as landed is kept here; in the
    cleansed record it is null (a flagged postcode is kept). Unmapped codes show here for an analyst to
    add to the seed. A view: it is read on demand (syncctl profile, rejects), so a build does not
    rewrite it.
-#}

{%- set columns = syncctl_settings().canonical_columns -%}

with

cleansed as (

    select * from {{ ref('int_source_records_cleansed') }}

),

landed as (

    select * from {{ ref('int_source_records_unioned') }}

),

issues as (

    {% for column in columns -%}
    select landed_row_id, source, source_record_id, '{{ column }}' as field, {{ column }}_issue as issue
    from cleansed
    where {{ column }}_issue is not null
    {% if not loop.last %}union all
    {% endif -%}
    {%- endfor %}

),

final as (

    {#- one join with the landed rows (a view over the raw tables), picking each issue's field -#}
    select
        {{ dbt.concat(['issues.landed_row_id', "'|'", 'issues.field']) }} as field_issue_id,
        issues.landed_row_id,
        issues.source,
        issues.source_record_id,
        issues.field,
        issues.issue,
        case issues.field
            {%- for column in columns %}
            when '{{ column }}' then landed.{{ column }}
            {%- endfor %}
        end as source_value

    from issues
    inner join landed
        on issues.landed_row_id = landed.landed_row_id

)

select * from final
