{#-
    One row per comparison and agreement level: the weights the scoring uses, and the prior weight (the
    log2 odds that two random records are the same person). These are the weights syncctl stored after
    the first build (syncctl_state.match_weights), so adding records never moves links by re-estimating;
    `syncctl build --retrain` or a change to matching.comparisons replaces them with the new estimate
    (int_match_weights_estimated).
-#}

with

estimated as (

    select * from {{ ref('int_match_weights_estimated') }}

),

stored as (

    select * from {{ source('syncctl_state', 'match_weights') }}

),

records as (

    select count(*) as records
    from {{ ref('int_source_records_validated') }}
    where reject_reason is null

),

estimated_with_prior as (

    select
        estimated.comparison_level_id,
        estimated.comparison,
        estimated.level,
        estimated.m,
        estimated.u,
        estimated.match_weight,
        {#- the prior: the chance that two random records are the same person -#}
        log2(
            greatest(estimated.expected_matching_pairs, 1)
            / greatest(records.records * (records.records - 1) / 2, 2)
        ) as prior_weight,
        false as is_stored

    from estimated
    cross join records

),

stored_fits as (

    select {{ stored_weights_fit() }} as fits

),

final as (

    select
        comparison_level_id, comparison, level, m, u, match_weight, prior_weight, true as is_stored
    from stored
    where (select fits from stored_fits)

    union all

    select * from estimated_with_prior
    where not (select fits from stored_fits)

)

select * from final
