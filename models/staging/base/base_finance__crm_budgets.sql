{#-
    Base of finance.crm_budget, generated from its contract (staging_base,
    macros/staging/staging_base.sql).
    Own lines: the budget has no id column; its key is (month, category), written as one
    id 'YYYY-MM-DD|category_code', and the month is truncated to its first day.
-#}

{{ staging_base(
    'finance',
    'crm_budget',
    expressions={
        'crm_budget_id': "cast(" ~ clean_cast('month', 'date') ~ " as varchar) || '|' || "
            ~ picklist_code('category'),
        'budget_month': "cast(date_trunc('month', " ~ clean_cast('month', 'date') ~ ") as date)",
    }
) }}
