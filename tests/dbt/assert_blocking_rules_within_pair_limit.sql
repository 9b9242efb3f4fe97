{{ config(store_failures=true) }}

{#-
    Guard: a blocking rule that would generate more candidate pairs than
    matching.max_pairs_per_blocking_rule is refused (no pairs are generated and the build stops before
    export). Returns the offending rules with their pair counts.
-#}

select
    blocking_rule,
    candidate_pairs,
    max_pairs

from {{ ref('int_blocking_rules_counted') }}
where candidate_pairs > max_pairs
