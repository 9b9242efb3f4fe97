{#-
    The mappings of seeds/value_mappings.csv for one `field`, one row per source and source value (in its
    lookup_key form) with the canonical value: a mapping for the source itself wins over one for any
    source (`*`). Join it on source and lookup_key(value): a hash join, where a lookup in a map would scan
    the map's keys for every row.
-#}
{% macro value_mappings_for(field) -%}
    {%- set sources = syncctl_settings().sources.keys() | list -%}
    select
        sources.source,
        mappings.source_value,
        arg_min(mappings.canonical_value, mappings.source = '*') as canonical_value

    from {{ ref('value_mappings') }} as mappings
    inner join (
        {%- for source in sources %}
        select '{{ source }}' as source{{ " union all" if not loop.last }}
        {%- endfor %}
    ) as sources
        on mappings.source in (sources.source, '*')
    where mappings.field = '{{ field }}'
    group by sources.source, mappings.source_value
{%- endmacro %}
