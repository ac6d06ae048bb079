/**
 * Secrets (client secret, access tokens) must never reach output, logs, reports, state files or
 * error messages. Every value that is secret is registered here as soon as it is read, and every
 * writer that can show text to a person passes it through `redact` last.
 */

const secrets = new Set<string>();
const MASK = '***';

/** Remember a secret so that `redact` removes it wherever it appears. Short values are ignored. */
export function registerSecret(value: string | undefined): void {
  // A 1-3 character "secret" would mask ordinary words; real secrets and tokens are long.
  if (value !== undefined && value.length >= 4) secrets.add(value);
}

/** Replace every registered secret in `text` with `***`. */
export function redact(text: string): string {
  let out = text;
  for (const secret of secrets) {
    if (out.includes(secret)) out = out.split(secret).join(MASK);
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret && out.includes(encoded)) out = out.split(encoded).join(MASK);
  }
  return out;
}

/** For tests: forget every registered secret. */
export function clearSecrets(): void {
  secrets.clear();
}
