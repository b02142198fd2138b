-- The data has one identity, the scorecard compares with at most one baseline, and the
-- selection always has its one row (status and message even when no baseline matches).
{#- what is counted, from which relation, which rows, and the count that fails -#}
{%- set row_counts = [
    ('baseline_dataset_identity rows', 'baseline_dataset_identity', 'true', '!= 1'),
    ('baseline_selection rows', 'baseline_selection', 'true', '!= 1'),
    ('selected baselines', 'baseline_catalog', 'is_selected', '> 1'),
] %}
{%- for what, relation_name, row_filter, failing_count in row_counts %}
    select
        '{{ what }}' as what,
        count(*) as n
    from {{ ref(relation_name) }}
    where {{ row_filter }}
    having count(*) {{ failing_count }}
    {%- if not loop.last %}
        union all
    {%- endif %}
{%- endfor %}
