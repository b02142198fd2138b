{#-
    Base of survey.nps_response, generated from its contract (staging_base,
    macros/staging/staging_base.sql).
    Own row-level rules, after conflicting_versions and the contract value rules:
      - score_out_of_range: score missing or outside 0-10
-#}

{%- set row_rules %}
when coalesce(versioned.score not between 0 and 10, true) then 'score_out_of_range'
{%- endset %}

{{ staging_base(
    'survey',
    'nps_response',
    row_rules=row_rules
) }}
