import fc from 'fast-check';

/** One request as bytes on the wire: what {@link requestBytes} turns into a head and a body. */
export interface HostileRequest {
  /** The generator family, for failure messages (`header: duplicate content-type`, ...). */
  readonly family: string;
  readonly method: 'GET' | 'POST';
  /** Path and query exactly as sent: may hold raw bytes that no URL encoder would produce. */
  readonly target: Buffer;
  /** Header lines after Host (and Authorization, unless `auth` is false); raw bytes allowed. */
  readonly headers: readonly Buffer[];
  readonly body?: Buffer;
  /** Send the profile's bearer token. @default true */
  readonly auth?: boolean;
  /** Leave out the Content-Length the body would get (the family writes its own). */
  readonly ownLength?: boolean;
}

/** The endpoints under test; names are the report's. */
export const HOSTILE_ENDPOINTS = [
  'POST /api/auth/token',
  'POST /api/cashflow/entries',
  'GET /api/cashflow/entries',
  'GET /api/consolidated/balances/:date',
  'GET /api/consolidated/report',
] as const;

export type HostileEndpoint = (typeof HOSTILE_ENDPOINTS)[number];

const ONE_MIB = 1024 * 1024;
const b = (text: string) => Buffer.from(text, 'utf8');
const line = (name: string, value: string | Buffer) =>
  Buffer.concat([b(`${name}: `), typeof value === 'string' ? b(value) : value]);

/** Strings an attacker tries: SQL and JSON injection, path tricks, format confusion. */
const injections = fc.constantFrom(
  "' OR '1'='1",
  "'; DROP TABLE entries; --",
  '1; SELECT pg_sleep(10)--',
  "demo' --",
  '" OR ""="',
  '\\"}, "amount": 1, "x": {"',
  '{"$gt": ""}',
  '__proto__',
  '{"__proto__": {"admin": true}}',
  '${jndi:ldap://127.0.0.1/a}',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '%00',
  '%27%20OR%201%3D1',
  'NaN',
  'Infinity',
  '1e309',
  'null',
  'true',
);

/** Unicode and encodings that break naive code: lone surrogates, NUL, bidi overrides, odd planes. */
const nastyUnicode = fc.constantFrom(
  '\ud800',
  'a\udc00b',
  '\u0000',
  'x\u0000y',
  '\u202etxet lanruoj',
  '\u200f\u200e\u2066',
  '\ufeff',
  '\uffff',
  '\u{10ffff}',
  'ｃｒｅｄｉｔ',
  'Ｃredit',
  'crédit',
  '\u0085\u2028\u2029',
  '😀'.repeat(300),
  '\u0301'.repeat(500),
);

/** Byte sequences that are not UTF-8 at all, sent raw: overlong forms, surrogates encoded, stray continuation bytes. */
const rawBadBytes = fc.constantFrom(
  Buffer.from([0xc0, 0xaf]), // overlong '/'
  Buffer.from([0xe0, 0x80, 0xaf]), // overlong '/', three bytes
  Buffer.from([0xf0, 0x80, 0x80, 0xaf]), // overlong '/', four bytes
  Buffer.from([0xc0, 0x80]), // overlong NUL
  Buffer.from([0xed, 0xa0, 0x80]), // an encoded surrogate
  Buffer.from([0x80, 0x81]), // continuation bytes alone
  Buffer.from([0xff, 0xfe]),
  Buffer.from([0xf5, 0x80, 0x80, 0x80]), // above U+10FFFF
);

/** Numbers JSON can carry that the API must refuse as money or dates. */
const hugeNumberText = fc.constantFrom(
  '1e308',
  '1e309',
  '-1e309',
  '9007199254740993',
  '99999999999999999999999999999999',
  '-0',
  '0.0000000001',
  '1.7976931348623157e308',
  '123456789012345678901234567890.12',
);

/** 13-digit amounts: ten times the largest entry, and more, as strings and as integers. */
const thirteenDigits = fc.bigInt({ min: 1_000_000_000_000n, max: 9_999_999_999_999n }).map(String);

/** Dates that are not days: impossible days, the leap day of a common year, wrong shapes. */
const badDates = fc.oneof(
  fc.constantFrom(
    '2026-02-30',
    '2025-02-29',
    '2100-02-29',
    '2026-04-31',
    '2026-13-01',
    '2026-00-10',
    '2026-01-00',
    '2026-01-32',
    '0000-00-00',
    '26-01-01',
    '2026-1-1',
    '2026/01/01',
    '01/02/2026',
    '2026-01-01T00:00:00Z',
    '2026-01-01 ',
    ' 2026-01-01',
    '+2026-01-01',
    '-2026-01-01',
    '20260101',
    '2026-W01',
    '9999999-01-01',
    '２０２６-０１-０１',
    '2026-01-01\u0000',
    '',
  ),
  fc
    .record({
      year: fc.integer({ min: 0, max: 9999 }),
      month: fc.integer({ min: 0, max: 99 }),
      day: fc.integer({ min: 32, max: 99 }),
    })
    .map(({ year, month, day }) => `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${day}`),
);

/** Any JSON value, including deep nesting and unusual keys. */
const anyJson = fc.jsonValue({ maxDepth: 4 });

/** A JSON value that is not a string: wrong types for string fields. */
const notAString = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);

/** A well-formed entry; generators break exactly one part of it, or abuse the transport. */
const validEntry = fc.record({
  type: fc.constantFrom('credit', 'debit'),
  amount: fc.constantFrom('12.34', 500, '0.01'),
  date: fc.constantFrom('2026-11-30', '2024-02-29'),
  description: fc.constantFrom('hostile input', 'ok'),
});

/** Entries broken in one field (or with an extra one); each must be refused. */
const badEntry: fc.Arbitrary<unknown> = fc.oneof(
  validEntry.chain((e) =>
    fc.oneof(
      fc.constantFrom('refund', 'CREDIT', '', 'credit ', 'debit\u0000').map((type) => ({ ...e, type })),
      fc
        .oneof(
          notAString.filter((v) => typeof v !== 'number'),
          nastyUnicode,
          injections,
        )
        .map((type) => ({ ...e, type })),
      fc
        .oneof(
          thirteenDigits,
          thirteenDigits.map(Number),
          hugeNumberText,
          fc.constantFrom(
            '0',
            '0.00',
            '-1.00',
            '1.005',
            '12,50',
            '1 000',
            '١٢',
            '0x10',
            '1e3',
            ' 1.00',
            '1.00 ',
            '.5',
            '5.',
          ),
          fc.integer({ max: 0 }),
          fc.bigInt({ min: 100_000_000_000n, max: 2n ** 64n }).map(Number),
          fc.double({ noInteger: true }),
          fc.constantFrom(null, true, [], {}, [1]),
          injections,
          nastyUnicode,
        )
        .map((amount) => ({ ...e, amount })),
      fc.oneof(badDates, notAString, injections).map((date) => ({ ...e, date })),
      fc
        .oneof(
          notAString,
          fc.string({ minLength: 281, maxLength: 400 }),
          fc.constantFrom('x\u0000y', '\ud800', 'a\udfffb'),
        )
        .map((description) => ({ ...e, description })),
      fc.string({ minLength: 1, maxLength: 12 }).map((key) => ({ ...e, [key === 'type' ? 'currency' : `x${key}`]: 1 })),
      fc.constantFrom('type', 'amount', 'date', 'description').map((key) => {
        const { [key as keyof typeof e]: _dropped, ...rest } = e;
        return rest;
      }),
    ),
  ),
  anyJson.filter((v) => typeof v !== 'object' || v === null || Array.isArray(v) || Object.keys(v).length < 4),
);

/** Log-in bodies that are refused: wrong types, lengths, extra fields, unknown users, wrong passwords. */
const badLogin = (user: { username: string; password: string }): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.record({ username: notAString, password: fc.constant(user.password) }),
    fc.record({ username: fc.constant(user.username), password: notAString }),
    fc.record({ username: fc.constant(''), password: fc.constant(user.password) }),
    fc.record({ username: fc.string({ minLength: 101, maxLength: 150 }), password: fc.constant('x') }),
    fc.record({ username: fc.constant(user.username), password: fc.string({ minLength: 201, maxLength: 300 }) }),
    fc.record({
      username: fc.constant(user.username),
      password: fc.oneof(injections, nastyUnicode, fc.string({ minLength: 1, maxLength: 30 })),
    }),
    fc.record({ username: fc.oneof(injections, nastyUnicode), password: fc.constant(user.password) }),
    fc.record({ username: fc.constant(user.username), password: fc.constant(user.password), admin: fc.constant(true) }),
    fc.record({ username: fc.constant(user.username) }),
    anyJson,
  );

/** Raw text that is not the JSON it claims to be. */
const notJson = fc.oneof(
  fc.constantFrom(
    '{',
    '{"type": "credit",',
    '{"a":1}}',
    "{'type':'credit'}",
    '{"a":NaN}',
    '[1,]',
    'undefined',
    '\ufeff{}',
    '{"a":"\\ud800"',
  ),
  fc.string({ minLength: 1, maxLength: 50 }).filter((s) => {
    try {
      JSON.parse(s);
      return false;
    } catch {
      return true;
    }
  }),
  rawBadBytes.map((bytes) => Buffer.concat([b('{"description":"'), bytes, b('"}')])),
);

/** A JSON body padded to at least 1 MiB (whitespace, a long string, or many keys). */
const megabyteBody = (inner: unknown) =>
  fc.constantFrom('spaces', 'string', 'keys').map((how) => {
    const json = JSON.stringify(inner);
    if (how === 'spaces') return b(json.replace(/^\{/, `{${' '.repeat(ONE_MIB)}`));
    if (how === 'string') return b(JSON.stringify({ ...(inner as object), pad: 'x'.repeat(ONE_MIB) }));
    const keys = Array.from({ length: Math.ceil(ONE_MIB / 13) }, (_, i) => `"k${String(i).padStart(8, '0')}":1`).join(
      ',',
    );
    return b(`{${keys}}`);
  });

/** A body sent with a header that misstates or abuses the transport; the header is the defect. */
interface BodyAbuse {
  readonly family: string;
  readonly headers: readonly Buffer[];
  readonly body: Buffer;
  readonly ownLength?: boolean;
}

/**
 * Header abuse around an otherwise acceptable JSON body: each must be refused on its own (by the
 * gateway or the service), never processed.
 */
const headerAbuse = (json: Buffer): fc.Arbitrary<BodyAbuse> =>
  fc.oneof(
    fc.integer({ min: 9_000, max: 64_000 }).map((n) => ({
      family: 'header: oversized',
      headers: [line('content-type', 'application/json'), line('x-pad', 'a'.repeat(n))],
      body: json,
    })),
    // Over Node's 16 KiB header limit (60 x 406 bytes), and from 80 on over nginx's 32 KiB as well.
    fc.integer({ min: 60, max: 120 }).map((n) => ({
      family: 'header: too many',
      headers: [
        line('content-type', 'application/json'),
        ...Array.from({ length: n }, (_, i) => line(`x-h${i}`, 'v'.repeat(400))),
      ],
      body: json,
    })),
    fc
      .constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'multipart/form-data')
      .map((other) => ({
        family: 'header: duplicate content-type',
        headers: [line('content-type', 'application/json'), line('content-type', other)],
        body: json,
      })),
    fc
      .constantFrom(
        'text/plain',
        'application/x-www-form-urlencoded',
        'application/xml',
        'text/html',
        'application/octet-stream',
      )
      .map((type) => ({
        family: 'header: wrong content-type',
        headers: [line('content-type', type)],
        body: json,
      })),
    fc.constant({ family: 'header: no content-type', headers: [], body: json }),
    fc.constantFrom('abc', '-1', '1e3', '0x10', '12 13', '', '99999999999999999999').map((length) => ({
      family: 'header: bad content-length',
      headers: [line('content-type', 'application/json'), line('content-length', length)],
      body: json,
      ownLength: true,
    })),
    fc.integer({ min: 1, max: Math.max(1, json.length - 1) }).map((cut) => ({
      family: 'header: short content-length',
      headers: [line('content-type', 'application/json'), line('content-length', String(json.length - cut))],
      body: json,
      ownLength: true,
    })),
    fc.constant({
      family: 'header: conflicting content-length',
      headers: [
        line('content-type', 'application/json'),
        line('content-length', String(json.length)),
        line('content-length', String(json.length + 5)),
      ],
      body: json,
      ownLength: true,
    }),
    fc.constantFrom('x\rInjected: 1', 'a\rb', '\rX-Injected: 1').map((value) => ({
      family: 'header: bare CR',
      headers: [line('content-type', 'application/json'), line('x-note', value)],
      body: json,
    })),
    // Over the services' 64 KiB, under nginx's 1 MiB: the service itself refuses it, through the proxy.
    fc.integer({ min: 70_000, max: 1_000_000 }).map((n) => ({
      family: 'body: over the service limit',
      headers: [line('content-type', 'application/json')],
      body: b(json.toString('utf8').replace(/^\{/, `{${' '.repeat(n)}`)),
    })),
    megabyteBody(JSON.parse(json.toString('utf8'))).map((body) => ({
      family: 'body: 1 MiB',
      headers: [line('content-type', 'application/json')],
      body,
    })),
  );

/** Idempotency-Key values that are refused: too long, not visible ASCII, raw bytes. */
const badIdempotencyKey = fc.oneof(
  fc.integer({ min: 201, max: 6_000 }).map((n) => b('k'.repeat(n))),
  fc.constantFrom('a b', 'key\t1', 'ключ', '\u202ekey', 'k\u00ff').map(b),
  rawBadBytes.map((bytes) => Buffer.concat([b('k'), bytes])),
);

/** Query strings with injection, unicode, encoded CR/LF and duplicated or unknown parameters. */
const queryValue = fc.oneof(
  badDates,
  injections,
  nastyUnicode,
  fc.constantFrom(
    '%0d%0aSet-Cookie:%20x=1',
    '%0aX-Injected:%201',
    '%E0%80%AF',
    '%C0%AF',
    '%ED%A0%80',
    '%FF',
    '%',
    '%zz',
    '%00',
  ),
);

/**
 * Percent-encodes the UTF-8 bytes of `value` (a lone surrogate becomes U+FFFD's bytes, where
 * encodeURIComponent would throw); values that are already percent-encoded go as they are.
 */
function encodeQueryValue(value: string): string {
  if (value.startsWith('%') || /%[0-9A-Fa-f]{2}/.test(value)) return value;
  return [...Buffer.from(value, 'utf8')]
    .map((byte) =>
      /[A-Za-z0-9\-_.~]/.test(String.fromCharCode(byte))
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');
}

/** A header line list for a JSON body. */
const jsonHeaders = [line('content-type', 'application/json')];

function post(path: string, family: string, body: Buffer | unknown, extra: readonly Buffer[] = []): HostileRequest {
  const bytes = Buffer.isBuffer(body) ? body : b(JSON.stringify(body));
  return { family, method: 'POST', target: b(path), headers: [...jsonHeaders, ...extra], body: bytes };
}

function get(target: string | Buffer, family: string, extra: readonly Buffer[] = []): HostileRequest {
  return { family, method: 'GET', target: Buffer.isBuffer(target) ? target : b(target), headers: extra };
}

/** Header abuse that also applies to a GET whose query is already refused. */
const getHeaderAbuse = fc.oneof(
  fc.constant<Buffer[]>([]),
  fc.integer({ min: 9_000, max: 64_000 }).map((n) => [line('x-pad', 'a'.repeat(n))]),
  fc.constant([line('content-type', 'application/json'), line('content-type', 'text/plain')]),
  fc.constant([line('x-note', 'x\rInjected: 1')]),
  fc.constant([line('content-length', 'abc')]),
);

/**
 * The generator of malformed requests for one endpoint. Every request it makes must be refused
 * with a 4xx problem; `user` is the profile's demo login (its password goes only to the token
 * endpoint, combined with a defect).
 */
export function hostileRequests(
  endpoint: HostileEndpoint,
  user: { username: string; password: string },
): fc.Arbitrary<HostileRequest> {
  switch (endpoint) {
    case 'POST /api/auth/token': {
      const path = '/api/auth/token';
      const good = b(JSON.stringify(user));
      return fc.oneof(
        badLogin(user).map((body) => ({ ...post(path, 'body: bad login', body), auth: false })),
        notJson.map((body) => ({
          ...post(path, 'body: not JSON', Buffer.isBuffer(body) ? body : b(body)),
          auth: false,
        })),
        headerAbuse(good).map((abuse) => ({
          family: abuse.family,
          method: 'POST' as const,
          target: b(path),
          headers: abuse.headers,
          body: abuse.body,
          auth: false,
          ...(abuse.ownLength ? { ownLength: true } : {}),
        })),
      );
    }
    case 'POST /api/cashflow/entries': {
      const path = '/api/cashflow/entries';
      // Fresh keys, drawn by fast-check so that a seed replays the same requests.
      const key = fc.uuid().map((id) => line('idempotency-key', `hostile-${id}`));
      const good = b(JSON.stringify({ type: 'credit', amount: '1.00', date: '2026-11-30', description: 'hostile' }));
      return fc.oneof(
        { weight: 3, arbitrary: fc.tuple(badEntry, key).map(([body, k]) => post(path, 'body: bad entry', body, [k])) },
        fc
          .tuple(notJson, key)
          .map(([body, k]) => post(path, 'body: not JSON', Buffer.isBuffer(body) ? body : b(body), [k])),
        badIdempotencyKey.map((k) => post(path, 'header: bad idempotency-key', good, [line('idempotency-key', k)])),
        fc.constant(post(path, 'header: no idempotency-key', good)),
        fc.tuple(key, key).map(([k1, k2]) => post(path, 'header: two idempotency-keys', good, [k1, k2])),
        fc.tuple(headerAbuse(good), key).map(([abuse, k]) => ({
          family: abuse.family,
          method: 'POST' as const,
          target: b(path),
          headers: [...abuse.headers, k],
          body: abuse.body,
          ...(abuse.ownLength ? { ownLength: true } : {}),
        })),
      );
    }
    case 'GET /api/cashflow/entries': {
      const path = '/api/cashflow/entries';
      return fc
        .tuple(
          fc.oneof(
            queryValue.map((v) => `${path}?date=${encodeQueryValue(v)}`),
            fc.constant(path),
            fc.constant(`${path}?`),
            fc.constant(`${path}?date=2026-01-01&date=2026-01-02`),
            fc.constant(`${path}?date[]=2026-01-01`),
            fc.constant(`${path}?date[gt]=2026-01-01`),
            fc.constant(`${path}?date=2026-01-01&limit=1`),
            fc.constant(`${path}?DATE=2026-01-01`),
            fc.constant(`${path}?date=${'9'.repeat(5_000)}`),
            rawBadBytes.map((bytes) => Buffer.concat([b(`${path}?date=2026-01-0`), bytes])),
          ),
          getHeaderAbuse,
        )
        .map(([target, headers]) => get(target, 'query', headers));
    }
    case 'GET /api/consolidated/balances/:date': {
      const path = '/api/consolidated/balances/';
      return fc
        .tuple(
          fc.oneof(
            fc
              .oneof(
                badDates.filter((d) => d !== ''),
                injections,
                nastyUnicode,
              )
              .map((d) => `${path}${encodeQueryValue(d)}`),
            fc
              .constantFrom('%E0%80%AF', '%C0%AF', '%ED%A0%80', '%FF', '%', '%zz', '%00', '2026-01-01%0d%0aX:1')
              .map((d) => `${path}${d}`),
            rawBadBytes.map((bytes) => Buffer.concat([b(`${path}2026-01-0`), bytes])),
            fc.constant(`${path}${'1'.repeat(5_000)}`),
          ),
          getHeaderAbuse,
        )
        .map(([target, headers]) => get(target, 'path', headers));
    }
    case 'GET /api/consolidated/report': {
      const path = '/api/consolidated/report';
      const goodDate = fc.constantFrom('2026-01-01', '2024-02-29', '2026-12-31');
      const q = (from: string, to: string) => `${path}?from=${encodeQueryValue(from)}&to=${encodeQueryValue(to)}`;
      return fc
        .tuple(
          fc.oneof(
            fc.tuple(queryValue, goodDate).map(([from, to]) => q(from, to)),
            fc.tuple(goodDate, queryValue).map(([from, to]) => q(from, to)),
            fc.constant(q('2026-12-31', '2026-01-01')),
            fc.constant(q('2020-01-01', '2026-01-01')),
            fc.constant(q('1900-01-01', '2999-12-31')),
            fc.constant(`${path}?from=2026-01-01`),
            fc.constant(`${path}?to=2026-01-01`),
            fc.constant(path),
            fc.constant(`${q('2026-01-01', '2026-01-02')}&extra=1`),
            fc.constant(`${path}?from=2026-01-01&from=2026-01-02&to=2026-01-03`),
          ),
          getHeaderAbuse,
        )
        .map(([target, headers]) => get(target, 'query', headers));
    }
  }
}

/** The request head (without the final blank line) and body of a hostile request. */
export function requestBytes(
  request: HostileRequest,
  host: string,
  token: string | undefined,
): { head: Buffer; body: Buffer } {
  const body = request.body ?? Buffer.alloc(0);
  const lines = [
    Buffer.concat([b(`${request.method} `), request.target, b(' HTTP/1.1')]),
    line('host', host),
    ...(request.auth !== false && token !== undefined ? [line('authorization', `Bearer ${token}`)] : []),
    ...request.headers,
    ...(request.body !== undefined && !request.ownLength ? [line('content-length', String(body.length))] : []),
  ];
  return { head: Buffer.concat(lines.flatMap((l, i) => (i === 0 ? [l] : [b('\r\n'), l]))), body };
}
