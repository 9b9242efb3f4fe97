{#- A birth date no living customer has: the 1900-01-01 placeholder or earlier, in the future, or over 120 years ago. -#}
{% macro is_impossible_birth_date(column) -%}
    {{ return(adapter.dispatch('is_impossible_birth_date', 'syncctl')(column)) }}
{%- endmacro %}

{% macro default__is_impossible_birth_date(column) -%}
    {{ exceptions.raise_compiler_error(
        "syncctl: is_impossible_birth_date needs interval arithmetic, not implemented for the " ~ target.type ~ " adapter") }}
{%- endmacro %}

{% macro duckdb__is_impossible_birth_date(column) -%}
    ({{ column }} <= date '1900-01-01' or {{ column }} > current_date or {{ column }} < current_date - interval 120 year)
{%- endmacro %}
