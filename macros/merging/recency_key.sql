{#-
    The record's place (1, 2, ...) in the order that puts the best record for survivorship first: the
    most recent updated_at (unknown last), then the later batch, then the source listed first in
    syncctl.yml, then the smaller record id, so there are never ties. A window over the records being
    ranked, per `partition_by` (the customer): only the order within a customer matters, and a window
    with partitions runs on every core (one without sorts all records in one thread).
-#}
{% macro recency_key(updated_at='updated_at', batch_id='batch_id', priority='source_priority', record_id='source_record_id', partition_by='customer_id') -%}
    row_number() over (partition by {{ partition_by }} order by {{ updated_at }} desc nulls last, {{ batch_id }} desc, {{ priority }}, {{ record_id }})
{%- endmacro %}
