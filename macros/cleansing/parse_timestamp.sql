{#- A UTC timestamp from ISO 8601 text ("2026-02-01T10:00:00Z", "2026-02-01 10:00:00"); null if it does not convert. -#}
{% macro parse_timestamp(column) -%}
    {{ return(adapter.dispatch('parse_timestamp', 'syncctl')(column)) }}
{%- endmacro %}

{% macro default__parse_timestamp(column) -%}
    {{ exceptions.raise_compiler_error(
        "syncctl: parse_timestamp needs try_cast to timestamptz, not implemented for the " ~ target.type ~ " adapter") }}
{%- endmacro %}

{% macro duckdb__parse_timestamp(column) -%}
    cast(timezone('UTC', try_cast({{ column }} as timestamptz)) as timestamp)
{%- endmacro %}
