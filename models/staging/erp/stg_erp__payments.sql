{{ staging_stg(
    'base_erp__payments',
    derived_columns={
        'amount_eur': to_eur('staged.amount', 'staged.currency_iso_code', 'staged.payment_date'),
    }
) }}
