-- depends_on: {{ ref('int_match_records_affected') }}

{#
    One row per candidate pair: the agreement level of every comparison (matching.comparisons in
    syncctl.yml; -1 = a value is missing, 0 = the strictest level, ..., len(levels) = else), the values
    that term-frequency adjustment looks up, and the cannot-link reason that keeps the pair apart.
    When one record has first and last name swapped relative to the other (a.first = b.last and
    a.last = b.first), the names are compared the right way round (is_name_swapped).
    The pairs of int_match_pairs_blocked: every pair on a full build (expectation-maximisation reads
    them, int_match_weights_estimated), the recomputed ones on an incremental build.
-#}

{%- set matching = syncctl_settings().matching -%}
{#- the columns the comparisons and cannot-link rules read: the pairs carry these, not whole records -#}
{%- set name_columns = ['first_name_normalized', 'first_name_resolved_normalized', 'last_name_normalized'] -%}
{%- set compared_columns = (matching.comparisons | map(attribute='column') | list) + name_columns + ['date_of_birth', 'national_id'] -%}
{#- a record whose first and last names are swapped is compared with the names the right way round -#}
{%- set swapped = {
    'first_name_normalized': 'last_name_normalized',
    'first_name_resolved_normalized': 'last_name_normalized',
    'last_name_normalized': 'first_name_normalized',
} -%}
{%- set is_name_swapped -%}
    (record_a.first_name_normalized = record_b.last_name_normalized
        and record_a.last_name_normalized = record_b.first_name_normalized
        and record_a.first_name_normalized <> record_b.first_name_normalized)
{%- endset -%}

with

blocked as (

    select * from {{ ref('int_match_pairs_blocked') }}

),

records as (

    select
        landed_row_id,
        source_record_key,
        {%- for column in compared_columns | unique %}
        {{ column }}{{ "," if not loop.last }}
        {%- endfor %}

    from {{ ref('int_source_records_validated') }}
    where reject_reason is null
    {{ affected_only('source_record_key', ref('int_match_records_affected'), keyword='and', recomputed_table=true) }}

),

final as (

    select
        {{ dbt.concat(['record_a.source_record_key', "'|'", 'record_b.source_record_key']) }} as match_pair_id,
        record_a.source_record_key as source_record_key_a,
        record_b.source_record_key as source_record_key_b,
        blocked.landed_row_id_a,
        blocked.landed_row_id_b,
        blocked.blocking_rules,
        {%- for comparison in matching.comparisons %}
        {%- if comparison.column in swapped %}
        case
            when {{ is_name_swapped }} then {{ comparison_level(comparison, 'record_a', 'record_b', swapped[comparison.column]) }}
            else {{ comparison_level(comparison, 'record_a', 'record_b') }}
        end as {{ comparison.name }}_level,
        {%- else %}
        {{ comparison_level(comparison, 'record_a', 'record_b') }} as {{ comparison.name }}_level,
        {%- endif %}
        {%- if comparison.term_frequency %}
        record_a.{{ comparison.column }} as {{ comparison.name }}_value,
        {%- endif %}
        {%- endfor %}
        {{ is_name_swapped }} as is_name_swapped,
        {{ cannot_link_reason('record_a', 'record_b', matching.cannot_link) }} as cannot_link_reason

    from blocked
    inner join records as record_a
        on blocked.landed_row_id_a = record_a.landed_row_id
    inner join records as record_b
        on blocked.landed_row_id_b = record_b.landed_row_id

)

select * from final
