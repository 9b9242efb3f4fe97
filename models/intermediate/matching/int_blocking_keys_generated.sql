{#-
    One row per accepted source record and blocking rule (matching.blocking_rules in syncctl.yml) whose
    columns the record has: the blocking key. Records with the same key under a rule become candidate
    pairs. A key shared by more records than matching.max_key_group_size is generic (a shared inbox,
    a switchboard number, a placeholder the seeds missed) and pairs nothing.
-#}

{%- set matching = syncctl_settings().matching -%}

with

records as (

    select * from {{ ref('int_source_records_validated') }}
    where reject_reason is null

),

keys as (

    {% for rule in matching.blocking_rules -%}
    select
        source_record_key,
        '{{ rule.name }}' as blocking_rule,
        {{ dbt.concat(intersperse_columns(rule.columns)) }} as blocking_key

    from records
    where {% for column in rule.columns %}{{ column }} is not null{{ " and " if not loop.last }}{% endfor %}
    {% if not loop.last %}
    union all

    {% endif -%}
    {%- endfor %}

),

final as (

    select
        {{ dbt.concat(['source_record_key', "'|'", 'blocking_rule']) }} as blocking_key_id,
        source_record_key,
        blocking_rule,
        blocking_key,
        count(*) over (partition by blocking_rule, blocking_key) as key_group_size,
        count(*) over (partition by blocking_rule, blocking_key) > {{ matching.max_key_group_size }} as is_generic

    from keys

)

select * from final
