{{ config(materialized='view') }}

{#-
    One row per accepted source record and blocking rule (matching.blocking_rules in syncctl.yml) whose
    columns the record has: the blocking key, with its group size. Records with the same key under a rule
    become candidate pairs. A key shared by more records than matching.max_key_group_size is generic and
    pairs nothing. A view over the current keys of int_blocking_keys_extracted.
-#}

with

keys as (

    select * from {{ ref('int_blocking_keys_extracted') }}
    where is_current

),

groups as (

    select * from {{ ref('int_blocking_key_groups') }}

),

final as (

    select
        {{ dbt.concat(['keys.source_record_key', "'|'", 'keys.blocking_rule']) }} as blocking_key_id,
        keys.source_record_key,
        keys.blocking_rule,
        keys.blocking_key,
        keys.blocking_key_hash,
        groups.key_group_size,
        groups.is_generic

    from keys
    inner join groups
        on keys.blocking_key_hash = groups.blocking_key_hash

)

select * from final
