{#-
    dbt's cross-database `dbt.safe_cast` falls back to a plain cast on DuckDB, which fails the whole
    model on one bad value. DuckDB has try_cast: a value that does not convert becomes null.
-#}
{% macro duckdb__safe_cast(field, type) -%}
    try_cast({{ field }} as {{ type }})
{%- endmacro %}
