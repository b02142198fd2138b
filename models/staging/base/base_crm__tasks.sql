{#-
    Base of crm.task, generated from its contract (staging_base,
    macros/staging/staging_base.sql).
-#}

{{ staging_base(
    'crm',
    'task'
) }}
