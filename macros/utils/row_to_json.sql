{#- A whole row of a relation alias as a JSON object (column name -> value). -#}
{% macro row_to_json(alias) -%}
    {{ return(adapter.dispatch('row_to_json', 'syncctl')(alias)) }}
{%- endmacro %}

{% macro default__row_to_json(alias) -%}
    row_to_json({{ alias }})
{%- endmacro %}

{% macro duckdb__row_to_json(alias) -%}
    to_json({{ alias }})
{%- endmacro %}
