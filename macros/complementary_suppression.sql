{#- Secondary (complementary) cell suppression for one level of the grain hierarchy
    (docs/anonymity.md). `cells` names a relation of the cells of every partition: columns
    period_month, kpi_code, parent_key (the parent cell: a region for reps, the company for
    regions), cell_key, n, is_hidden (suppressed, or never published like the residual of
    components without a region / rep) and is_sensitive (hidden and must not be derivable).
    When a partition has exactly one hidden cell and it is sensitive, parent minus the
    published cells reveals it: this returns, per such partition, the published cell with the
    smallest n (ties: the smallest key) to hide as well, or the parent itself
    (is_parent_hidden) when no published cell is left. -#}
{% macro complementary_suppression(cells) -%}
    select
        exposed.period_month,
        exposed.kpi_code,
        exposed.parent_key,
        candidates.cell_key,
        candidates.cell_key is null as is_parent_hidden
    from (
        select
            period_month,
            kpi_code,
            parent_key
        from {{ cells }}
        group by period_month, kpi_code, parent_key
        having count(*) filter (where is_hidden) = 1 and bool_or(is_sensitive)
    ) as exposed
    left join (
        select
            period_month,
            kpi_code,
            parent_key,
            cell_key
        from {{ cells }}
        where not is_hidden
        qualify
            row_number() over (
                partition by period_month, kpi_code, parent_key
                order by n asc, cell_key asc
            ) = 1
    ) as candidates
        on
            exposed.period_month = candidates.period_month
            and exposed.kpi_code = candidates.kpi_code
            and exposed.parent_key is not distinct from candidates.parent_key
{%- endmacro %}
