{#-
    The match form of a name: accents folded, lower case, letters only ("José-Luis " -> "joseluis").
    Null when nothing is left.
-#}
{% macro normalize_name(column) -%}
    {{ return(adapter.dispatch('normalize_name', 'syncctl')(column)) }}
{%- endmacro %}

{% macro default__normalize_name(column) -%}
    {{ exceptions.raise_compiler_error(
        "syncctl: normalize_name needs accent folding, not implemented for the " ~ target.type ~ " adapter") }}
{%- endmacro %}

{% macro duckdb__normalize_name(column) -%}
    nullif(regexp_replace(lower(strip_accents({{ column }})), '[^a-z]', '', 'g'), '')
{%- endmacro %}
