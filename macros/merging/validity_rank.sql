{#-
    The rank of the rule valid_first: 0 when cleansing flagged none of `columns` in the record (every
    <column>_issue is null), 1 otherwise, so a valid value beats a kept but flagged one (an invalid postcode).
-#}
{% macro validity_rank(columns) -%}
    case when {% for column in columns %}{{ column }}_issue is null{{ " and " if not loop.last }}{% endfor %} then 0 else 1 end
{%- endmacro %}
