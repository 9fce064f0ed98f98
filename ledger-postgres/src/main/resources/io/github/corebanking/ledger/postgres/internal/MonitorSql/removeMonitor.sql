-- Removes a monitor; whether one was removed.
SELECT <schema>.remove_monitor(:id, :at)
