import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { BrokerTarget } from './wiring-targets.ts';

const REQUEST_TIMEOUT_MS = 30_000;

/** The broker's vhost, as the AMQP URI names it (`/` when the path is empty). */
function brokerVhost(broker: BrokerTarget): string {
  const path = new URL(broker.amqpUri).pathname;
  return path === '' || path === '/' ? '/' : decodeURIComponent(path.slice(1));
}

/**
 * A call to the RabbitMQ management API (`api/...` relative to its URI), over TLS with the harness CA
 * when the URI is https (fetch cannot take a CA). Rejects on any status but 2xx, naming the path.
 */
export function managementApi<T>(broker: BrokerTarget, caFile: string, path: string, body?: unknown): Promise<T> {
  const url = new URL(path, broker.managementUri);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<T>((resolve, reject) => {
    const req = request(
      url,
      {
        method: payload === undefined ? 'GET' : 'POST',
        auth: `${broker.username}:${broker.password}`,
        timeout: REQUEST_TIMEOUT_MS,
        headers: payload === undefined ? {} : { 'content-type': 'application/json' },
        ...(url.protocol === 'https:' ? { ca: readFileSync(caFile, 'utf8') } : {}),
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          if (status < 200 || status > 299) reject(new Error(`management API ${url.pathname} answered ${status}`));
          else resolve((text === '' ? undefined : JSON.parse(text)) as T);
        });
      },
    );
    req.on('timeout', () =>
      req.destroy(new Error(`management API ${url.pathname} did not answer within ${REQUEST_TIMEOUT_MS} ms`)),
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** `api/<kind>/<vhost>`: the listing of one vhost. */
export function vhostPath(kind: 'exchanges' | 'queues' | 'bindings', broker: BrokerTarget): string {
  return `api/${kind}/${encodeURIComponent(brokerVhost(broker))}`;
}
