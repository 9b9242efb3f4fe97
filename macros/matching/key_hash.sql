{#-
    A hash of a blocking key for grouping and joining: a 64-bit integer on DuckDB (much faster to group
    on than the text; a collision only merges two groups), md5 text elsewhere.
-#}
{% macro key_hash(column) -%}
    {{ return(adapter.dispatch('key_hash', 'syncctl')(column)) }}
{%- endmacro %}

{% macro default__key_hash(column) -%}
    {{ dbt.hash(column) }}
{%- endmacro %}

{% macro duckdb__key_hash(column) -%}
    hash({{ column }})
{%- endmacro %}
