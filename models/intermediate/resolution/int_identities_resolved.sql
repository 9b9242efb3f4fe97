{#-
    One row per accepted source record with the unified customer it belongs to: the connected components
    of the linked pairs (int_match_pairs_scored). A customer's id comes from its founding record: the
    member that arrived first (earliest first_seen_batch_id, then smallest record key). So the id stays
    when a customer gains records; when customers merge the oldest id survives; when one splits, the
    part with the oldest member keeps it. It never depends on row order.
-#}

with

records as (

    select
        source_record_key as node_id,
        source_record_key,
        first_seen_batch_id

    from {{ ref('int_source_records_validated') }}
    where reject_reason is null

),

linked_pairs as (

    select * from {{ ref('int_match_pairs_scored') }}
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

founders as (

    select
        components.component_id,
        arg_min(records.source_record_key, struct_pack(batch := records.first_seen_batch_id, record_key := records.source_record_key))
            as founder_record_key,
        count(*) as cluster_size

    from components
    inner join records
        on components.node_id = records.node_id
    group by components.component_id

),

final as (

    select
        components.node_id as source_record_key,
        components.component_id as cluster_key,
        founders.founder_record_key,
        founders.cluster_size,
        {{ dbt.concat(["'cus_'", 'left(' ~ dbt.hash('founders.founder_record_key') ~ ', 16)']) }} as customer_id

    from components
    inner join founders
        on components.component_id = founders.component_id

)

select * from final
