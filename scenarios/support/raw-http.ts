import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';

/** An HTTP answer as it came off the wire. */
export interface RawResponse {
  readonly status: number;
  /** Lower-case names; a repeated header keeps its last value. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Where and how {@link sendRaw} connects. */
export interface RawTarget {
  /** The gateway's base URL (`http:` or `https:`), loopback only. */
  readonly url: string;
  /** CA bundle (PEM) for an `https:` gateway. */
  readonly ca?: string;
  /** Source address on 127.0.0.0/8, so that per-address limits see distinct clients. */
  readonly localAddress?: string;
  /** @default 15000 */
  readonly timeoutMs?: number;
}

/**
 * Sends `head` (request line and headers, CRLF-separated, without the blank line) and `body` as
 * they are, byte for byte, on a fresh connection, and reads the answer until the server closes.
 * fetch cannot send what hostile-input tests need (duplicate or conflicting Content-Length,
 * CR/LF in a header, overlong UTF-8), so this speaks HTTP/1.1 itself; `Connection: close` is
 * added so that one connection carries one exchange.
 */
export function sendRaw(target: RawTarget, head: Buffer, body: Buffer = Buffer.alloc(0)): Promise<RawResponse> {
  const url = new URL(target.url);
  if (!/^127\./.test(url.hostname) && url.hostname !== 'localhost') {
    return Promise.reject(new Error(`sendRaw only talks to loopback, not ${url.hostname}`));
  }
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const timeoutMs = target.timeoutMs ?? 15_000;
  return new Promise((resolve, reject) => {
    const options = {
      host: url.hostname,
      port,
      ...(target.localAddress === undefined ? {} : { localAddress: target.localAddress }),
    };
    const socket: Socket =
      url.protocol === 'https:'
        ? connectTls({ ...options, servername: url.hostname, ...(target.ca ? { ca: target.ca } : {}) })
        : connectTcp(options);
    const chunks: Buffer[] = [];
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`no complete answer within ${timeoutMs} ms`)));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    // A server may answer and close before it has read a large body: the answer still counts.
    socket.on('error', (error) => (chunks.length > 0 ? finish() : reject(error)));
    socket.on('end', () => finish());
    socket.on('close', () => finish());
    let done = false;
    function finish() {
      if (done) return;
      done = true;
      socket.destroy();
      try {
        resolve(parseResponse(Buffer.concat(chunks)));
      } catch (error) {
        reject(error as Error);
      }
    }
    socket.write(Buffer.concat([head, Buffer.from('\r\nConnection: close\r\n\r\n'), body]));
  });
}

function parseResponse(raw: Buffer): RawResponse {
  const split = raw.indexOf('\r\n\r\n');
  if (split < 0) throw new Error(`no HTTP answer (${raw.length} bytes: ${raw.subarray(0, 80).toString('latin1')})`);
  const [statusLine = '', ...lines] = raw.subarray(0, split).toString('latin1').split('\r\n');
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1];
  if (status === undefined) throw new Error(`not an HTTP status line: ${statusLine.slice(0, 80)}`);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const rest = raw.subarray(split + 4);
  const body = /chunked/i.test(headers['transfer-encoding'] ?? '') ? dechunk(rest) : rest;
  return { status: Number(status), headers, body: body.toString('utf8') };
}

function dechunk(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  let offset = 0;
  // Bounded by the data: every round consumes at least the size line.
  while (offset < data.length) {
    const lineEnd = data.indexOf('\r\n', offset);
    if (lineEnd < 0) break;
    const size = parseInt(data.subarray(offset, lineEnd).toString('latin1'), 16);
    if (!Number.isFinite(size) || size === 0) break;
    parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    offset = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}
