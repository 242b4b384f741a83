import { readFileSync } from 'node:fs';
import type { LoadTarget } from './open-model-runner.ts';

type ProfileName = 'compose' | 'aws';

/** The part of a stack document (harness/stack/stack-document.ts) a run reads. */
interface StackLike {
  readonly profiles?: Readonly<
    Record<
      string,
      { readonly gateway?: { readonly url?: string; readonly username?: string; readonly password?: string } }
    >
  >;
}

/**
 * The target of a run against a running `harness up`: the profile's gateway from the stack
 * document, and a token from its login (the demo user the document names). The password is used
 * for the login only and never printed.
 */
export async function loadTargetFromStack(stackFile: string, profile: ProfileName): Promise<LoadTarget> {
  let document: StackLike;
  try {
    document = JSON.parse(readFileSync(stackFile, 'utf8'));
  } catch (error) {
    throw new Error(
      `--against: cannot read the stack document ${stackFile} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); start a stack with \`npx harness up\` first`,
      { cause: error },
    );
  }
  return loadTargetFromDocument(document, profile);
}

/** The same from a stack document already in memory (a stack the runner started itself). */
export async function loadTargetFromDocument(document: StackLike, profile: ProfileName): Promise<LoadTarget> {
  const gateway = document.profiles?.[profile]?.gateway;
  if (gateway?.url === undefined) throw new Error(`--profile: the stack document has no ${profile} gateway`);
  if (gateway.username === undefined || gateway.password === undefined) {
    return { baseUrl: gateway.url };
  }
  const response = await fetch(new URL('/api/auth/token', gateway.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: gateway.username, password: gateway.password }),
    signal: AbortSignal.timeout(30_000),
  });
  const body = (await response.json().catch(() => ({}))) as { access_token?: string };
  if (response.status !== 200 || body.access_token === undefined) {
    throw new Error(`the ${profile} gateway refused the stack's demo login (HTTP ${response.status})`);
  }
  return { baseUrl: gateway.url, token: body.access_token };
}
