-- Reopens the latest standing closure, through :through, recording who reopened it and why.
SELECT <schema>.reopen_period(:through, :at, CAST(:metadata AS jsonb))
