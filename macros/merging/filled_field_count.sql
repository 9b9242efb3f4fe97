{#- How many of `columns` hold a value in a record: the measure of the rule most_complete. -#}
{% macro filled_field_count(columns) -%}
    (
        {%- for column in columns %}
        case when {{ column }} is not null then 1 else 0 end{{ " +" if not loop.last }}
        {%- endfor %}
    )
{%- endmacro %}
