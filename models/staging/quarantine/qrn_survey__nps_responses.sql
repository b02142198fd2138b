{{ staging_quarantine('base_survey__nps_responses') }}
