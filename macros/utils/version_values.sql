{#-
    The landed values of the record versions in `versions` (a relation or CTE with the columns of
    int_source_record_versions): each source's versions joined to its staging model on (batch, row
    number), the sources unioned. One join per source, not one join with the union of all sources:
    a source with no version in `versions` is not read at all (DuckDB computes a staging model's
    expressions for every row it scans, before the join can drop them). Within a source, the join only
    narrows the scan to the range of batches and row numbers of its versions.
-#}
{% macro version_values(versions) -%}
    {%- for name in syncctl_settings().sources %}
    select
        {{ versions }}.landed_row_id,
        {{ versions }}.record_key,
        {#- record_hash lives in int_landed_rows_keyed: computing it here would cost an md5 per row #}
        staged.* exclude (landed_row_id, record_hash),
        {{ versions }}.rows_in_batch,
        {{ versions }}.first_seen_batch_id,
        {{ versions }}.on_delete,
        {{ versions }}.deleted_in_batch_id,
        {{ versions }}.is_deleted

    from {{ versions }}
    inner join {{ ref('stg_' ~ name ~ '__customers') }} as staged
        on {{ versions }}.batch_id = staged.batch_id
        and {{ versions }}.source_row_number = staged.source_row_number
    where {{ versions }}.source = '{{ name }}'
    {% if not loop.last %}
    union all
    {% endif -%}
    {%- endfor %}
{%- endmacro %}
