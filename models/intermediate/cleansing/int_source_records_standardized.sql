{{ config(materialized='view') }}

{#-
    The current source records this build touches that were not deleted upstream
    (int_source_records_touched_current), with every text value standardized (NFKC, control characters, whitespace),
    placeholder values ("N/A", "unknown", "test@test.com") turned into null and flagged in <column>_issue,
    first/last name taken from full_name when a record has only a full name, and the country as an ISO
    3166-1 alpha-2 country_code (seeds/value_mappings.csv), which phone parsing needs. A view: cleansing
    reads it whole (on an incremental build, only the versions it has not cleansed yet) and phone parsing
    reads its phone and country, which costs less than writing a million wide rows and reading them
    back. It calls a Python function (NFKC), so only dbt's connection can query it.
-#}

{%- set columns = syncctl_settings().canonical_columns -%}
{#- codes mapped by seeds/value_mappings.csv only use their own placeholder list -#}
{%- set mapped = ['country', 'email_opt_in', 'sms_opt_in', 'gender'] -%}

with

current_records as (

    select * from {{ ref('int_source_records_touched_current') }}

),

lookups as (

    {{ lookup_lists(placeholder_fields=columns, code_fields=mapped) }}

),

country_mappings as (

    {{ value_mappings_for('country') }}

),

standardized as (

    select
        landed_row_id,
        record_key,
        source,
        source_priority,
        source_record_id,
        {%- for column in columns %}
        {{ standardize_text(column) }} as {{ column }},
        {%- endfor %}
        batch_id,
        source_file,
        source_row_number,
        loaded_at,
        rows_in_batch,
        first_seen_batch_id

    from current_records

),

placeholders_flagged as (

    select
        standardized.*,
        {%- for column in columns %}
        {{ is_placeholder('standardized.' ~ column, column) }} as {{ column }}_is_placeholder{{ "," if not loop.last }}
        {%- endfor %}

    from standardized
    cross join lookups

),

placeholders_removed as (

    select
        standardized.landed_row_id,
        standardized.record_key,
        standardized.source,
        standardized.source_priority,
        standardized.source_record_id,
        {%- for column in columns %}
        case when not standardized.{{ column }}_is_placeholder then standardized.{{ column }} end as {{ column }},
        case when standardized.{{ column }}_is_placeholder then 'placeholder' end as {{ column }}_issue,
        {%- endfor %}
        standardized.batch_id,
        standardized.source_file,
        standardized.source_row_number,
        standardized.loaded_at,
        standardized.rows_in_batch,
        standardized.first_seen_batch_id

    from placeholders_flagged as standardized

),

names_completed as (

    select
        placeholders_removed.* replace (
            case
                when first_name is null and last_name is null then {{ full_name_part('full_name', 'first') }}
                else first_name
            end as first_name,
            case
                when first_name is null and last_name is null then {{ full_name_part('full_name', 'last') }}
                else last_name
            end as last_name
        ),
        country_mappings.canonical_value as country_code

    from placeholders_removed
    cross join lookups
    left join country_mappings
        on placeholders_removed.source = country_mappings.source
        and {{ lookup_key('placeholders_removed.country') }} = country_mappings.source_value

)

select * from names_completed
