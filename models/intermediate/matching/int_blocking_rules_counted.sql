{#-
    One row per blocking rule: how many records it keys, how many key groups are generic, and how many
    candidate pairs it generates. A rule over matching.max_pairs_per_blocking_rule fails the data test
    assert_blocking_rules_within_pair_limit, and then no pairs are generated at all.
-#}

{%- set matching = syncctl_settings().matching -%}

with

groups as (

    select
        blocking_rule,
        key_group_size as records,
        is_generic

    from {{ ref('int_blocking_key_groups') }}

),

rules as (

    {% for rule in matching.blocking_rules -%}
    select '{{ rule.name }}' as blocking_rule, {{ loop.index }} as rule_position
    {% if not loop.last %}union all
    {% endif -%}
    {%- endfor %}

),

final as (

    select
        rules.blocking_rule,
        rules.rule_position,
        coalesce(sum(groups.records), 0) as records_keyed,
        count(*) filter (where groups.is_generic) as generic_keys,
        cast(coalesce(sum(groups.records * (groups.records - 1) // 2) filter (where not groups.is_generic), 0) as bigint)
            as candidate_pairs,
        {{ matching.max_pairs_per_blocking_rule }} as max_pairs

    from rules
    left join groups
        on rules.blocking_rule = groups.blocking_rule
    group by rules.blocking_rule, rules.rule_position

)

select * from final
