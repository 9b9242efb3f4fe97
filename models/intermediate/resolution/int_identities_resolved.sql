{#-
    One row per accepted source record with the unified customer it belongs to: the connected
    components of the linked pairs of int_match_pairs_compared. A customer's id is derived from its
    smallest member key, so it does not depend on the order rows arrive in.
-#}

with

records as (

    select source_record_key as node_id
    from {{ ref('int_source_records_validated') }}
    where reject_reason is null

),

linked_pairs as (

    select * from {{ ref('int_match_pairs_compared') }}
    where is_linked

),

edges as (

    select
        source_record_key_a as node_a,
        source_record_key_b as node_b

    from linked_pairs

),

components as (

    {{ connected_components('records', 'edges') }}

),

final as (

    select
        node_id as source_record_key,
        component_id as cluster_key,
        {{ dbt.concat(["'cus_'", 'left(' ~ dbt.hash('component_id') ~ ', 16)']) }} as customer_id

    from components

)

select * from final
