{#-
    Base of finance.crm_milestone, generated from its contract (staging_base,
    macros/staging/staging_base.sql).
-#}

{{ staging_base(
    'finance',
    'crm_milestone'
) }}
