import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import {
  MAX_ENTRY_CENTS,
  ProblemError,
  formatCents,
  parseDecimalCents,
  type RedisIdempotency,
} from '../../../shared/src/index.ts';
import type { Entry, NewEntry } from '../entries/entry.ts';
import type { OutboxMessage } from '../entries/entry-registered.ts';
import type { EntryRepository } from '../entries/entry-repository.ts';
import { requestHash } from '../entries/request-hash.ts';
import { CreateEntryBody, ListEntriesQuery } from './entry-schemas.ts';

/** What the entry routes need. */
export interface EntryRoutesOptions {
  readonly entries: EntryRepository;
  readonly idempotency: RedisIdempotency;
  readonly message: (entry: Entry) => OutboxMessage;
  /** Called after an entry commits, so the relay publishes without waiting for its next poll. */
  readonly onCommitted: () => void;
}

const idempotencyKeyPattern = /^[\x21-\x7e]{1,200}$/;

function invalid(path: string, message: string): ProblemError {
  return new ProblemError(400, 'VALIDATION_FAILED', 'Request validation failed', `body${path} ${message}`, {
    errors: [{ in: 'body', path, message }],
  });
}

/** The API's view of an entry. */
function renderEntry(entry: Entry) {
  return {
    id: entry.id,
    type: entry.type,
    amount: formatCents(entry.amountCents),
    date: entry.date,
    description: entry.description,
    createdAt: entry.createdAt,
  };
}

function toNewEntry(body: { type: 'credit' | 'debit'; amount: string | number; date: string; description: string }) {
  const amountCents = typeof body.amount === 'number' ? body.amount : parseDecimalCents(body.amount);
  if (amountCents === undefined || amountCents < 1 || amountCents > MAX_ENTRY_CENTS) {
    throw invalid('/amount', `must be greater than 0 and at most ${formatCents(MAX_ENTRY_CENTS)}`);
  }
  const entry: NewEntry = { type: body.type, amountCents, date: body.date, description: body.description };
  return entry;
}

/** `POST` and `GET /api/cashflow/entries`. */
export async function entryRoutes(scope: FastifyInstance, options: EntryRoutesOptions): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();

  app.post('/api/cashflow/entries', { schema: { body: CreateEntryBody } }, async (request, reply) => {
    const key = request.headers['idempotency-key'];
    if (key === undefined || key === '') {
      throw new ProblemError(400, 'IDEMPOTENCY_KEY_REQUIRED', 'Idempotency-Key header required');
    }
    if (typeof key !== 'string' || !idempotencyKeyPattern.test(key)) {
      throw new ProblemError(400, 'IDEMPOTENCY_KEY_INVALID', 'Idempotency-Key must be 1-200 visible ASCII characters');
    }
    const entry = toNewEntry(request.body);
    const subject = request.user?.subject ?? '';
    const hash = requestHash(entry);
    const cacheKey = `${subject}:${key}`;
    const conflict = () =>
      new ProblemError(
        422,
        'IDEMPOTENCY_KEY_CONFLICT',
        'Idempotency-Key reused with a different request',
        'This Idempotency-Key was already used with a different body',
      );

    const claim = await options.idempotency.claim(cacheKey, hash);
    if (claim.state === 'completed') {
      if (claim.response.requestHash !== hash) throw conflict();
      return reply.status(claim.response.status).send(claim.response.body);
    }
    if (claim.state === 'pending' && claim.requestHash !== hash) throw conflict();

    let result;
    try {
      result = await options.entries.createIdempotent({
        subject,
        idempotencyKey: key,
        requestHash: hash,
        entry,
        render: renderEntry,
        message: options.message,
      });
    } catch (err) {
      if (claim.state === 'claimed') await options.idempotency.release(cacheKey);
      throw err;
    }
    if (result.outcome === 'conflict') throw conflict();
    await options.idempotency.complete(cacheKey, { requestHash: hash, status: result.status, body: result.body });
    if (result.outcome === 'created') options.onCommitted();
    return reply.status(result.status).send(result.body);
  });

  app.get('/api/cashflow/entries', { schema: { querystring: ListEntriesQuery } }, async (request) => {
    const entries = await options.entries.listByDate(request.query.date);
    return { date: request.query.date, entries: entries.map(renderEntry) };
  });
}
