-- Grain keys: rep rows name a rep and its region, region rows a region only, company rows
-- neither; and a KPI is published only at the grains dim_kpi lists for it.
{% set condition %}
    (facts.grain = 'rep' and (facts.rep_id is null or facts.region_code is null))
    or (facts.grain = 'region' and (facts.rep_id is not null or facts.region_code is null))
    or (facts.grain = 'company' and (facts.rep_id is not null or facts.region_code is not null))
    or not contains(kpis.grains, facts.grain)
{% endset %}

{{ kpi_fact_violations([], condition) }}
