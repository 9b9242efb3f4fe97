{#- The match form of a postcode: upper case, letters and digits only ("sw1a 1aa" -> "SW1A1AA"). -#}
{% macro normalize_postcode(column) -%}
    nullif(upper(regexp_replace({{ column }}, '[^A-Za-z0-9]', '', 'g')), '')
{%- endmacro %}
