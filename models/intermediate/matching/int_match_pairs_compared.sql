{#-
    One row per pair of accepted records that share at least one non-generic match key, with the keys
    they share and the conflict that keeps them apart (null = linked). Conflicts:
    - different_date_of_birth / different_national_id: both known and different;
    - different_first_name: the first names are both known and unrelated: not equal after nickname
      resolution, not an initial of the other, not swapped with the last name, Jaro-Winkler below 0.85.
      Family members who share an inbox, a landline or an address stay apart this way.
-#}

with

match_keys as (

    select * from {{ ref('int_match_keys_generated') }}
    where not is_generic

),

records as (

    select * from {{ ref('int_source_records_validated') }}
    where reject_reason is null

),

pairs as (

    select
        left_key.source_record_key as source_record_key_a,
        right_key.source_record_key as source_record_key_b,
        list(left_key.key_type order by left_key.key_type) as shared_key_types

    from match_keys as left_key
    inner join match_keys as right_key
        on left_key.key_type = right_key.key_type
        and left_key.key_value = right_key.key_value
        and left_key.source_record_key < right_key.source_record_key
    group by left_key.source_record_key, right_key.source_record_key

),

compared as (

    select
        pairs.source_record_key_a,
        pairs.source_record_key_b,
        pairs.shared_key_types,
        case
            when record_a.date_of_birth <> record_b.date_of_birth then 'different_date_of_birth'
            when record_a.national_id <> record_b.national_id then 'different_national_id'
            when record_a.first_name_normalized <> record_b.first_name_normalized
                and record_a.first_name_resolved_normalized <> record_b.first_name_resolved_normalized
                and not starts_with(record_a.first_name_normalized, record_b.first_name_normalized)
                and not starts_with(record_b.first_name_normalized, record_a.first_name_normalized)
                and record_a.first_name_normalized is distinct from record_b.last_name_normalized
                and record_a.last_name_normalized is distinct from record_b.first_name_normalized
                and jaro_winkler_similarity(record_a.first_name_normalized, record_b.first_name_normalized) < 0.85
                then 'different_first_name'
        end as conflict

    from pairs
    inner join records as record_a
        on pairs.source_record_key_a = record_a.source_record_key
    inner join records as record_b
        on pairs.source_record_key_b = record_b.source_record_key

),

final as (

    select
        {{ dbt.concat(['source_record_key_a', "'|'", 'source_record_key_b']) }} as match_pair_id,
        *,
        conflict is null as is_linked

    from compared

)

select * from final
