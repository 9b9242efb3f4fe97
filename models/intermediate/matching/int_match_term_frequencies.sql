{#-
    One row per comparison with term_frequency (matching.comparisons in syncctl.yml) and value: the share
    of records that hold it. Like the match weights, they are part of the trained model: estimated from
    the data on the first build (or --retrain) and stored with the weights (syncctl_state.term_frequencies),
    then used as stored, so a pair's score depends on the pair alone. A value the stored frequencies do
    not know gets no term-frequency adjustment.
-#}

{%- set matching = syncctl_settings().matching -%}
{%- set adjusted = matching.comparisons | selectattr('term_frequency') | list -%}

with

weights as (

    select * from {{ ref('int_match_weights_in_use') }}

),

stored as (

    select * from {{ source('syncctl_state', 'term_frequencies') }}

),

records as (

    select * from {{ ref('int_source_records_validated') }}
    where reject_reason is null

),

estimated as (

    {% for comparison in adjusted -%}
    select
        '{{ comparison.name }}' as comparison,
        {{ comparison.column }} as value,
        count(*) / sum(count(*)) over () as term_frequency

    from records
    where {{ comparison.column }} is not null
        and not (select bool_or(is_stored) from weights)
    group by {{ comparison.column }}
    {% if not loop.last %}
    union all

    {% endif -%}
    {%- else -%}
    select
        cast(null as {{ dbt.type_string() }}) as comparison,
        cast(null as {{ dbt.type_string() }}) as value,
        cast(null as double) as term_frequency
    where false
    {%- endfor %}

),

final as (

    select comparison, value, term_frequency from stored
    where (select bool_or(is_stored) from weights)

    union all

    select comparison, value, term_frequency from estimated

)

select * from final
