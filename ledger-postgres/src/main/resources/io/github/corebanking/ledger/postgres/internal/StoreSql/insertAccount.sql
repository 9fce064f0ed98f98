INSERT INTO <schema>.accounts
       (id, code, name, type, currency, currency_scale, status, debits_must_not_exceed_credits,
        credits_must_not_exceed_debits, metadata, created_at)
VALUES (:id, :code, :name, :type, :currency, :currencyScale, :status, :debitsMustNotExceedCredits,
        :creditsMustNotExceedDebits, CAST(:metadata AS jsonb), :createdAt)
