{#-
    The arg_min key that puts the winning record of a survivorship `rule` first; ties always go to the
    most recent record (recency_key). `columns`: the field's columns (the whole block for the address);
    `sources`: survivorship.source_priority; `source`: the source column; `value_count` (most_frequent):
    how many member records hold the record's value; `filled_count` (most_complete): how many golden
    fields the record fills.
-#}
{% macro survivorship_rank_key(rule, columns, recency_key='recency_key', sources=[], source='source', value_count='value_count', filled_count='filled_field_count') -%}
    {%- if rule == 'most_recent' -%}
        {{ return(rank_key('0', recency_key)) }}
    {%- elif rule == 'source_priority' -%}
        {{ return(rank_key(source_priority_rank(sources, source), recency_key)) }}
    {%- elif rule == 'most_complete' -%}
        {{ return(rank_key('-' ~ filled_count, recency_key)) }}
    {%- elif rule == 'most_frequent' -%}
        {{ return(rank_key('-' ~ value_count, recency_key)) }}
    {%- elif rule == 'valid_first' -%}
        {{ return(rank_key(validity_rank(columns), recency_key)) }}
    {%- else -%}
        {{ exceptions.raise_compiler_error(
            "syncctl: unknown survivorship rule '" ~ rule ~ "' for " ~ columns | join(', ')
            ~ "; expected one of: most_recent, source_priority, most_complete, most_frequent, valid_first") }}
    {%- endif -%}
{%- endmacro %}
