{#-
    Survivorship, used inside a `group by customer_id`: `value` (by default the field's `column` itself)
    of the member record with the smallest `rank_key` among those where `column` is not null. Called
    twice per field: for the winning value, and with value='landed_row_id' for the record it came from
    (customer_field_lineage names that record). Null when no member has the field.
-#}
{% macro field_winner(column, rank_key, value=none) -%}
    {{ return(adapter.dispatch('field_winner', 'syncctl')(column, rank_key, value or column)) }}
{%- endmacro %}

{% macro default__field_winner(column, rank_key, value) -%}
    {{ exceptions.raise_compiler_error(
        "syncctl: field_winner needs arg_min, not implemented for the " ~ target.type ~ " adapter") }}
{%- endmacro %}

{% macro duckdb__field_winner(column, rank_key, value) -%}
    arg_min({{ value }}, {{ rank_key }}) filter (where {{ column }} is not null)
{%- endmacro %}
