-- Up Migration
-- One row per consumed message: inserting it in the same transaction as the balance change makes
-- a redelivered or republished message (same messageId) a no-op.
CREATE TABLE inbox (
  message_id uuid PRIMARY KEY,
  message_type text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE daily_balances (
  balance_date date PRIMARY KEY,
  credits_cents bigint NOT NULL DEFAULT 0 CHECK (credits_cents >= 0),
  debits_cents bigint NOT NULL DEFAULT 0 CHECK (debits_cents >= 0),
  entries integer NOT NULL DEFAULT 0 CHECK (entries >= 0),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE daily_balances;
DROP TABLE inbox;
