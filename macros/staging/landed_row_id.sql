{#-
    The id of one landed row: its batch (global across sources) and its row number in that batch's file,
    packed into one bigint. An integer key is cheaper to store, join and group by than a text one (the
    id is in every row-level table, four times per record among the blocking keys).
-#}
{% macro landed_row_id(batch_id, row_number) -%}
    ({{ batch_id }} * 4294967296 + {{ row_number }})
{%- endmacro %}
