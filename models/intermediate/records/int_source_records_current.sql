{{ config(materialized='view') }}

{#-
    A view: standardization reads it once, so a table would only copy every row.
    The current version of each source record: the rows of the latest batch that carried its primary
    key. Rows without a primary key are kept (they are rejected downstream). `rows_in_batch` > 1 means
    the key was duplicated within that batch; `first_seen_batch_id` is the batch the record first came in.
-#}

with

unioned as (

    select * from {{ ref('int_source_records_unioned') }}

),

record_batches as (

    select
        source,
        source_record_id,
        batch_id,
        count(*) as rows_in_batch,
        row_number() over (
            partition by source, source_record_id
            order by batch_id desc
        ) as batch_recency,
        min(batch_id) over (partition by source, source_record_id) as first_seen_batch_id

    from unioned
    where source_record_id is not null
    group by source, source_record_id, batch_id

),

current_versions as (

    select
        unioned.*,
        record_batches.rows_in_batch,
        record_batches.first_seen_batch_id

    from unioned
    inner join record_batches
        on unioned.source = record_batches.source
        and unioned.source_record_id = record_batches.source_record_id
        and unioned.batch_id = record_batches.batch_id
    where record_batches.batch_recency = 1

),

without_primary_key as (

    select
        unioned.*,
        1 as rows_in_batch,
        unioned.batch_id as first_seen_batch_id

    from unioned
    where unioned.source_record_id is null

),

final as (

    select * from current_versions
    union all
    select * from without_primary_key

)

select * from final
