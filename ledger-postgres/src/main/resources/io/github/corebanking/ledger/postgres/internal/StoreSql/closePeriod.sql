-- Records a closure through :through (after the standing one) with who and why.
SELECT <schema>.close_period(:through, :at, CAST(:metadata AS jsonb))
