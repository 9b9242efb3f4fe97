{#-
    Cast a mapped source expression to its canonical type: text is trimmed with empty -> null; dates and
    timestamps that do not parse become null (the cleansing layer reports them). An unmapped column is a
    typed null.
-#}
{% macro cast_canonical(expression, data_type) -%}
    {%- if expression is none -%}
        cast(null as {{ data_type }})
    {%- elif data_type == 'varchar' -%}
        {{ clean_text(expression) }}
    {%- else -%}
        {{ dbt.safe_cast(clean_text(expression), data_type) }}
    {%- endif -%}
{%- endmacro %}
