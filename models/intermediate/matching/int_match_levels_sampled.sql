{#-
    One row per comparison and agreement level: how many of about 360,000 random pairs of accepted
    records agree at that level. Random pairs are (almost all) different people, so this is where the
    u-probabilities come from. Records are sampled by a hash of their key, so the sample does not
    depend on row order.
-#}

{%- set matching = syncctl_settings().matching -%}
{%- set sample_size = 600 -%}

with

records as (

    select * from {{ ref('int_source_records_validated') }}
    where reject_reason is null
        {#- nothing to sample while the stored weights are in use #}
        and not {{ stored_weights_fit() }}

),

record_count as (

    {#- unsigned like hash(): a signed count would make the modulo below 128-bit, at twice the cost #}
    select cast(greatest(count(*) // {{ sample_size }}, 1) as ubigint) as bucket_count from records

),

left_sample as (

    select records.*
    from records
    cross join record_count
    where hash(records.source_record_key || ':left') % record_count.bucket_count = 0

),

right_sample as (

    select records.*
    from records
    cross join record_count
    where hash(records.source_record_key || ':right') % record_count.bucket_count = 0

),

sampled_pairs as (

    select
        {%- for comparison in matching.comparisons %}
        {{ comparison_level(comparison, 'record_a', 'record_b') }} as {{ comparison.name }}_level{{ "," if not loop.last }}
        {%- endfor %}

    from left_sample as record_a
    inner join right_sample as record_b
        on record_a.source_record_key <> record_b.source_record_key

),

counted as (

    {% for comparison in matching.comparisons -%}
    select '{{ comparison.name }}' as comparison, {{ comparison.name }}_level as level, count(*) as sampled_pairs
    from sampled_pairs
    where {{ comparison.name }}_level >= 0
    group by {{ comparison.name }}_level
    {% if not loop.last %}
    union all

    {% endif -%}
    {%- endfor %}

),

final as (

    select
        {{ dbt.concat(['comparison', "':'", 'cast(level as ' ~ dbt.type_string() ~ ')']) }} as comparison_level_id,
        comparison,
        level,
        sampled_pairs

    from counted

)

select * from final
