{#-
    A one-row select of the reference lists the cleansing macros look values up in, built from the seeds:
    placeholder values per field (placeholders_<field>: the field's own and those listed for any field,
    `*`, except for the code_fields, whose values are codes mapped by seeds/value_mappings.csv: there "x"
    can mean yes and "na" Namibia), name affixes, and maps for street abbreviations and email providers.
    Cross join it as `lookups` and pass nothing else: the macros below read `lookups.<name>`. (Value
    mappings and nicknames are joined instead: value_mappings_for.)
-#}
{% macro lookup_lists(placeholder_fields, code_fields=[]) -%}
    {{ return(adapter.dispatch('lookup_lists', 'syncctl')(placeholder_fields, code_fields)) }}
{%- endmacro %}

{% macro default__lookup_lists(placeholder_fields, code_fields) -%}
    {{ exceptions.raise_compiler_error(
        "syncctl: lookup_lists needs list and map types, not implemented for the " ~ target.type ~ " adapter") }}
{%- endmacro %}

{% macro duckdb__lookup_lists(placeholder_fields, code_fields) -%}
    select
        {%- for field in placeholder_fields %}
        (
            select coalesce(list(value), []) from {{ ref('placeholder_values') }}
            where field = '{{ field }}'{% if field not in code_fields %} or field = '*'{% endif %}
        ) as placeholders_{{ field }},
        {%- endfor %}
        (select list(affix) from {{ ref('name_affixes') }}) as name_affixes,
        (select map(list(word), list(abbreviation)) from {{ ref('street_abbreviations') }}) as street_abbreviations,
        (select map(list(domain), list(canonical_domain)) from {{ ref('email_providers') }}) as email_domains,
        (select list(domain) filter (where ignores_dots) from {{ ref('email_providers') }}) as email_dotless_domains,
        (select list(domain) filter (where ignores_plus_tag) from {{ ref('email_providers') }}) as email_tagless_domains
{%- endmacro %}
