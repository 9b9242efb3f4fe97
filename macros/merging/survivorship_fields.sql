{#-
    The survivorship fields and the rule of each, from syncctl.yml (var syncctl.survivorship.rules;
    most_recent when a field has none): a dict of field -> {'rule': ..., 'columns': [...]}, in golden
    column order. The address columns are one field, `address`, taken whole from one record by the rule of
    address_line1; every other golden column is a field of its own.
-#}
{% macro survivorship_fields() -%}
    {%- set configured = syncctl_settings().get('survivorship', {}).get('rules', {}) -%}
    {%- set address = address_columns() -%}
    {%- set fields = {} -%}
    {%- for column in golden_columns() if column not in address -%}
        {%- do fields.update({column: {'rule': configured.get(column, 'most_recent'), 'columns': [column]}}) -%}
    {%- endfor -%}
    {%- do fields.update({'address': {'rule': configured.get('address_line1', 'most_recent'), 'columns': address}}) -%}
    {{ return(fields) }}
{%- endmacro %}
