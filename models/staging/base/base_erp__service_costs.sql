{#-
    Base of erp.service_cost, generated from its contract (staging_base,
    macros/staging/staging_base.sql).
-#}

{{ staging_base(
    'erp',
    'service_cost'
) }}
