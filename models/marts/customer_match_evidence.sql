{{ config(materialized='view') }}

{#-
    One row per accepted link between two source records: why they were linked. The blocking rules that
    made them a candidate pair, each comparison's agreement level and the match weight it added, the
    total weight and probability, and the deterministic link rule when one decided. `syncctl explain`
    reads this. A view over the linked pairs of int_match_pairs_scored with the customer of record a
    (customer_xref): both are kept current by every build, so the view is too, and a build does not
    copy several hundred thousand links into another table. built_run_id is the run that scored the
    link.
-#}

{%- set matching = syncctl_settings().matching -%}

with

scored as (

    select * from {{ ref('int_match_pairs_scored') }}
    where is_linked

),

xref as (

    select * from {{ ref('customer_xref') }}

),

final as (

    select
        scored.match_pair_id,
        xref.customer_id,
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
        scored.built_run_id

    from scored
    inner join xref
        on scored.source_record_key_a = xref.source_record_key

)

select * from final
