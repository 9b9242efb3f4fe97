{#-
    Survivorship with lineage, used inside a `group by customer_id`: the value of `column` from the member
    record with the smallest `rank_key` among those where it is not null, as a struct of value, source,
    source_record_id and the `rule` that chose it. With no value among the members, value, source and
    source_record_id are null and rule is still set.
-#}
{% macro field_winner(column, rank_key, rule) -%}
    {{ return(adapter.dispatch('field_winner', 'syncctl')(column, rank_key, rule)) }}
{%- endmacro %}

{% macro default__field_winner(column, rank_key, rule) -%}
    {{ exceptions.raise_compiler_error(
        "syncctl: field_winner needs arg_min over structs, not implemented for the " ~ target.type ~ " adapter") }}
{%- endmacro %}

{% macro duckdb__field_winner(column, rank_key, rule) -%}
    struct_insert(
        arg_min(
            struct_pack(value := {{ column }}, source := source, source_record_id := source_record_id),
            {{ rank_key }}
        ) filter (where {{ column }} is not null),
        rule := '{{ rule }}'
    )
{%- endmacro %}
