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

sized as (

    {#- grouping on a 64-bit hash of the key is much faster than on the text; collisions only merge groups -#}
    select
        *,
        count(*) over (partition by blocking_rule, {{ dbt.hash('blocking_key') }}) as key_group_size

    from keys

),

final as (

    select
        {{ dbt.concat(['source_record_key', "'|'", 'blocking_rule']) }} as blocking_key_id,
        source_record_key,
        blocking_rule,
        blocking_key,
        key_group_size,
        key_group_size > {{ matching.max_key_group_size }} as is_generic

    from sized

)

select * from final
