{#-
    Survivorship, used inside a `group by customer_id`: the value of `column` from the member record
    with the smallest `rank_key` (see recency_key) among those where it is not null.
-#}
{% macro golden_value(column, rank_key) -%}
    {{ return(adapter.dispatch('golden_value', 'syncctl')(column, rank_key)) }}
{%- endmacro %}

{% macro default__golden_value(column, rank_key) -%}
    {{ exceptions.raise_compiler_error(
        "syncctl: golden_value is not implemented for the " ~ target.type ~ " adapter") }}
{%- endmacro %}

{% macro duckdb__golden_value(column, rank_key) -%}
    arg_min({{ column }}, {{ rank_key }}) filter (where {{ column }} is not null)
{%- endmacro %}
