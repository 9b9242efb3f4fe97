{#-
    One row per accepted source record with the unified customer it belongs to: the connected
    components of the records linked by a shared, non-generic match key. A customer's id is derived
    from its smallest member key, so it does not depend on the order rows arrive in.
-#}

with

records as (

    select source_record_key as node_id
    from {{ ref('int_source_records_validated') }}
    where reject_reason is null

),

match_keys as (

    select * from {{ ref('int_match_keys_generated') }}
    where not is_generic

),

edges as (

    select
        source_record_key as node_a,
        min(source_record_key) over (partition by key_type, key_value) as node_b

    from match_keys

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
