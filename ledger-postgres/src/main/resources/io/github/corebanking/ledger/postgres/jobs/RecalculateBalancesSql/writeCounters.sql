UPDATE <schema>.accounts
SET posted_debits = :postedDebits, posted_credits = :postedCredits,
    pending_debits = :pendingDebits, pending_credits = :pendingCredits
WHERE id = :id
