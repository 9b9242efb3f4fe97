{#-
    A hash of a blocking key for grouping and joining, which stands for the key: on DuckDB the 128-bit
    md5 as an integer (much faster to group and join on than the text), md5 text elsewhere. Not DuckDB's
    hash(): it is built for hash tables, not as an identity, and gives similar short texts the same
    value (58,000 collisions among 2,000,000 keys like "last_name_postcode|nakamura|64190").
-#}
{% macro key_hash(column) -%}
    {{ return(adapter.dispatch('key_hash', 'syncctl')(column)) }}
{%- endmacro %}

{% macro default__key_hash(column) -%}
    {{ dbt.hash(column) }}
{%- endmacro %}

{% macro duckdb__key_hash(column) -%}
    md5_number({{ column }})
{%- endmacro %}
