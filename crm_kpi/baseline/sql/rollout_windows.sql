-- the roll-out windows the baseline was computed for
select {{ columns | join(', ') }}
from intermediate.int_rollout_windows
order by grain, scope_code
