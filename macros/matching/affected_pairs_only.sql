{#-
    The input filter of the incremental pair models: on an incremental build, only pairs whose two records
    are both in int_match_records_affected. Nothing on a full build. delete_affected_pairs is the pre_hook.
-#}
{% macro affected_pairs_only(keyword='where') -%}
    {%- if is_incremental() %}
    {{ keyword }} source_record_key_a in (select source_record_key from {{ ref('int_match_records_affected') }})
        and source_record_key_b in (select source_record_key from {{ ref('int_match_records_affected') }})
    {%- endif %}
{%- endmacro %}
