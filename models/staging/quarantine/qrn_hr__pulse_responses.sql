{{ staging_quarantine('base_hr__pulse_responses') }}
