-- depends_on: {{ ref('int_match_records_affected') }}
{# append: the pre_hook deleted every pair this build inserts (see delete_affected_pairs) #}
{{
    config(
        materialized='incremental',
        unique_key='match_pair_id',
        incremental_strategy='append',
        pre_hook="{{ delete_affected_pairs() }}",
    )
}}

{#-
    One row per candidate pair with its Fellegi-Sunter evidence: the match weight each comparison adds
    (log2 m/u of its level; an exact match on a comparison with term_frequency uses the value's own
    frequency instead of u, so "Smith" counts less than "Vanderpool"; int_match_term_frequencies), the
    total match weight and probability, the deterministic link rule it meets, and whether it is linked:
    never when a cannot-link rule holds, else when a link rule holds or the probability reaches
    matching.match_probability. Incremental: a build scores the pairs among int_match_records_affected,
    and built_run_id is the run that scored the pair.
-#}

{%- set matching = syncctl_settings().matching -%}

with

compared as (

    {#- on an incremental build, the pairs among int_match_records_affected: all it holds -#}
    select * from {{ ref('int_match_pairs_compared') }}

),

weights as (

    select * from {{ ref('int_match_weights_in_use') }}

),

term_frequencies as (

    select * from {{ ref('int_match_term_frequencies') }}

),

parameters as (

    select
        map(list(comparison_level_id), list(match_weight)) as weight_by_level,
        map(list(comparison_level_id), list(m)) as m_by_level,
        any_value(prior_weight) as prior_weight

    from weights

),

{% for comparison in matching.comparisons if comparison.term_frequency -%}
{{ comparison.name }}_frequencies as (

    select value, term_frequency
    from term_frequencies
    where comparison = '{{ comparison.name }}'

),

{% endfor -%}
weighed as (

    select
        compared.*,
        {%- for comparison in matching.comparisons %}
        case
            when compared.{{ comparison.name }}_level = -1 then 0.0
            {%- if comparison.term_frequency %}
            when compared.{{ comparison.name }}_level = 0 and {{ comparison.name }}_frequencies.term_frequency is not null
                then log2(parameters.m_by_level['{{ comparison.name }}:0'] / {{ comparison.name }}_frequencies.term_frequency)
            {%- endif %}
            else parameters.weight_by_level['{{ comparison.name }}:' || cast(compared.{{ comparison.name }}_level as varchar)]
        end as {{ comparison.name }}_weight,
        {%- endfor %}
        parameters.prior_weight

    from compared
    cross join parameters
    {%- for comparison in matching.comparisons if comparison.term_frequency %}
    left join {{ comparison.name }}_frequencies
        on compared.{{ comparison.name }}_value = {{ comparison.name }}_frequencies.value
    {%- endfor %}

),

scored as (

    select
        *,
        prior_weight{% for comparison in matching.comparisons %} + {{ comparison.name }}_weight{% endfor %} as match_weight,
        case
            {%- for rule in matching.link_rules %}
            when {% for name in rule.exact %}{{ name }}_level = 0{{ " and " if not loop.last }}{% endfor %}
                then '{{ rule.name }}'
            {%- endfor %}
        end as link_rule

    from weighed

),

final as (

    select
        *,
        1 / (1 + pow(2, -match_weight)) as match_probability,
        cannot_link_reason is null
            and (link_rule is not null or 1 / (1 + pow(2, -match_weight)) >= {{ matching.match_probability }})
            as is_linked,
        {{ current_run_id() }} as built_run_id

    from scored

)

select * from final
