-- before/after of the headline and usage KPIs for one baseline ($1), company and regions,
-- with the statistics of fct_kpi_before_after_tests when the build has them
select
    c.kpi_code,
    coalesce(c.region_code, 'company') as scope_code,
    c.grain,
    c.is_control_region,
    c.baseline_value,
    c.current_value,
    c.absolute_change,
    c.relative_change,
    c.welch_z,
    c.is_significant,
    c.target_value,
    c.is_target_met,
    c.control_baseline_value,
    c.control_current_value,
    c.control_change,
    c.did_estimate,
    c.baseline_n,
    c.current_n
    {%- if has_statistics %},
    t.change_ci_low,
    t.change_ci_high,
    t.change_p_value,
    t.change_q_value,
    t.is_change_in_family,
    t.is_change_significant_raw,
    t.is_change_significant_bh,
    t.did_ci_low,
    t.did_ci_high,
    t.did_p_value,
    t.did_q_value,
    t.is_did_in_family,
    t.is_did_significant_raw,
    t.is_did_significant_bh
    {%- endif %}

from marts.fct_kpi_before_after as c
inner join marts.dim_kpi as k on c.kpi_code = k.kpi_code
{% if has_statistics %}
left join marts.fct_kpi_before_after_tests as t
    on
        c.baseline_label = t.baseline_label
        and c.kpi_code = t.kpi_code
        and c.grain = t.grain
        and c.region_code is not distinct from t.region_code
        and t.rep_id is null
{% endif %}
where
    c.baseline_label = ?
    and c.grain in ('company', 'region')
    and (k.is_headline or c.kpi_code in {{ usage_kpis }})
