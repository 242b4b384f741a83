/**
 * The bench's ceiling: a bare Fastify server (the services' framework) on the same read paths,
 * answering a constant balance-shaped body with no auth, cache, database or logging. Prints its
 * URL on stdout once it listens.
 */
import Fastify from 'fastify';

const app = Fastify({ logger: false });
const day = { date: '2026-11-01', credits: '0.00', debits: '0.00', balance: '0.00', entries: 0 };
app.get('/api/consolidated/balances/:date', async () => day);
app.get('/api/consolidated/report', async () => ({ days: [day], totals: day }));
const url = await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`${url}\n`);
