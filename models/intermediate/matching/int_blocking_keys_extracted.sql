-- depends_on: {{ ref('int_source_records_changed') }}
{{
    config(
        materialized='incremental',
        unique_key=['landed_row_id', 'blocking_rule'],
        incremental_strategy='delete+insert',
        pre_hook="{{ retire_replaced_blocking_keys() }}",
    )
}}

{#-
    One row per accepted record version and blocking rule (matching.blocking_rules in syncctl.yml) whose
    columns it has: the hash of rule and blocking key, which groups and pairs use (the key's text is
    not stored: int_blocking_keys_generated shows it, from the record). is_current marks the keys of each
    record's current version; a replaced version's keys are kept (not current) until the next successful
    build, since int_match_records_affected needs the old keys to find the key groups a change touched.
    Incremental: a build adds the keys of the changed records' new versions (int_source_records_changed),
    and its pre_hook retires the keys they replaced. int_blocking_keys_generated is the live part, with
    group sizes.
-#}

{%- set matching = syncctl_settings().matching -%}

with

records as (

    select * from {{ ref('int_source_records_validated') }}
    where reject_reason is null
    {%- if is_incremental() %}
        and landed_row_id in (
            select landed_row_id from {{ ref('int_source_records_changed') }} where landed_row_id is not null
        )
    {%- endif %}

),

keys as (

    {% for rule in matching.blocking_rules -%}
    select
        landed_row_id,
        source_record_key,
        '{{ rule.name }}' as blocking_rule,
        {{ blocking_key(rule.columns) }} as blocking_key

    from records
    where {% for column in rule.columns %}{{ column }} is not null{{ " and " if not loop.last }}{% endfor %}
    {% if not loop.last %}
    union all

    {% endif -%}
    {%- endfor %}

),

final as (

    select
        landed_row_id,
        source_record_key,
        blocking_rule,
        {#- see key_hash: grouping and joining on it is much faster than on the rule and the text -#}
        {{ key_hash(dbt.concat(['blocking_rule', "'|'", 'blocking_key'])) }} as blocking_key_hash,
        true as is_current

    from keys

)

select * from final
