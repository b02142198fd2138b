{{ staging_stg(
    'base_crm__tasks',
    derived_columns={
        'is_call': "coalesce(staged.task_type = 'call' or staged.task_subtype = 'call', false)",
        'is_completed': "coalesce(staged.task_status = 'completed' or staged.completed_at is not null, false)",
    }
) }}
