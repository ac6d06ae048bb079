/**
 * Every form a secret can be echoed back in by a server, a proxy or a log: raw, percent-encoded
 * (JavaScript's, RFC 3986's with `()!'~*`, form encoding with `+`, lower-case hex), JSON string
 * escapes (short ones and `\uXXXX` for everything but letters and digits, as .NET writes them), HTML
 * entities, and base64 of `id:secret` as in Basic auth.
 */

function rfc3986(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Every non-alphanumeric character as `\uXXXX` (System.Text.Json's default is close to this). */
function jsonAscii(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i] ?? '';
    out += /[A-Za-z0-9 ]/.test(c) ? c : `\\u${text.charCodeAt(i).toString(16).padStart(4, '0')}`;
  }
  return out;
}

function html(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export function secretForms(secret: string, clientId: string): Record<string, string> {
  const basic = Buffer.from(`${clientId}:${secret}`, 'utf8').toString('base64');
  return {
    raw: secret,
    encodeURIComponent: encodeURIComponent(secret),
    form: new URLSearchParams({ s: secret }).toString().slice(2),
    rfc3986: rfc3986(secret),
    rfc3986LowerHex: rfc3986(secret).replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()),
    json: JSON.stringify(secret).slice(1, -1),
    jsonAscii: jsonAscii(secret),
    jsonAsciiUpper: jsonAscii(secret).replace(/\\u([0-9a-f]{4})/g, (_m, h: string) => `\\u${h.toUpperCase()}`),
    html: html(secret),
    basicAuth: basic,
    basicAuthUrl: basic.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''),
    base64: Buffer.from(secret, 'utf8').toString('base64'),
    // As RFC 6749 §2.3.1 has it: each part form-encoded before base64.
    basicAuthFormEncoded: Buffer.from(`${encodeURIComponent(clientId)}:${new URLSearchParams({ s: secret }).toString().slice(2)}`).toString('base64'),
  };
}

/** The names of the forms of `secret` found in `text`. */
export function leakedForms(text: string, secret: string, clientId: string): string[] {
  return Object.entries(secretForms(secret, clientId))
    .filter(([, form]) => text.includes(form))
    .map(([name]) => name);
}
