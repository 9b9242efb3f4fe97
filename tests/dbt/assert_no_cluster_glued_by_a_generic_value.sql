{{ config(store_failures=true) }}

{#-
    Over-merge guard: no link rests on a generic value. A linked pair whose records share a contact
    blocking key (a rule on email, phone or national id alone) that more records than
    matching.max_key_group_size share (a placeholder the seeds missed, a shared
    inbox or switchboard number) is taken to be glued by that value when a deterministic link rule made
    the link (the rule may have fired on the generic value) or its first names do not agree exactly.
    The test fails and names the customer, the pair and the value. It checks the links the build scored.
-#}

{#- only contact values can be placeholders; a common surname in a big postcode is just common -#}
{%- set contact_rules = [] -%}
{%- for rule in syncctl_settings().matching.blocking_rules
    if rule.columns | length == 1 and rule.columns[0] in ['email_normalized', 'phone_normalized', 'national_id'] -%}
    {%- do contact_rules.append("'" ~ rule.name ~ "'") -%}
{%- endfor %}

with

generic_groups as (

    {#- few: start from them, not from every record's keys -#}
    select blocking_key_hash from {{ ref('int_blocking_key_groups') }}
    where is_generic
        and blocking_rule in ({{ contact_rules | join(', ') if contact_rules else "''" }})

),

generic_members as (

    select keys.source_record_key, keys.blocking_key_hash
    from {{ ref('int_blocking_keys_extracted') }} as keys
    inner join generic_groups
        on keys.blocking_key_hash = generic_groups.blocking_key_hash
    where keys.is_current

),

links as (

    {#- the links this build scored; a key that turns generic makes its group's records re-pair, so their
        links are scored again -#}
    select * from {{ ref('customer_match_evidence') }}
    where built_run_id = {{ current_run_id() }}
        and (linked_by = 'link_rule' or first_name_level <> 'exact')

),

glued as (

    select
        links.customer_id,
        links.match_pair_id,
        links.source_record_key_a,
        key_a.blocking_key_hash

    from links
    inner join generic_members as key_a
        on links.source_record_key_a = key_a.source_record_key
    inner join generic_members as key_b
        on links.source_record_key_b = key_b.source_record_key
        and key_a.blocking_key_hash = key_b.blocking_key_hash

)

{#- the key's text (int_blocking_keys_generated puts it together) only for the glued links #}
select
    glued.customer_id,
    glued.match_pair_id,
    generated.blocking_rule,
    generated.blocking_key as generic_value,
    generated.key_group_size

from glued
inner join {{ ref('int_blocking_keys_generated') }} as generated
    on glued.source_record_key_a = generated.source_record_key
    and glued.blocking_key_hash = generated.blocking_key_hash
