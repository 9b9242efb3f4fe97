{#-
    For a post_hook of an incremental model that processes only new rows: delete the rows of this model
    whose `key` is no longer in `upstream` (optionally filtered by `where`), e.g. the version of a
    source record that a newer one replaced, or a record deleted upstream.
-#}
{% macro delete_rows_not_in(upstream, key='landed_row_id', where=none) -%}
    delete from {{ this }}
    where {{ key }} not in (
        select {{ key }} from {{ upstream }}
        {%- if where %}
        where {{ where }}
        {%- endif %}
    )
{%- endmacro %}
