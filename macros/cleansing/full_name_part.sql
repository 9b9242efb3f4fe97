{#-
    One part of a full name, for records that only have a full name: "Smith, John" and "SMITH, John"
    (last name first, with a comma) and "John Smith", "Dr. John Smith Jr." (last word is the last name).
    part is 'first' or 'last'. Honorifics and suffixes are dropped first. Reads `lookups`.
-#}
{% macro full_name_part(column, part) -%}
    {{ return(adapter.dispatch('full_name_part', 'syncctl')(column, part)) }}
{%- endmacro %}

{% macro default__full_name_part(column, part) -%}
    {{ exceptions.raise_compiler_error(
        "syncctl: full_name_part needs lists and lambdas, not implemented for the " ~ target.type ~ " adapter") }}
{%- endmacro %}

{% macro duckdb__full_name_part(column, part) -%}
    {%- set tokens -%}
        list_filter(string_split(regexp_replace({{ column }}, '[,\s]+', ' ', 'g'), ' '),
            lambda token: token <> '' and not list_contains(lookups.name_affixes, lower(strip_accents(replace(token, '.', '')))))
    {%- endset -%}
    {%- set after_comma -%}
        list_filter(string_split(trim(split_part({{ column }}, ',', 2)), ' '),
            lambda token: token <> '' and not list_contains(lookups.name_affixes, lower(strip_accents(replace(token, '.', '')))))
    {%- endset -%}
    {%- set before_comma -%}
        list_filter(string_split(trim(split_part({{ column }}, ',', 1)), ' '),
            lambda token: token <> '' and not list_contains(lookups.name_affixes, lower(strip_accents(replace(token, '.', '')))))
    {%- endset -%}
    case
        when {{ column }} like '%,%' then
            nullif(array_to_string({{ after_comma if part == 'first' else before_comma }}, ' '), '')
        {%- if part == 'first' %}
        else nullif(array_to_string(({{ tokens }})[1:-2], ' '), '')
        {%- else %}
        else ({{ tokens }})[-1]
        {%- endif %}
    end
{%- endmacro %}
