{{
    config(
        materialized='incremental',
        unique_key='record_key',
        incremental_strategy='delete+insert',
    )
}}

{#-
    One row per source record: which landed row is its current version, and whether it was deleted
    upstream (two or more rows when its current batch holds the record twice: all of them are rejected
    as duplicates). Narrow (no values); int_source_records_current joins the values back.

    A record's versions are its landed rows (int_landed_rows_keyed); the current one is from the batch
    with the newest updated_at (a row without one counts as of its landing time), then the latest batch.
    So late-arriving data, older than what is already stored, never overwrites newer values. A row sent
    again unchanged (same record_hash, e.g. every unchanged record of a full snapshot) is no new version:
    the record keeps the landed row that first brought those values, so nothing downstream sees a change.
    `rows_in_batch` > 1 means the key was duplicated within that batch; `first_seen_batch_id` is the
    batch the record first came in.

    Deletes, by the source's `extract` and `on_delete` settings in syncctl.yml:
    - extract: full: a record missing from the source's newest snapshot (its latest landed batch, even an
      empty one) is deleted in that batch;
    - extract: incremental: a record whose current version matches `delete_when` is deleted;
    - on_delete: ignore keeps the record as last seen: delete rows are skipped and snapshots delete nothing.

    A record with one live row (every record of a first build from one batch per source) is that row;
    only records with several rows go through the ranking of their batches.

    Incremental: a build picks the version again only for the records it touches
    (int_source_records_touched).
-#}

with

landed_rows as (

    select * from {{ ref('int_landed_rows_keyed') }}

),

landed_batches as (

    select * from {{ source('syncctl_state', 'landed_files') }}

),

touched as (

    select * from {{ ref('int_source_records_touched') }}

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
        {{ source_setting('extract') }} as extract,
        {{ source_setting('on_delete') }} as on_delete

    from landed_rows
    {%- if is_incremental() %}
    where record_key in (select record_key from touched)
    {%- endif %}

),

live_versions as (

    select
        *,
        count(*) over (partition by record_key) as live_rows

    from versions
    where not (is_delete_marker and on_delete = 'ignore')

),

single_rows as (

    {#- a record with one live row (most records, and every record of a first build's single batch) is
        that row: it is alone in its batch, and no earlier row can have brought its values -#}
    select
        * exclude (live_rows),
        1 as rows_in_batch,
        batch_id as first_seen_batch_id,
        batch_id as last_seen_batch_id

    from live_versions
    where live_rows = 1

),

multi_rows as (

    select
        * exclude (live_rows),
        count(*) over (partition by record_key, batch_id) as rows_in_own_batch

    from live_versions
    where live_rows > 1

),

record_batches as (

    select
        record_key,
        batch_id,
        count(*) as rows_in_batch,
        max(version_at) as version_at

    from multi_rows
    group by record_key, batch_id

),

ranked_batches as (

    select
        *,
        row_number() over (
            partition by record_key
            order by version_at desc, batch_id desc
        ) as version_rank,
        min(batch_id) over (partition by record_key) as first_seen_batch_id,
        max(batch_id) over (partition by record_key) as last_seen_batch_id

    from record_batches

),

multi_current_rows as (

    select
        multi_rows.* exclude (rows_in_own_batch),
        ranked_batches.rows_in_batch,
        ranked_batches.first_seen_batch_id,
        ranked_batches.last_seen_batch_id

    from multi_rows
    inner join ranked_batches
        on multi_rows.record_key = ranked_batches.record_key
        and multi_rows.batch_id = ranked_batches.batch_id
    where ranked_batches.version_rank = 1

),

first_identical_rows as (

    {#-
        the landed row that first brought a current row's values, alone in its batch (a row duplicated
        within its batch was rejected then, so it cannot stand in)
    -#}
    select
        multi_current_rows.record_key,
        arg_min(
            struct_pack(batch_id := multi_rows.batch_id, source_row_number := multi_rows.source_row_number, landed_row_id := multi_rows.landed_row_id),
            multi_rows.batch_id
        ) as first_row

    from multi_current_rows
    inner join multi_rows
        on multi_current_rows.record_key = multi_rows.record_key
        and multi_current_rows.record_hash = multi_rows.record_hash
        and multi_rows.batch_id < multi_current_rows.batch_id
    where multi_current_rows.rows_in_batch = 1
        and multi_rows.rows_in_own_batch = 1
    group by multi_current_rows.record_key

),

current_rows as (

    select * from single_rows
    union all
    select * from multi_current_rows

),

final as (

    select
        current_rows.record_key,
        coalesce(first_identical_rows.first_row.landed_row_id, current_rows.landed_row_id) as landed_row_id,
        current_rows.source,
        current_rows.source_record_id,
        coalesce(first_identical_rows.first_row.batch_id, current_rows.batch_id) as batch_id,
        coalesce(first_identical_rows.first_row.source_row_number, current_rows.source_row_number)
            as source_row_number,
        current_rows.rows_in_batch,
        current_rows.first_seen_batch_id,
        current_rows.on_delete,
        case
            when current_rows.source_record_id is null then null
            when current_rows.is_delete_marker then current_rows.batch_id
            when current_rows.extract = 'full'
                and current_rows.on_delete <> 'ignore'
                and current_rows.last_seen_batch_id < newest_snapshots.newest_batch_id
                then newest_snapshots.newest_batch_id
        end as deleted_in_batch_id

    from current_rows
    left join first_identical_rows
        on current_rows.record_key = first_identical_rows.record_key
    left join newest_snapshots
        on current_rows.source = newest_snapshots.source

)

select
    *,
    deleted_in_batch_id is not null as is_deleted

from final
