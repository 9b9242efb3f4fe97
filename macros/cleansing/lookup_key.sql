{#- The form every seed key is stored in: trimmed, lower case, accents folded ("  Müller " -> "muller"). -#}
{% macro lookup_key(column) -%}
    {{ return(adapter.dispatch('lookup_key', 'syncctl')(column)) }}
{%- endmacro %}

{% macro default__lookup_key(column) -%}
    lower(trim({{ column }}))
{%- endmacro %}

{% macro duckdb__lookup_key(column) -%}
    lower(strip_accents(trim({{ column }})))
{%- endmacro %}
