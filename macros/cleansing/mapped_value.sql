{#-
    The canonical value seeds/value_mappings.csv gives a source value of `field`: a mapping for this
    source wins over one for any source (`*`). Null when the value is not mapped. Reads `lookups`.
-#}
{% macro mapped_value(column, field, source_column='source') -%}
    coalesce(
        lookups.value_map_{{ field }}[{{ source_column }} || '|' || {{ lookup_key(column) }}],
        lookups.value_map_{{ field }}['*|' || {{ lookup_key(column) }}]
    )
{%- endmacro %}
