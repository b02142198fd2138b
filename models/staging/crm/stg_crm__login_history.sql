{{ staging_stg(
    'base_crm__login_history',
    derived_columns={
        'is_successful': "coalesce(staged.login_status = 'success', false)",
    }
) }}
