{#- The readable name of a comparison level number: the level's text, 'else', or 'missing'. -#}
{% macro comparison_level_name(comparison, level_column) -%}
    case {{ level_column }}
        when -1 then 'missing'
        {%- for level in comparison.levels %}
        when {{ loop.index0 }} then '{{ level }}'
        {%- endfor %}
        else 'else'
    end
{%- endmacro %}
