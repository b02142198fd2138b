-- The data has one identity, the scorecard compares with at most one baseline, and the
-- selection always has its one row (status and message even when no baseline matches).
select
    'baseline_dataset_identity rows' as what,
    count(*) as n
from {{ ref('baseline_dataset_identity') }}
having count(*) != 1
union all
select
    'baseline_selection rows' as what,
    count(*) as n
from {{ ref('baseline_selection') }}
having count(*) != 1
union all
select
    'selected baselines' as what,
    count(*) as n
from {{ ref('baseline_catalog') }}
where is_selected
having count(*) > 1
