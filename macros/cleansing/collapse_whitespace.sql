{#- Runs of whitespace inside a value become one space (the value is already trimmed in staging). -#}
{% macro collapse_whitespace(column) -%}
    regexp_replace({{ column }}, '\s+', ' ', 'g')
{%- endmacro %}
