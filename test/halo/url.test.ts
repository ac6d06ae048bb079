import { describe, expect, test } from 'vitest';
import { HaloUrlError, normalizeHaloUrl, tokenUrl } from '../../src/halo/url.js';

describe('normalizeHaloUrl', () => {
  test.each([
    'example.halopsa.com',
    'https://example.halopsa.com',
    'https://example.halopsa.com/',
    'https://example.halopsa.com/api',
    'https://example.halopsa.com/api/',
    'https://EXAMPLE.halopsa.com/API',
    'https://example.halopsa.com/auth',
    'https://example.halopsa.com/auth/token',
    '  https://example.halopsa.com/api?x=1#top  ',
  ])('%s', (input) => {
    expect(normalizeHaloUrl(input)).toEqual({ base: 'https://example.halopsa.com', apiBase: 'https://example.halopsa.com/api' });
  });

  test('loopback without a scheme speaks http; a port is kept', () => {
    expect(normalizeHaloUrl('127.0.0.1:8765/api/')).toEqual({ base: 'http://127.0.0.1:8765', apiBase: 'http://127.0.0.1:8765/api' });
    expect(normalizeHaloUrl('localhost:8765').apiBase).toBe('http://localhost:8765/api');
  });

  test('a self-hosted Halo under a path prefix keeps it', () => {
    expect(normalizeHaloUrl('https://intranet.example.com/halo/api').apiBase).toBe('https://intranet.example.com/halo/api');
  });

  test('the auth server: same host means its /auth; another host is used as given, /token dropped', () => {
    expect(normalizeHaloUrl('example.halopsa.com', 'https://example.halopsa.com').authBase).toBe('https://example.halopsa.com/auth');
    expect(normalizeHaloUrl('example.halopsa.com', 'https://example.halopsa.com/auth/').authBase).toBe('https://example.halopsa.com/auth');
    expect(normalizeHaloUrl('example.halopsa.com', 'auth.haloservicedesk.com/token').authBase).toBe('https://auth.haloservicedesk.com');
    expect(normalizeHaloUrl('example.halopsa.com', '  ').authBase).toBeUndefined();
  });

  test('tokenUrl adds the tenant', () => {
    expect(tokenUrl('https://x.halopsa.com/auth', 'acme corp')).toBe('https://x.halopsa.com/auth/token?tenant=acme%20corp');
    expect(tokenUrl('https://x.halopsa.com/auth', undefined)).toBe('https://x.halopsa.com/auth/token');
  });

  test.each([
    ['', 'HALO_URL "" is not a usable Halo address: it is empty.'],
    ['https://exa mple.com', 'HALO_URL "https://exa mple.com" is not a usable Halo address: it contains spaces.'],
    ['ftp://example.halopsa.com', 'HALO_URL "ftp://example.halopsa.com" is not a usable Halo address: the scheme must be https or http, not ftp.'],
    ['https://', 'HALO_URL "https://" is not a usable Halo address: it cannot be parsed as a URL.'],
    ['https://user:pw@example.halopsa.com', 'HALO_URL "(hidden)" is not a usable Halo address: it must not contain a user name or password.'],
    ['https://exa_mple!.com', 'HALO_URL "https://exa_mple!.com" is not a usable Halo address: the host name is not valid.'],
  ])('refuses %j', (input, message) => {
    let error: unknown;
    try {
      normalizeHaloUrl(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(HaloUrlError);
    expect((error as HaloUrlError).message).toBe(message);
    expect((error as HaloUrlError).code).toBe('HALO_URL_INVALID');
    expect((error as HaloUrlError).hint).toBe('Set HALO_URL to your Halo address, e.g. https://example.halopsa.com (with or without /api).');
  });
});
