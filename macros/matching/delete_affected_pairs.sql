{#-
    The pre_hook of the incremental pair models: delete the pairs whose two records are both in
    int_match_records_affected; the model then inserts them recomputed, and only them, so it appends
    (see delete_affected). Nothing on a full build.
-#}
{% macro delete_affected_pairs() -%}
    {%- if is_incremental() -%}
    delete from {{ this }}
    where source_record_key_a in (select source_record_key from {{ ref('int_match_records_affected') }})
        and source_record_key_b in (select source_record_key from {{ ref('int_match_records_affected') }})
    {%- endif -%}
{%- endmacro %}
