-- Records an evaluation; its round, or null when it started from a stale one.
SELECT <schema>.record_monitor_evaluation(:round, :position, :stateIds, :firing, :versions, :evaluatedAt,
       :alertIds, :alertValues, :alertVersions, :changePositions, :firedAt)
