{#-
    One row per blocking rule and key group (by key hash): how many live record versions share the key.
    A group larger than matching.max_key_group_size is generic (a shared inbox, a switchboard number,
    a placeholder the seeds missed) and pairs nothing.
-#}

{%- set matching = syncctl_settings().matching -%}

with

keys as (

    select * from {{ ref('int_blocking_keys_extracted') }}

),

accepted as (

    select landed_row_id from {{ ref('int_source_records_validated') }}
    where reject_reason is null

),

final as (

    select
        keys.blocking_rule,
        keys.blocking_key_hash,
        count(*) as key_group_size,
        count(*) > {{ matching.max_key_group_size }} as is_generic

    from keys
    inner join accepted
        on keys.landed_row_id = accepted.landed_row_id
    group by keys.blocking_rule, keys.blocking_key_hash

)

select * from final
