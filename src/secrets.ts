/**
 * Secrets (client secret, access tokens) must never reach output, logs, reports, state files or
 * error messages. Every value that is secret is registered here as soon as it is read, and every
 * writer that can show text to a person passes it through `redact` last.
 *
 * A server, a proxy or a log can echo a secret back in another form than it was sent: form- or
 * percent-encoded (the token request's body), inside a JSON string (escaped, or `\uXXXX` for
 * everything but letters, as .NET writes it), as HTML entities (an error page), or base64-encoded
 * as in a Basic auth header. `redact` masks each of these, and any mix of them.
 */

const secrets = new Set<string>();
const MASK = '***';
/** Every registered secret in every form, longest secrets first; rebuilt when one is added. */
let pattern: RegExp | undefined;

/** Remember a secret so that `redact` removes it wherever it appears. Short values are ignored. */
export function registerSecret(value: string | undefined): void {
  // A 1-3 character "secret" would mask ordinary words; real secrets and tokens are long.
  if (value !== undefined && value.length >= 4 && !secrets.has(value)) {
    secrets.add(value);
    pattern = undefined;
  }
}

/** Replace every registered secret, in any of its forms, in `text` with `***`. */
export function redact(text: string): string {
  if (secrets.size === 0) return text;
  pattern ??= buildPattern();
  return text.replace(pattern, MASK);
}

/** For tests: forget every registered secret. */
export function clearSecrets(): void {
  secrets.clear();
  pattern = undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/** Hex digits of `n`, at least `width` of them, matching either case. */
function hexAnyCase(n: number, width: number): string {
  return n
    .toString(16)
    .padStart(width, '0')
    .replace(/[a-f]/g, (d) => `[${d}${d.toUpperCase()}]`);
}

const JSON_SHORT: Record<string, string> = { '"': '\\"', '\\': '\\\\', '/': '\\/', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
const HTML_NAMED: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Every way one character (code point) can be written in an echo of the secret. */
function charPattern(char: string): string {
  const literal = escapeRegExp(char);
  // Nobody escapes letters and digits: keeping them literal keeps the pattern (and tokens) small.
  if (/^[A-Za-z0-9]$/.test(char)) return literal;
  const forms = new Set<string>([literal]);
  // Percent-encoding of its UTF-8 bytes, hex in either case (encodeURIComponent, RFC 3986, forms).
  forms.add([...Buffer.from(char, 'utf8')].map((byte) => `%${hexAnyCase(byte, 2)}`).join(''));
  if (char === ' ') forms.add('\\+');
  // JSON: the short escapes, and \uXXXX of each UTF-16 unit (a surrogate pair for astral characters).
  const short = JSON_SHORT[char];
  if (short !== undefined) forms.add(escapeRegExp(short));
  let units = '';
  for (let i = 0; i < char.length; i += 1) units += `\\\\u${hexAnyCase(char.charCodeAt(i), 4)}`;
  forms.add(units);
  // HTML: decimal and hex character references, and the named ones of the characters HTML escapes.
  const code = char.codePointAt(0) ?? 0;
  forms.add(`&#0*${code};`);
  forms.add(`&#[xX]0*${hexAnyCase(code, 1)};`);
  const named = HTML_NAMED[char];
  if (named !== undefined) forms.add(escapeRegExp(named));
  return `(?:${[...forms].join('|')})`;
}

/**
 * The parts of `bytes`' base64 that do not depend on what surrounds them, at each of the three
 * alignments `bytes` can have inside a longer base64 text (a Basic auth header holds `id:secret`).
 * A 6-bit character is kept only when all its bits come from `bytes`.
 */
function base64Cores(bytes: Buffer): string[] {
  const cores: string[] = [];
  for (let offset = 0; offset < 3; offset += 1) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    const first = Math.ceil((offset * 8) / 6);
    const end = Math.floor(((offset + bytes.length) * 8) / 6);
    const core = encoded.slice(first, end);
    cores.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return cores;
}

function secretPattern(secret: string): string[] {
  const chars = [...secret].map(charPattern).join('');
  // Base64 only for secrets long enough that its few characters cannot turn up by chance.
  if (secret.length < 8) return [chars];
  const texts = new Set([secret, encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2)]);
  const cores = [...texts].flatMap((t) => base64Cores(Buffer.from(t, 'utf8')));
  return [chars, ...[...new Set(cores)].sort((a, b) => b.length - a.length).map(escapeRegExp)];
}

function buildPattern(): RegExp {
  const ordered = [...secrets].sort((a, b) => b.length - a.length);
  return new RegExp(ordered.flatMap(secretPattern).join('|'), 'g');
}
