-- The alert feed after a position, oldest first.
SELECT al.position, m.id, m.name, m.account_id, m.category_id, m.measure, m.comparison, m.threshold,
       coalesce(a.currency, m.currency), coalesce(a.currency_scale, m.currency_scale),
       m.metadata, m.created_at, al.value, al.account_version, al.change_position, al.fired_at
  FROM <schema>.monitor_alerts al
  JOIN <schema>.balance_monitors m ON m.id = al.monitor_id
  LEFT JOIN <schema>.accounts a ON a.id = m.account_id
 WHERE al.position > :after
 ORDER BY al.position
 LIMIT :limit
