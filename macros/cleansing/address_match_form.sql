{#-
    The match form of an address line: accents and case folded, punctuation dropped, and street words
    abbreviated the standard way (seeds/street_abbreviations.csv): "12, Oak Street" and "12 oak st." both
    become "12 oak st". Reads `lookups`.
-#}
{% macro address_match_form(column) -%}
    nullif(array_to_string(list_transform(
        list_filter(string_split(regexp_replace(lower(strip_accents(replace({{ column }}, 'ß', 'ss'))), '[^a-z0-9]+', ' ', 'g'), ' '),
            lambda token: token <> ''),
        lambda token: coalesce(lookups.street_abbreviations[token], token)
    ), ' '), '')
{%- endmacro %}
