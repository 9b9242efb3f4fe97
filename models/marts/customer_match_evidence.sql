-- depends_on: {{ ref('int_identities_affected') }}
{# append: the pre_hook deleted every link this build inserts (see delete_affected) #}
{{
    config(
        materialized='incremental',
        unique_key='match_pair_id',
        incremental_strategy='append',
        pre_hook="{{ delete_affected('source_record_key_a', ref('int_identities_affected'), affected_column='source_record_key') }}",
    )
}}

{#-
    One row per accepted link between two source records: why they were linked. The blocking rules that
    made them a candidate pair, each comparison's agreement level and the match weight it added, the
    total weight and probability, and the deterministic link rule when one decided. `syncctl explain`
    reads this. Incremental: a build rewrites the links of int_identities_affected.
-#}

{%- set matching = syncctl_settings().matching -%}

with

scored as (

    select * from {{ ref('int_match_pairs_scored') }}
    where is_linked
    {{ affected_only('source_record_key_a', ref('int_identities_affected'), keyword='and', affected_column='source_record_key') }}

),

identities as (

    select * from {{ ref('int_identities_resolved') }}

),

final as (

    select
        scored.match_pair_id,
        identities.customer_id,
        scored.source_record_key_a,
        scored.source_record_key_b,
        scored.blocking_rules,
        {%- for comparison in matching.comparisons %}
        {{ comparison_level_name(comparison, 'scored.' ~ comparison.name ~ '_level') }} as {{ comparison.name }}_level,
        scored.{{ comparison.name }}_weight,
        {%- endfor %}
        scored.is_name_swapped,
        scored.prior_weight,
        scored.match_weight,
        scored.match_probability,
        scored.link_rule,
        case when scored.link_rule is not null then 'link_rule' else 'match_probability' end as linked_by,
        {{ current_run_id() }} as built_run_id

    from scored
    inner join identities
        on scored.source_record_key_a = identities.source_record_key

)

select * from final
