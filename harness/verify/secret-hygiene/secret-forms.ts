import { createHash } from 'node:crypto';

/** A generated secret of the run, by the name reports may print instead of it. */
export interface NamedSecret {
  /** e.g. `aws/cashflow/DB_PASSWORD`, `aws postgres password`. */
  readonly name: string;
  readonly value: string;
}

/** One way a secret may be written down, with the name of that encoding. */
export interface SecretForm {
  readonly encoding: 'raw' | 'url-encoded' | 'base64' | 'base64url' | 'json-escaped';
  readonly text: string;
}

/** Shorter fragments would match by chance in a long log. */
const MIN_FORM_LENGTH = 8;

/**
 * The forms a secret takes in logs, URLs and headers: as is, URL-encoded, JSON-escaped, and in
 * base64 (standard and URL-safe) at each of the three byte alignments it can have inside a longer
 * encoded value (`Basic base64(user:password)`), keeping only the characters that depend on the
 * secret alone.
 */
export function secretForms(secret: string): SecretForm[] {
  const forms: SecretForm[] = [
    { encoding: 'raw', text: secret },
    { encoding: 'url-encoded', text: encodeURIComponent(secret) },
    { encoding: 'json-escaped', text: JSON.stringify(secret).slice(1, -1) },
  ];
  const bytes = Buffer.from(secret, 'utf8');
  for (let offset = 0; offset < 3; offset += 1) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes])
      .toString('base64')
      .replace(/=+$/, '');
    // The leading characters also encode the filler bytes, the last ones whatever follows the secret.
    const core = encoded.slice(Math.ceil((offset * 4) / 3), encoded.length - 2);
    forms.push({ encoding: 'base64', text: core });
    forms.push({ encoding: 'base64url', text: core.replace(/\+/g, '-').replace(/\//g, '_') });
  }
  const seen = new Set<string>();
  return forms.filter((form) => form.text.length >= MIN_FORM_LENGTH && !seen.has(form.text) && seen.add(form.text));
}

/** A short fingerprint that tells secrets apart in a report without revealing one. */
export function secretFingerprint(secret: string): string {
  return `sha256:${createHash('sha256').update(secret).digest('hex').slice(0, 12)}`;
}

/** Where a secret was found: never the secret, only its name, fingerprint and encoding. */
export interface SecretHit {
  /** `file:line`, or the name of an in-memory source. */
  readonly where: string;
  readonly secret: string;
  readonly fingerprint: string;
  readonly encoding: SecretForm['encoding'];
}

/** Every line of `text` that holds a form of one of `secrets`; `source` names the text in hits. */
export function findSecrets(source: string, text: string, secrets: readonly NamedSecret[]): SecretHit[] {
  const hits: SecretHit[] = [];
  const formsOf = secrets.map((secret) => ({ secret, forms: secretForms(secret.value) }));
  const lines = text.split('\n');
  for (const [index, line] of lines.entries()) {
    for (const { secret, forms } of formsOf) {
      const form = forms.find((candidate) => line.includes(candidate.text));
      if (form === undefined) continue;
      hits.push({
        where: lines.length > 1 ? `${source}:${index + 1}` : source,
        secret: secret.name,
        fingerprint: secretFingerprint(secret.value),
        encoding: form.encoding,
      });
    }
  }
  return hits;
}
