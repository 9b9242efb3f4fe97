{#-
    The country a phone number written in national format is read in: the record's own country, else
    the source's `default_country` from syncctl.yml.
-#}
{% macro phone_region(country_code_column='country_code', source_column='source') -%}
    coalesce({{ country_code_column }}, {{ source_setting('default_country', source_column) }})
{%- endmacro %}
