{#-
    One row per source record that changed since the last successful build: a new accepted record
    (insert), a new version of one (update), or one that is no longer accepted (remove: deleted
    upstream, or rejected now). Compared by landed_row_id against syncctl_state.build_xref, the
    assignment that build left, among the records this build touched (int_source_record_versions), so a
    build that failed is caught up by the next one. After a failed build, every touched record counts as
    changed (update): the failed build may have done part of the work for it.
    An incremental build recomputes matching, clustering and survivorship only around these records.
-#}

with

touched as (

    {{ touched_records() }}

),

current_run as (

    select * from {{ source('syncctl_state', 'current_run') }}

),

accepted as (

    select
        source_record_key,
        landed_row_id

    from {{ ref('int_source_records_validated') }}
    where reject_reason is null
        and record_key in (select record_key from touched)

),

previous as (

    select
        source_record_key,
        landed_row_id

    from {{ source('syncctl_state', 'build_xref') }}
    where source_record_key in (select record_key from touched)

),

final as (

    select
        coalesce(accepted.source_record_key, previous.source_record_key) as source_record_key,
        case
            when previous.source_record_key is null then 'insert'
            when accepted.source_record_key is null then 'remove'
            else 'update'
        end as change_type,
        previous.landed_row_id as previous_landed_row_id,
        accepted.landed_row_id

    from accepted
    full outer join previous
        on accepted.source_record_key = previous.source_record_key
    where accepted.landed_row_id is distinct from previous.landed_row_id
        or (select coalesce(any_value(follows_failed_build), false) from current_run)

)

select * from final
