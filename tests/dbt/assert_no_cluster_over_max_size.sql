{{ config(store_failures=true) }}

{#-
    Over-merge guard: no unified customer has more member records than matching.max_cluster_size.
    Returns each oversized cluster with the weakest link inside it (the lowest match probability), the
    edge most likely to have glued two people together.
-#}

with

identities as (

    select * from {{ ref('int_identities_resolved') }}

),

oversized as (

    select customer_id, any_value(cluster_size) as cluster_size
    from identities
    group by customer_id
    having any_value(cluster_size) > {{ syncctl_settings().matching.max_cluster_size }}

),

links as (

    select
        identities.customer_id,
        scored.match_pair_id,
        scored.match_probability,
        scored.link_rule

    from {{ ref('int_match_pairs_scored') }} as scored
    inner join identities
        on scored.source_record_key_a = identities.source_record_key
    where scored.is_linked

)

select
    oversized.customer_id,
    oversized.cluster_size,
    arg_min(links.match_pair_id, links.match_probability) as weakest_link,
    min(links.match_probability) as weakest_link_probability

from oversized
left join links
    on oversized.customer_id = links.customer_id
group by oversized.customer_id, oversized.cluster_size
