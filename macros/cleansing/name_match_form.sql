{#-
    The match form of a name: accents and case folded, honorifics and suffixes (seeds/name_affixes.csv)
    dropped, letters only ("Dr. José-Luis O'Neil Jr." -> "joseluisoneil"). Null when nothing is left.
    Reads `lookups`.
-#}
{% macro name_match_form(column) -%}
    {{ return(adapter.dispatch('name_match_form', 'syncctl')(column)) }}
{%- endmacro %}

{% macro default__name_match_form(column) -%}
    {{ exceptions.raise_compiler_error(
        "syncctl: name_match_form needs lists, lambdas and strip_accents, not implemented for the " ~ target.type ~ " adapter") }}
{%- endmacro %}

{% macro duckdb__name_match_form(column) -%}
    nullif(array_to_string(list_filter(
        string_split(regexp_replace(regexp_replace(lower(strip_accents(replace({{ column }}, 'ß', 'ss'))), '[''`\-]', '', 'g'), '[^a-z]+', ' ', 'g'), ' '),
        lambda token: token <> '' and not list_contains(lookups.name_affixes, token)
    ), ''), '')
{%- endmacro %}
