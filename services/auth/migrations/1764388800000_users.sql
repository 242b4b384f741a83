-- Up Migration
CREATE TABLE users (
  id uuid PRIMARY KEY,
  username text NOT NULL,
  password_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- Log-in is case-insensitive on the user name.
CREATE UNIQUE INDEX users_username_key ON users (lower(username));

-- Down Migration
DROP TABLE users;
