-- depends_on: {{ ref('int_source_records_touched') }}
{{
    config(
        materialized='incremental',
        unique_key='landed_row_id',
        incremental_strategy='delete+insert',
        post_hook="{{ delete_no_longer_rejected() }}",
    )
}}

{#-
    One row per landed source row that cannot be used: the rule it failed, the field and value that
    failed it, where it came from (file, row, batch) and the raw row as it was landed (JSON).
    Incremental: a build rewrites the rows of the records it touched.
-#}

{%- set sources = syncctl_settings().sources -%}

with

rejected as (

    select * from {{ ref('int_source_records_validated') }}
    where reject_reason is not null
    {%- if is_incremental() %}
        and record_key in ({{ touched_records() }})
    {%- endif %}

),

{% for name in sources -%}
raw_{{ name }} as (

    select
        '{{ name }}' as source,
        raw._batch_id as batch_id,
        raw._row_number as source_row_number,
        {{ row_to_json('raw') }} as raw_record

    from {{ source(name, 'customers') }} as raw
    where exists (
        select 1 from rejected
        where rejected.source = '{{ name }}'
            and rejected.batch_id = raw._batch_id
            and rejected.source_row_number = raw._row_number
    )

),

{% endfor -%}
raw_rows as (

    {% for name in sources -%}
    select * from raw_{{ name }}
    {% if not loop.last %}union all
    {% endif -%}
    {%- endfor %}

),

final as (

    select
        rejected.landed_row_id,
        rejected.record_key,
        rejected.source,
        rejected.source_record_id,
        rejected.batch_id,
        rejected.source_file,
        rejected.source_row_number,
        rejected.reject_reason,
        rejected.rejected_field,
        rejected.rejected_value,
        raw_rows.raw_record,
        rejected.loaded_at,
        {{ current_run_id() }} as built_run_id

    from rejected
    left join raw_rows
        on rejected.source = raw_rows.source
        and rejected.batch_id = raw_rows.batch_id
        and rejected.source_row_number = raw_rows.source_row_number

)

select * from final
