{#-
    Base of crm.case, generated from its contract (staging_base,
    macros/staging/staging_base.sql).
    Own row-level rules, after conflicting_versions and the contract value rules:
      - csat_out_of_range: csat score given but outside 1-5
-#}

{%- set row_rules %}
when versioned.csat_score not between 1 and 5 then 'csat_out_of_range'
{%- endset %}

{{ staging_base(
    'crm',
    'case',
    row_rules=row_rules
) }}
