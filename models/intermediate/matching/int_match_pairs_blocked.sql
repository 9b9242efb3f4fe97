{#-
    One row per candidate pair of accepted records (a < b by source_record_key) that this build scores,
    by their current landed_row_id: two records that share a non-generic key under at least one
    blocking rule, and the rules that put them together.
    On a full build every pair; on an incremental build the pairs among int_match_records_affected only
    (int_match_pairs_scored keeps all of them). Ephemeral: int_match_pairs_compared, its only reader,
    takes it as a CTE, so the pairs are not written and read back (0.9 s of a full build at 1,000,000
    records); its key is tested there.
-#}

{{ config(materialized='ephemeral') }}

with

blocking_keys as (

    {#- the current keys in groups that are not generic (int_blocking_keys_generated without the key text)
        and that hold another key: a key alone in its group pairs nothing (a third of the keys) #}
    select keys.landed_row_id, keys.source_record_key, keys.blocking_rule, keys.blocking_key_hash
    from {{ ref('int_blocking_keys_extracted') }} as keys
    {{- affected_join('keys.source_record_key', ref('int_match_records_affected'), 'source_record_key') }}
    inner join {{ ref('int_blocking_key_groups') }} as groups
        on keys.blocking_key_hash = groups.blocking_key_hash
    where keys.is_current
        and not groups.is_generic
        and groups.key_group_size > 1

),

rules_within_limit as (

    select blocking_rule from {{ ref('int_blocking_rules_counted') }}
    where candidate_pairs <= max_pairs

),

keys as (

    select blocking_keys.*
    from blocking_keys
    inner join rules_within_limit
        on blocking_keys.blocking_rule = rules_within_limit.blocking_rule

),

pairs as (

    {#- the pair's records by their current landed_row_id (one per record): grouping on two numbers
        costs less than on two texts. Record a is still the one with the smaller source_record_key #}
    select
        left_key.landed_row_id as landed_row_id_a,
        right_key.landed_row_id as landed_row_id_b,
        {#- a record has one key per rule, so a rule comes up once per pair; sorting the list afterwards
            costs less than an ordered aggregate #}
        list_sort(list(left_key.blocking_rule)) as blocking_rules

    from keys as left_key
    {#- blocking_key_hash is the hash of rule and key. Comparing the texts as well costs a quarter of
        this model's time, and a hash collision (odds about 1 in 2,000,000 at 4,000,000 keys) adds one
        candidate pair, which scoring then judges like any other #}
    inner join keys as right_key
        on left_key.blocking_key_hash = right_key.blocking_key_hash
        and left_key.source_record_key < right_key.source_record_key
    group by left_key.landed_row_id, right_key.landed_row_id

)

select * from pairs
