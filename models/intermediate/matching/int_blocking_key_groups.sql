-- depends_on: {{ ref('int_source_records_changed') }}
{{
    config(
        materialized='incremental',
        unique_key='blocking_key_hash',
        incremental_strategy='delete+insert',
        pre_hook="{{ delete_empty_key_groups() }}",
    )
}}

{#-
    One row per key group (the hash of blocking rule and key): its rule and how many current record
    versions share the key. A group larger than matching.max_key_group_size is generic (a shared inbox, a switchboard
    number, a placeholder the seeds missed) and pairs nothing.
    Incremental: a build counts again only the groups of the keys the changed records
    (int_source_records_changed) left or joined, marks them with touched_run_id, and keeps size_change,
    how many members they gained (or lost, when negative), for int_match_records_affected. A group that
    lost its last member stays with size 0 until the next build.
-#}

{%- set matching = syncctl_settings().matching -%}

{#- The keys table is named in each step, not as one CTE: read twice, a CTE would be materialized whole
    (4 million keys), where each read alone keeps only the rows its join needs. -#}

with

{% if is_incremental() -%}
changed as (

    select * from {{ ref('int_source_records_changed') }}

),

changed_versions as (

    select landed_row_id, 1 as size_change from changed where landed_row_id is not null
    union all
    select previous_landed_row_id, -1 from changed where previous_landed_row_id is not null

),

touched_groups as (

    select
        keys.blocking_key_hash,
        any_value(keys.blocking_rule) as blocking_rule,
        sum(changed_versions.size_change) as size_change

    from {{ ref('int_blocking_keys_extracted') }} as keys
    inner join changed_versions
        on keys.landed_row_id = changed_versions.landed_row_id
    group by keys.blocking_key_hash

),

counted as (

    select
        touched_groups.blocking_key_hash,
        any_value(touched_groups.blocking_rule) as blocking_rule,
        count(keys.blocking_key_hash) as key_group_size,
        any_value(touched_groups.size_change) as size_change

    from touched_groups
    left join {{ ref('int_blocking_keys_extracted') }} as keys
        on touched_groups.blocking_key_hash = keys.blocking_key_hash
        and keys.is_current
    group by touched_groups.blocking_key_hash

),
{%- else -%}
counted as (

    select
        blocking_key_hash,
        any_value(blocking_rule) as blocking_rule,
        count(*) as key_group_size,
        count(*) as size_change

    from {{ ref('int_blocking_keys_extracted') }}
    where is_current
    group by blocking_key_hash

),
{%- endif %}

final as (

    select
        blocking_rule,
        blocking_key_hash,
        key_group_size,
        key_group_size > {{ matching.max_key_group_size }} as is_generic,
        size_change,
        {{ current_run_id() }} as touched_run_id

    from counted

)

select * from final
