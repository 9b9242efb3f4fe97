{{ config(materialized='view') }}

{#-
    The current version of each source record, and whether it was deleted upstream.

    A record's versions are its landed rows; the current one is from the batch with the newest
    updated_at (a row without one counts as of its landing time), then the latest batch. So late-arriving
    data, older than what is already stored, never overwrites newer values. Rows without a primary key
    are kept (they are rejected downstream). `rows_in_batch` > 1 means the key was duplicated within
    that batch; `first_seen_batch_id` is the batch the record first came in.

    Deletes, by the source's `extract` and `on_delete` settings in syncctl.yml:
    - extract: full: a record missing from the source's newest snapshot (its latest landed batch, even an
      empty one) is deleted in that batch;
    - extract: incremental: a record whose current version matches `delete_when` is deleted;
    - on_delete: ignore keeps the record as last seen: delete rows are skipped and snapshots delete nothing.
-#}

with

unioned as (

    select * from {{ ref('int_source_records_unioned') }}

),

landed_batches as (

    select * from {{ source('syncctl_state', 'landed_files') }}

),

newest_snapshots as (

    select
        source,
        max(batch_id) as newest_batch_id

    from landed_batches
    group by source

),

versions as (

    select
        *,
        {#- a row without a primary key stands alone (it is rejected downstream) -#}
        coalesce(source_record_id, landed_row_id) as record_identity,
        coalesce({{ parse_timestamp('updated_at') }}, loaded_at) as version_at,
        {{ source_setting('extract') }} as extract,
        {{ source_setting('on_delete') }} as on_delete

    from unioned

),

live_versions as (

    select * from versions
    where not (is_delete_marker and on_delete = 'ignore')

),

record_batches as (

    select
        source,
        record_identity,
        batch_id,
        count(*) as rows_in_batch,
        max(version_at) as version_at

    from live_versions
    group by source, record_identity, batch_id

),

ranked_batches as (

    select
        *,
        row_number() over (
            partition by source, record_identity
            order by version_at desc, batch_id desc
        ) as version_rank,
        min(batch_id) over (partition by source, record_identity) as first_seen_batch_id,
        max(batch_id) over (partition by source, record_identity) as last_seen_batch_id

    from record_batches

),

current_versions as (

    select
        live_versions.* exclude (record_identity, version_at, extract),
        ranked_batches.rows_in_batch,
        ranked_batches.first_seen_batch_id,
        case
            when live_versions.source_record_id is null then null
            when live_versions.is_delete_marker then live_versions.batch_id
            when live_versions.extract = 'full'
                and live_versions.on_delete <> 'ignore'
                and ranked_batches.last_seen_batch_id < newest_snapshots.newest_batch_id
                then newest_snapshots.newest_batch_id
        end as deleted_in_batch_id

    from live_versions
    inner join ranked_batches
        on live_versions.source = ranked_batches.source
        and live_versions.record_identity = ranked_batches.record_identity
        and live_versions.batch_id = ranked_batches.batch_id
    left join newest_snapshots
        on live_versions.source = newest_snapshots.source
    where ranked_batches.version_rank = 1

),

final as (

    select
        *,
        deleted_in_batch_id is not null as is_deleted

    from current_versions

)

select * from final
