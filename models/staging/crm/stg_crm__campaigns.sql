{{ staging_stg(
    'base_crm__campaigns',
    replace_columns={
        'region_code': mapped_region_code('staged.region_code'),
    },
    derived_columns={
        'budgeted_cost_eur': to_eur('staged.budgeted_cost', 'staged.currency_iso_code', 'staged.start_date'),
        'actual_cost_eur': to_eur('staged.actual_cost', 'staged.currency_iso_code', 'staged.start_date'),
    }
) }}
