{#-
    A SQL boolean: syncctl_state.match_weights holds exactly the levels of matching.comparisons (each
    comparison's levels and its else level), and term frequencies are stored if a comparison uses them.
    Then the stored weights are used and nothing is estimated.
-#}
{% macro stored_weights_fit() -%}
    {%- set level_ids = [] -%}
    {%- for comparison in syncctl_settings().matching.comparisons -%}
        {%- for level in range(comparison.levels | length + 1) -%}
            {%- do level_ids.append("'" ~ comparison.name ~ ":" ~ level ~ "'") -%}
        {%- endfor -%}
    {%- endfor -%}
    (
        select
            count(*) = {{ level_ids | length }}
            and count(case when comparison_level_id in ({{ level_ids | join(', ') }}) then 1 end) = {{ level_ids | length }}
        {%- if syncctl_settings().matching.comparisons | selectattr('term_frequency') | list %}
            and (select count(*) from {{ source('syncctl_state', 'term_frequencies') }}) > 0
        {%- endif %}
        from {{ source('syncctl_state', 'match_weights') }}
    )
{%- endmacro %}
