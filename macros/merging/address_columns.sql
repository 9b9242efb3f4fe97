{#- The fields that move together: an address is taken whole from one record, never mixed. -#}
{% macro address_columns() -%}
    {{ return(['address_line1', 'address_line2', 'city', 'postcode', 'region']) }}
{%- endmacro %}
