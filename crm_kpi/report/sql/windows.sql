-- the roll-out windows with the region's display name
select
    w.*,
    coalesce(r.region_name, w.region_name) as display_name
from marts.dim_rollout_window as w
left join marts.dim_region as r on w.region_code = r.region_code
order by w.grain, w.is_control, w.go_live_month nulls last, w.scope_code
