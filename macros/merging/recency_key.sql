{#-
    A sortable key that puts the best record for survivorship first when taken with arg_min: the most
    recent updated_at (unknown last), then the later batch, then the source listed first in syncctl.yml,
    then the smaller record id, so there are never ties.
-#}
{% macro recency_key(updated_at='updated_at', batch_id='batch_id', priority='source_priority', record_id='source_record_id') -%}
    {{ return(adapter.dispatch('recency_key', 'syncctl')(updated_at, batch_id, priority, record_id)) }}
{%- endmacro %}

{% macro default__recency_key(updated_at, batch_id, priority, record_id) -%}
    {{ exceptions.raise_compiler_error(
        "syncctl: recency_key needs struct comparison, not implemented for the " ~ target.type ~ " adapter") }}
{%- endmacro %}

{% macro duckdb__recency_key(updated_at, batch_id, priority, record_id) -%}
    struct_pack(
        recency := -coalesce(epoch_us({{ updated_at }}), -9223372036854775807),
        batch := -{{ batch_id }},
        priority := {{ priority }},
        record_id := {{ record_id }}
    )
{%- endmacro %}
