-- Up Migration
CREATE TABLE entries (
  id uuid PRIMARY KEY,
  type text NOT NULL CHECK (type IN ('credit', 'debit')),
  amount_cents bigint NOT NULL CHECK (amount_cents > 0),
  entry_date date NOT NULL,
  description text NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX entries_entry_date_idx ON entries (entry_date, created_at);

-- The guarantee behind Idempotency-Key: Redis is only a fast path in front of this key.
CREATE TABLE idempotency_keys (
  subject text NOT NULL,
  key text NOT NULL,
  request_hash text NOT NULL,
  status_code integer NOT NULL,
  response text NOT NULL, -- text, not jsonb: replays must keep the original key order
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (subject, key)
);

-- Written in the entry's transaction; the relay publishes rows and stamps published_at.
CREATE TABLE outbox (
  id bigserial PRIMARY KEY,
  message_id uuid NOT NULL UNIQUE,
  exchange text NOT NULL,
  payload text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz
);
CREATE INDEX outbox_unpublished_idx ON outbox (id) WHERE published_at IS NULL;

-- Down Migration
DROP TABLE outbox;
DROP TABLE idempotency_keys;
DROP TABLE entries;
