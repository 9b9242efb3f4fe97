{{ config(materialized='view') }}

{#-
    One row per accepted source record and blocking rule (matching.blocking_rules in syncctl.yml) whose
    columns the record has: the blocking key, with its group size. Records with the same key under a rule
    become candidate pairs. A key shared by more records than matching.max_key_group_size is generic and
    pairs nothing. A view over the current keys of int_blocking_keys_extracted; the key's text is put
    together again from the record's columns (the table stores only its hash), so read it for a few
    records or keys, as `syncctl explain` and the glue guard do.
-#}

{%- set matching = syncctl_settings().matching -%}

with

keys as (

    select * from {{ ref('int_blocking_keys_extracted') }}
    where is_current

),

groups as (

    select * from {{ ref('int_blocking_key_groups') }}

),

records as (

    select * from {{ ref('int_source_records_validated') }}

),

final as (

    select
        {{ dbt.concat(['keys.source_record_key', "'|'", 'keys.blocking_rule']) }} as blocking_key_id,
        keys.source_record_key,
        keys.blocking_rule,
        case keys.blocking_rule
            {%- for rule in matching.blocking_rules %}
            when '{{ rule.name }}' then {{ blocking_key(rule.columns, 'records') }}
            {%- endfor %}
        end as blocking_key,
        keys.blocking_key_hash,
        groups.key_group_size,
        groups.is_generic

    from keys
    inner join groups
        on keys.blocking_key_hash = groups.blocking_key_hash
    inner join records
        on keys.landed_row_id = records.landed_row_id

)

select * from final
