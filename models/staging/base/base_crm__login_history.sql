{#-
    Base of crm.login_history, generated from its contract (staging_base,
    macros/staging/staging_base.sql).
-#}

{{ staging_base(
    'crm',
    'login_history'
) }}
