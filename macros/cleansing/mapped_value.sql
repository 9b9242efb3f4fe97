{#-
    The canonical value seeds/value_mappings.csv gives a source value of `field`: a mapping for this
    source wins over one for any source (`*`). Null when the value is not mapped. Reads `lookups`.
-#}
{% macro mapped_value(column, field, source_column='source') -%}
    {{ return(adapter.dispatch('mapped_value', 'syncctl')(column, field, source_column)) }}
{%- endmacro %}

{% macro default__mapped_value(column, field, source_column) -%}
    {{ exceptions.raise_compiler_error(
        "syncctl: mapped_value needs maps, not implemented for the " ~ target.type ~ " adapter") }}
{%- endmacro %}

{% macro duckdb__mapped_value(column, field, source_column) -%}
    coalesce(
        lookups.value_map_{{ field }}[{{ source_column }} || '|' || {{ lookup_key(column) }}],
        lookups.value_map_{{ field }}['*|' || {{ lookup_key(column) }}]
    )
{%- endmacro %}
