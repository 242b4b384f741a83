import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Screenshot } from '../report/parity-report.ts';
import { browserChecks } from './browser-check.ts';
import type { Finding } from './finding.ts';

// A stand-in for the SPA with the same labels, roles and test ids, behind a gateway whose login API
// answers `loginStatus`: the check must pass on a working gateway and name the step on a broken one.
const PAGE = `<!doctype html><html><body>
<form id="login"><label>Username <input name="u"></label><label>Password <input name="p" type="password"></label>
<button>Sign in</button></form><p data-testid="signed-in-as"></p>
<form id="entry" hidden><label><input type="radio" name="t" value="credit"> Credit</label>
<label>Amount <input name="a"></label><label>Description <input name="d"></label><button>Register</button></form>
<p data-testid="entry-status"></p>
<script>
const login = document.getElementById('login'), entry = document.getElementById('entry');
login.onsubmit = async (event) => {
  event.preventDefault();
  const answer = await fetch('/api/auth/login', { method: 'POST' });
  if (!answer.ok) return;
  document.querySelector('[data-testid=signed-in-as]').textContent = login.u.value;
  entry.hidden = false;
};
entry.onsubmit = (event) => {
  event.preventDefault();
  document.querySelector('[data-testid=entry-status]').textContent = 'Registered credit of ' + Number(entry.a.value).toFixed(2);
};
</script></body></html>`;

function gateway(loginStatus: number): Promise<Server> {
  const server = createServer((request, response) => {
    if (request.url === '/api/auth/login') {
      response.writeHead(loginStatus, { 'content-type': 'application/json' }).end('{}');
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const url = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

describe('the browser check in Chromium', () => {
  const reportDir = mkdtempSync(join(tmpdir(), 'browser-check-'));
  const screenshots: Screenshot[] = [];
  let servers: Server[];
  let findings: readonly Finding[];

  beforeAll(async () => {
    servers = [await gateway(200), await gateway(502)];
    const [check] = browserChecks();
    findings = await check!.run({
      gateways: {
        compose: { baseUrl: url(servers[0]!), username: 'demo', password: 'demo-password' },
        aws: { baseUrl: url(servers[1]!), username: 'demo', password: 'demo-password' },
      },
      reportDir,
      screenshots,
      progress: () => {},
    });
  }, 90_000);

  afterAll(async () => {
    await Promise.all((servers ?? []).map((server) => new Promise((resolve) => server.close(resolve))));
    rmSync(reportDir, { recursive: true, force: true });
  });

  test('a gateway whose login fails is BROWSER_FLOW_FAILED at "sign in"; the working one is no finding', () => {
    expect(findings.map((f) => [f.code, f.subject, f.compose])).toEqual([
      ['BROWSER_FLOW_FAILED', 'aws/sign in', 'signed in and registered'],
    ]);
    expect(findings[0]!.aws).toMatch(/^stopped at "sign in": /);
  });

  test("each profile's page is a screenshot in <report dir>/screenshots/, named for the report", () => {
    expect(screenshots).toEqual([
      {
        name: 'signed in, entry registered',
        profile: 'compose',
        mimeType: 'image/png',
        path: 'screenshots/compose-registered.png',
      },
      { name: 'stopped at: sign in', profile: 'aws', mimeType: 'image/png', path: 'screenshots/aws-failed.png' },
    ]);
    for (const shot of screenshots) expect(existsSync(join(reportDir, shot.path!))).toBe(true);
  });
});
