{#-
    The rank of the rule source_priority: the position (1, 2, ...) of the record's source in
    `survivorship.source_priority`; a source missing from the list comes after all listed ones.
-#}
{% macro source_priority_rank(sources, source='source') -%}
    case {{ source }}
        {%- for name in sources %}
        when '{{ name }}' then {{ loop.index }}
        {%- endfor %}
        else {{ sources | length + 1 }}
    end
{%- endmacro %}
