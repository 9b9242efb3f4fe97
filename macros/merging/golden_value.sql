{#-
    Survivorship, used inside a `group by customer_id`: the value of `column` from the best-ranked
    member record (rank 1 = best) among those where it is not null.
-#}
{% macro golden_value(column, rank_column) -%}
    {{ return(adapter.dispatch('golden_value', 'syncctl')(column, rank_column)) }}
{%- endmacro %}

{% macro default__golden_value(column, rank_column) -%}
    {{ exceptions.raise_compiler_error(
        "syncctl: golden_value is not implemented for the " ~ target.type ~ " adapter") }}
{%- endmacro %}

{% macro duckdb__golden_value(column, rank_column) -%}
    arg_min({{ column }}, {{ rank_column }}) filter (where {{ column }} is not null)
{%- endmacro %}
