{#-
    The agreement level of one comparison (matching.comparisons in syncctl.yml) for a pair of records:
    -1 when either value is missing, 0 for the first (strictest) level that holds, 1 for the next, ...,
    and len(levels) ("else") when none holds. `right_column` compares the comparison's column of the left
    record with another column of the right one (names the wrong way round).
-#}
{% macro comparison_level(comparison, left_alias, right_alias, right_column=none) -%}
    {%- set left = left_alias ~ '.' ~ comparison.column -%}
    {%- set right = right_alias ~ '.' ~ (right_column or comparison.column) -%}
    case
        when {{ left }} is null or {{ right }} is null then -1
        {%- for level in comparison.levels %}
        when {{ level_condition(level, left, right) }} then {{ loop.index0 }}
        {%- endfor %}
        else {{ comparison.levels | length }}
    end
{%- endmacro %}
