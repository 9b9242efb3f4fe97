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

groups as (

    select * from {{ ref('int_blocking_key_groups') }}

),

validated as (

    select * from {{ ref('int_source_records_validated') }}

),

{% if flags.FULL_REFRESH -%}
final as (

    select source_record_key from validated
    where reject_reason is null

)
{%- else -%}
regrouped as materialized (

    {#- the groups this build touched, unless generic both now and before the change. Materialized: else
        DuckDB joins all blocking keys with all groups before it filters on the run id -#}
    select blocking_key_hash
    from groups
    where touched_run_id = {{ current_run_id() }}
        and not (
            key_group_size > {{ matching.max_key_group_size }}
            and key_group_size - size_change > {{ matching.max_key_group_size }}
        )

),

group_members as (

    select keys.source_record_key
    from keys
    inner join regrouped
        on keys.blocking_key_hash = regrouped.blocking_key_hash
    where keys.is_current

),

final as (

    select source_record_key from group_members
    union
    select source_record_key from changed

)
{%- endif %}

select * from final
