-- The alerts one evaluation recorded, in order.
SELECT al.position, m.id, m.name, m.account_id, m.measure, m.comparison, m.threshold, a.currency, a.currency_scale,
       m.metadata, m.created_at, al.value, al.account_version, al.change_position, al.fired_at
  FROM <schema>.monitor_alerts al
  JOIN <schema>.balance_monitors m ON m.id = al.monitor_id
  JOIN <schema>.accounts a ON a.id = m.account_id
 WHERE al.round = :round
 ORDER BY al.position
