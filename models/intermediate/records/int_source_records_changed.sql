{#-
    One row per source record that changed since the last successful build: a new accepted record
    (insert), a new version of one (update), or one that is no longer accepted (remove: deleted
    upstream, or rejected now). Compared by landed_row_id against syncctl_state.build_xref, the
    assignment that build left, so a build that failed is simply caught up by the next one.
    An incremental build recomputes matching, clustering and survivorship only around these records.
-#}

with

accepted as (

    select
        source_record_key,
        landed_row_id

    from {{ ref('int_source_records_validated') }}
    where reject_reason is null

),

previous as (

    select
        source_record_key,
        landed_row_id

    from {{ source('syncctl_state', 'build_xref') }}

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

)

select * from final
