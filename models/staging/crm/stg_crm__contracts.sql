{{ staging_stg(
    'base_crm__contracts',
    derived_columns={
        'mrr_eur': to_eur('staged.mrr', 'staged.currency_iso_code', 'staged.start_date'),
    }
) }}
