-- Takes the category lock for the rest of the transaction: every category write holds it while
-- it checks the tree and writes (migration V11's guard trigger takes it too).
SELECT 1 FROM (SELECT <schema>.lock_categories()) AS locked
