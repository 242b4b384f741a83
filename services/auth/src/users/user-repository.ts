import { randomUUID } from 'node:crypto';
import type pg from 'pg';

/** A stored user. */
export interface User {
  readonly id: string;
  readonly username: string;
  readonly passwordHash: string;
}

/** Users in `auth_db`. */
export class UserRepository {
  constructor(private readonly pool: pg.Pool) {}

  async findByUsername(username: string): Promise<User | undefined> {
    const { rows } = await this.pool.query<{ id: string; username: string; password_hash: string }>(
      'SELECT id, username, password_hash FROM users WHERE lower(username) = lower($1)',
      [username],
    );
    const row = rows[0];
    return row === undefined ? undefined : { id: row.id, username: row.username, passwordHash: row.password_hash };
  }

  /** Creates the user, or resets its password hash when it exists (the demo seed follows its secret). */
  async upsert(username: string, passwordHash: string): Promise<void> {
    await this.pool.query(
      `INSERT INTO users (id, username, password_hash) VALUES ($1, $2, $3)
       ON CONFLICT (lower(username)) DO UPDATE SET password_hash = EXCLUDED.password_hash, updated_at = now()`,
      [randomUUID(), username, passwordHash],
    );
  }

  /** Deletes the user; its name may be taken again afterwards. */
  async delete(id: string): Promise<void> {
    await this.pool.query('DELETE FROM users WHERE id = $1', [id]);
  }
}
