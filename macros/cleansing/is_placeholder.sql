{#-
    True when a value is one of the placeholder values ("N/A", "unknown", "test@test.com", "0000000000")
    listed for this field, or for any field (`*`) in seeds/placeholder_values.csv. Fields whose values
    are codes mapped by seeds/value_mappings.csv (countries, flags) skip the `*` list: there "x" can mean
    yes and "na" Namibia. Reads `lookups` (lookup_lists).
-#}
{% macro is_placeholder(column, field, include_any=true) -%}
    {{ return(adapter.dispatch('is_placeholder', 'syncctl')(column, field, include_any)) }}
{%- endmacro %}

{% macro default__is_placeholder(column, field, include_any) -%}
    {{ exceptions.raise_compiler_error(
        "syncctl: is_placeholder needs list functions, not implemented for the " ~ target.type ~ " adapter") }}
{%- endmacro %}

{% macro duckdb__is_placeholder(column, field, include_any) -%}
    coalesce(
        {%- if include_any %}
        list_contains(lookups.placeholders_any, {{ lookup_key(column) }}) or
        {%- endif %}
        list_contains(lookups.placeholders_{{ field }}, {{ lookup_key(column) }}),
        false
    )
{%- endmacro %}
