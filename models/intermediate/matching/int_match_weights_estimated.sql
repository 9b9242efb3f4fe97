{#-
    One row per comparison and agreement level: the Fellegi-Sunter parameters, estimated from the data
    without labels.
    - u (probability of this level for two different people): from random pairs, smoothed so that no
      level has a probability of zero.
    - m (probability of this level for the same person) and the share of candidate pairs that match:
      expectation-maximisation over the candidate pairs of the blocking rules with `train: true`, with u
      held fixed. (Pairs from loose rules, such as same name only, would let EM take "same name" for
      "same person".) The pairs are grouped by
      their pattern of levels first, so each iteration works on a few thousand rows whatever the data
      size. The iterations (matching.em_iterations) are unrolled into CTEs.
    match_weight = log2(m / u): what agreeing at this level adds to a pair's evidence.
    expected_matching_pairs (the same on every row) is how many candidate pairs EM takes for matches;
    the scoring turns it into the prior of two random records being the same person.
-#}

{%- set matching = syncctl_settings().matching -%}
{%- set comparisons = matching.comparisons -%}
{%- set training_rules = [] -%}
{%- for rule in matching.blocking_rules if rule.train -%}{%- do training_rules.append(rule.name) -%}{%- endfor -%}

with

compared as (

    select * from {{ ref('int_match_pairs_compared') }}
    {#- nothing to estimate while the stored weights are in use #}
    where not {{ stored_weights_fit() }}

),

sampled as (

    select * from {{ ref('int_match_levels_sampled') }}

),

level_grid as (

    {% for comparison in comparisons -%}
    {%- set outer = loop -%}
    {%- for level in range(comparison.levels | length + 1) -%}
    select
        '{{ comparison.name }}' as comparison,
        {{ level }} as level,
        {{ comparison.levels | length + 1 }} as level_count,
        {#- start with most same-person pairs at the strictest level -#}
        {{ 0.9 if level == 0 else (0.1 / (comparison.levels | length)) }} as initial_m
    {% if not (outer.last and loop.last) %}union all
    {% endif -%}
    {%- endfor %}
    {%- endfor %}

),

u_probabilities as (

    select
        level_grid.comparison,
        level_grid.level,
        (coalesce(sampled.sampled_pairs, 0) + 1.0)
            / (sum(coalesce(sampled.sampled_pairs, 0)) over (partition by level_grid.comparison) + level_grid.level_count)
            as u

    from level_grid
    left join sampled
        on level_grid.comparison = sampled.comparison
        and level_grid.level = sampled.level

),

patterns as (

    select
        {%- for comparison in comparisons %}
        {{ comparison.name }}_level,
        {%- endfor %}
        count(*) as pair_count

    from compared
    where list_has_any(blocking_rules, [{% for name in training_rules %}'{{ name }}'{{ ", " if not loop.last }}{% endfor %}])
    group by all

),

numbered_patterns as (

    select
        row_number() over (order by {% for comparison in comparisons %}{{ comparison.name }}_level{{ ", " if not loop.last }}{% endfor %}) as pattern_id,
        *

    from patterns

),

pattern_levels as (

    {% for comparison in comparisons -%}
    select pattern_id, pair_count, '{{ comparison.name }}' as comparison, {{ comparison.name }}_level as level
    from numbered_patterns
    where {{ comparison.name }}_level >= 0
    {% if not loop.last %}union all
    {% endif -%}
    {%- endfor %}

),

pattern_u as (

    select pattern_levels.pattern_id, sum(ln(u_probabilities.u)) as log_u
    from pattern_levels
    inner join u_probabilities
        on pattern_levels.comparison = u_probabilities.comparison
        and pattern_levels.level = u_probabilities.level
    group by pattern_levels.pattern_id

),

m_0 as (

    select comparison, level, initial_m as m, 0.3 as prior from level_grid

),

{% for iteration in range(matching.em_iterations) -%}
{%- set current = 'm_' ~ iteration -%}
{%- set following = 'm_' ~ (iteration + 1) -%}
posterior_{{ iteration }} as (

    select
        pattern_levels.pattern_id,
        any_value(pattern_levels.pair_count) as pair_count,
        any_value({{ current }}.prior) * exp(sum(ln({{ current }}.m))) / (
            any_value({{ current }}.prior) * exp(sum(ln({{ current }}.m)))
            + (1 - any_value({{ current }}.prior)) * exp(any_value(pattern_u.log_u))
        ) as match_probability

    from pattern_levels
    inner join {{ current }}
        on pattern_levels.comparison = {{ current }}.comparison
        and pattern_levels.level = {{ current }}.level
    inner join pattern_u
        on pattern_levels.pattern_id = pattern_u.pattern_id
    group by pattern_levels.pattern_id

),

expected_{{ iteration }} as (

    select
        level_grid.comparison,
        level_grid.level,
        level_grid.level_count,
        coalesce(sum(posterior_{{ iteration }}.match_probability * pattern_levels.pair_count), 0) as expected_matches

    from level_grid
    left join pattern_levels
        on level_grid.comparison = pattern_levels.comparison
        and level_grid.level = pattern_levels.level
    left join posterior_{{ iteration }}
        on pattern_levels.pattern_id = posterior_{{ iteration }}.pattern_id
    group by level_grid.comparison, level_grid.level, level_grid.level_count

),

{{ following }} as (

    select
        comparison,
        level,
        (expected_matches + 0.01) / (sum(expected_matches) over (partition by comparison) + 0.01 * level_count) as m,
        (
            select least(greatest(sum(match_probability * pair_count) / sum(pair_count), 0.001), 0.999)
            from posterior_{{ iteration }}
        ) as prior

    from expected_{{ iteration }}

),

{% endfor -%}
final as (

    select
        {{ dbt.concat(['m.comparison', "':'", 'cast(m.level as ' ~ dbt.type_string() ~ ')']) }} as comparison_level_id,
        m.comparison,
        m.level,
        m.m,
        u_probabilities.u,
        log2(m.m / u_probabilities.u) as match_weight,
        m.prior as candidate_match_share,
        m.prior * (select sum(pair_count) from patterns) as expected_matching_pairs

    from m_{{ matching.em_iterations }} as m
    inner join u_probabilities
        on m.comparison = u_probabilities.comparison
        and m.level = u_probabilities.level

)

select * from final
