{{ staging_stg('base_survey__nps_responses') }}
