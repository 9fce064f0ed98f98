-- Where the evaluator stands.
SELECT position, round FROM <schema>.monitor_evaluator WHERE id
