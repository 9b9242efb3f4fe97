{#-
    One row per accepted (or just removed) source record whose candidate pairs an incremental build
    recomputes: every changed record (int_source_records_changed), and every record that shares a key
    group with the old or the new version of one, since a change in a group's size can make it generic
    or not. A group that is generic before and after pairs nothing either way and adds no records.
    A pair with both records here is recomputed; any other pair cannot have changed. On a full refresh
    every record is here.
-#}

{%- set matching = syncctl_settings().matching -%}

with

changed as (

    select * from {{ ref('int_source_records_changed') }}

),

keys as (

    select * from {{ ref('int_blocking_keys_extracted') }}

),

accepted as (

    select source_record_key, landed_row_id from {{ ref('int_source_records_validated') }}
    where reject_reason is null

),

groups as (

    select * from {{ ref('int_blocking_key_groups') }}

),

{% if flags.FULL_REFRESH -%}
final as (

    select source_record_key from accepted

)
{%- else -%}
changed_versions as (

    select landed_row_id, 1 as size_change from changed where landed_row_id is not null
    union all
    select previous_landed_row_id, -1 from changed where previous_landed_row_id is not null

),

touched_groups as (

    select
        keys.blocking_rule,
        keys.blocking_key_hash,
        sum(changed_versions.size_change) as size_change

    from keys
    inner join changed_versions
        on keys.landed_row_id = changed_versions.landed_row_id
    group by keys.blocking_rule, keys.blocking_key_hash

),

regrouped as (

    {#- the touched groups, unless generic both now and before the change -#}
    select touched_groups.blocking_rule, touched_groups.blocking_key_hash
    from touched_groups
    left join groups
        on touched_groups.blocking_rule = groups.blocking_rule
        and touched_groups.blocking_key_hash = groups.blocking_key_hash
    where not (
        coalesce(groups.key_group_size, 0) > {{ matching.max_key_group_size }}
        and coalesce(groups.key_group_size, 0) - touched_groups.size_change > {{ matching.max_key_group_size }}
    )

),

group_members as (

    select keys.source_record_key
    from keys
    inner join accepted
        on keys.landed_row_id = accepted.landed_row_id
    inner join regrouped
        on keys.blocking_rule = regrouped.blocking_rule
        and keys.blocking_key_hash = regrouped.blocking_key_hash

),

final as (

    select source_record_key from group_members
    union
    select source_record_key from changed

)
{%- endif %}

select * from final
