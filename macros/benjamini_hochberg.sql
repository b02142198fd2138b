{#- Benjamini-Hochberg q-values over the rows of relation where in_family holds, one family
    per baseline label and grain: q(i) = min over j ≥ i of p(j) × m / j, p ascending (ties
    broken by the row's key so ranks are deterministic). One row per family member with its
    keys, family_size and q_value. -#}
{% macro benjamini_hochberg(relation, p_value, in_family) -%}
    select
        ranked.*,
        least(
            1.0,
            min(ranked.{{ p_value }} * ranked.family_size / ranked.p_rank) over (
                partition by ranked.baseline_label, ranked.grain
                order by ranked.p_rank desc
                rows between unbounded preceding and current row
            )
        ) as q_value
    from (
        select
            baseline_label,
            kpi_code,
            grain,
            region_code,
            rep_id,
            {{ p_value }},
            row_number() over (
                partition by baseline_label, grain
                order by {{ p_value }}, kpi_code, region_code, rep_id
            ) as p_rank,
            count(*) over (partition by baseline_label, grain) as family_size
        from {{ relation }}
        where {{ in_family }}
    ) as ranked
{%- endmacro %}
