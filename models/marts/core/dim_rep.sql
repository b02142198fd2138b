{#- CRM users as reps (sales reps, service agents, managers): id, display name and
    organisation. The name is the one personal column the marts publish (a "top reps" chart
    needs it); e-mails and phones stay in the raw layer. -#}
with

users as (

    select * from {{ ref('stg_crm__users') }}

),

final as (

    select
        users.user_id as rep_id,
        users.user_name as rep_name,
        users.department,
        users.title,
        {{ attributed_region_code('users.region_code') }} as home_region_code,
        users.manager_user_id as manager_rep_id,
        users.is_active,
        users.license_type,
        users.has_crm_license,
        cast(users.created_at as date) as created_date
    from users

)

select * from final
