{#-
    The match form of an address line: accents and case folded, punctuation dropped, and street words
    abbreviated the standard way (seeds/street_abbreviations.csv): "12, Oak Street" and "12 oak st." both
    become "12 oak st". Reads `lookups`.
-#}
{% macro address_match_form(column) -%}
    {{ return(adapter.dispatch('address_match_form', 'syncctl')(column)) }}
{%- endmacro %}

{% macro default__address_match_form(column) -%}
    {{ exceptions.raise_compiler_error(
        "syncctl: address_match_form needs lists, lambdas and maps, not implemented for the " ~ target.type ~ " adapter") }}
{%- endmacro %}

{% macro duckdb__address_match_form(column) -%}
    nullif(array_to_string(list_transform(
        list_filter(string_split(regexp_replace(lower(strip_accents(replace({{ column }}, 'ß', 'ss'))), '[^a-z0-9]+', ' ', 'g'), ' '),
            lambda token: token <> ''),
        lambda token: coalesce(lookups.street_abbreviations[token], token)
    ), ' '), '')
{%- endmacro %}
