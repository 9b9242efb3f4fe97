{#-
    True when a value is one of the placeholder values ("N/A", "unknown", "test@test.com", "0000000000")
    of this field in seeds/placeholder_values.csv: its own and, unless its values are codes, those listed
    for any field (`*`); see lookup_lists, whose `lookups` it reads. The value is a standardized one
    (standardize_text), trimmed already: its lookup key (lookup_key) is only case and accents folded.
-#}
{% macro is_placeholder(column, field) -%}
    {{ return(adapter.dispatch('is_placeholder', 'syncctl')(column, field)) }}
{%- endmacro %}

{% macro default__is_placeholder(column, field) -%}
    {{ exceptions.raise_compiler_error(
        "syncctl: is_placeholder needs list functions, not implemented for the " ~ target.type ~ " adapter") }}
{%- endmacro %}

{% macro duckdb__is_placeholder(column, field) -%}
    coalesce(list_contains(lookups.placeholders_{{ field }}, lower(strip_accents({{ column }}))), false)
{%- endmacro %}
