-- Anonymity that survives subtraction (docs/anonymity.md): for every KPI with a
-- min_group_size, month and partition (the regions of the company; the reps of a region
-- when the KPI has rep grain), no hidden cell can be computed from published rows. With
-- denominators always shown, the part of a published parent not covered by its published
-- children is known exactly; it must never be a single sensitive cell: a suppressed child,
-- or the residual without region / rep when it is below the group size. A suppressed
-- parent must not be the plain sum of published children either. Returns the partitions
-- that leak.
with
{{ import_refs({'facts': 'fct_kpi_monthly', 'kpis': 'dim_kpi'}) }},

anonymised as (

    select
        facts.*,
        kpis.min_group_size,
        kpis.grains,
        facts.numerator is null as is_suppressed
    from facts
    inner join kpis on facts.kpi_code = kpis.kpi_code
    where kpis.min_group_size is not null

),

partitions as (
    {#- (partition level, parent grain, child grain, parent region code): the regions within the
        company, the reps within their region; a rep's parent region matches its own -#}
    {%- set levels = [
        ('region within company', 'company', 'region', 'cast(null as varchar)'),
        ('rep within region', 'region', 'rep', 'parent.region_code'),
    ] %}
    {%- for partition_level, parent_grain, child_grain, parent_region_code in levels %}

        select
            parent.period_month,
            parent.kpi_code,
            '{{ partition_level }}' as partition_level,
            {{ parent_region_code }} as parent_region_code,
            parent.is_suppressed as is_parent_suppressed,
            parent.denominator as parent_n,
            parent.min_group_size,
            child.denominator as child_n,
            child.is_suppressed as is_child_suppressed
        from anonymised as parent
        left join anonymised as child
            on
                parent.period_month = child.period_month
                and parent.kpi_code = child.kpi_code
                {%- if child_grain == 'rep' %}
                    and parent.region_code = child.region_code
                {%- endif %}
                and child.grain = '{{ child_grain }}'
        where parent.grain = '{{ parent_grain }}' and contains(parent.grains, '{{ child_grain }}')
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}

),

summarised as (

    select
        period_month,
        kpi_code,
        partition_level,
        parent_region_code,
        is_parent_suppressed,
        min_group_size,
        count(child_n) filter (where is_child_suppressed) as n_suppressed_children,
        -- what the published denominators say the unpublished rest of the parent holds
        parent_n - coalesce(sum(child_n), 0) as residual_n
    from partitions
    group by
        period_month,
        kpi_code,
        partition_level,
        parent_region_code,
        is_parent_suppressed,
        parent_n,
        min_group_size

),

final as (

    select
        *,
        n_suppressed_children + case when residual_n > 1e-9 then 1 else 0 end as n_hidden
    from summarised
    where
        (
            not is_parent_suppressed
            and n_suppressed_children + case when residual_n > 1e-9 then 1 else 0 end = 1
            and (n_suppressed_children = 1 or residual_n < min_group_size)
        )
        or (
            is_parent_suppressed
            and n_suppressed_children = 0
            and residual_n <= 1e-9
            and exists (
                select 1
                from partitions
                where
                    partitions.period_month = summarised.period_month
                    and partitions.kpi_code = summarised.kpi_code
                    and partitions.partition_level = summarised.partition_level
                    and partitions.parent_region_code
                    is not distinct from summarised.parent_region_code
                    and partitions.child_n is not null
            )
        )

)

select * from final
