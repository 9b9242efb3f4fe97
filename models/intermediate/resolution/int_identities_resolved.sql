{#-
    One row per accepted source record with the unified customer it belongs to: the connected components
    of the linked pairs (int_match_pairs_scored). A customer's id comes from its founding record: the
    member that arrived first (earliest first_seen_batch_id, then smallest record key). So the id stays
    when a customer gains records; when customers merge the oldest id survives; when one splits, the
    part with the oldest member keeps it. It never depends on row order.

    Cannot-link rules stop direct links only; a third record can still chain two different people
    together. So a component whose members hold different dates of birth or national ids is clustered
    again from its strong links only: a link rule, or a match probability of at least
    matching.strong_link_probability where each comparison of matching.strong_link_levels agrees at that
    level or a stricter one (levels count from 0, the strictest; -1, a missing value, passes). Mary and
    Mark of one household, one address and no known date of birth on Mark's second record, are linked by
    probability; the first-name level keeps that link from holding their customer together.

    A build clusters the records of int_identities_affected only (every record on a full build; links
    never cross the edge of that set); customer_xref keeps every record's customer.
    cluster_key is the smallest source_record_key of the cluster.
-#}

{%- set matching = syncctl_settings().matching -%}
{%- set strong_link_levels = matching.get('strong_link_levels') or {} -%}

with

records as (

    {#- clustered by landed_row_id: a number, and the pairs carry the current one of each record #}
    select
        landed_row_id as node_id,
        source_record_key,
        first_seen_batch_id,
        date_of_birth,
        national_id

    from {{ ref('int_source_records_validated') }}
    where reject_reason is null
    {{ affected_only('source_record_key', ref('int_identities_affected'), keyword='and', recomputed_table=true) }}

),

linked_pairs as (

    select * from {{ ref('int_match_pairs_scored') }}
    where is_linked
    {{ affected_only('source_record_key_a', ref('int_identities_affected'), keyword='and', affected_column='source_record_key', recomputed_table=true) }}

),

edges as (

    select
        landed_row_id_a as node_a,
        landed_row_id_b as node_b

    from linked_pairs

),

first_pass as (

    {{ connected_components('records', 'edges') }}

),

conflicted_components as (

    select first_pass.component_id
    from first_pass
    inner join records
        on first_pass.node_id = records.node_id
    group by first_pass.component_id
    having count(distinct records.date_of_birth) > 1 or count(distinct records.national_id) > 1

),

conflicted_nodes as (

    select first_pass.node_id
    from first_pass
    inner join conflicted_components
        on first_pass.component_id = conflicted_components.component_id

),

strong_edges as (

    select
        linked_pairs.landed_row_id_a as node_a,
        linked_pairs.landed_row_id_b as node_b

    from linked_pairs
    inner join conflicted_nodes
        on linked_pairs.landed_row_id_a = conflicted_nodes.node_id
    where linked_pairs.link_rule is not null
        or (linked_pairs.match_probability >= {{ matching.strong_link_probability }}
            {%- for comparison in matching.get('comparisons', []) if comparison.name in strong_link_levels %}
            and linked_pairs.{{ comparison.name }}_level <= {{ comparison.levels.index(strong_link_levels[comparison.name]) }}
            {%- endfor %})

),

second_pass as (

    {{ connected_components('conflicted_nodes', 'strong_edges') }}

),

components as (

    select
        first_pass.node_id,
        coalesce(second_pass.component_id, first_pass.component_id) as component_id

    from first_pass
    left join second_pass
        on first_pass.node_id = second_pass.node_id

),

members as (

    select
        components.component_id,
        records.source_record_key,
        records.first_seen_batch_id

    from components
    inner join records
        on components.node_id = records.node_id

),

founders as (

    select
        component_id,
        min(source_record_key) as cluster_key,
        arg_min(source_record_key, struct_pack(batch := first_seen_batch_id, record_key := source_record_key))
            as founder_record_key,
        count(*) as cluster_size

    from members
    group by component_id

),

founders_named as (

    {#- the id once per customer, not once per record #}
    select
        *,
        {{ dbt.concat(["'cus_'", 'left(' ~ dbt.hash('founder_record_key') ~ ', 16)']) }} as customer_id

    from founders

),

final as (

    select
        members.source_record_key,
        founders.cluster_key,
        founders.founder_record_key,
        founders.cluster_size,
        founders.customer_id

    from members
    inner join founders_named as founders
        on members.component_id = founders.component_id

)

select * from final
