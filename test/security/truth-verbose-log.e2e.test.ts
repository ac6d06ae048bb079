/**
 * `--verbose` logs every request to Halo on stderr: method, path, status and time, never a body, a
 * query string (where a tenant or a search travels), a token or the client secret.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { KB, SECRET, publishProject } from '../publish/publish-fixture.js';

describe('publish --verbose', () => {
  it('logs each request as method, path, status and time, and nothing secret', async () => {
    const p = await publishProject(KB, { tenant: 'contoso-tenant' });
    const run = await runCli(['publish', '--verbose'], p.root, { ...p.env, HALO_TENANT: 'contoso-tenant' });
    expect(run.code).toBe(0);
    const lines = run.stderr.split('\n').filter((l) => / -> \d{3} in /.test(l));
    expect(lines).toContainEqual(expect.stringMatching(/^GET \/api\/authinfo -> 200 in \d+ ms$/));
    expect(lines).toContainEqual(expect.stringMatching(/^POST \/auth\/token -> 200 in \d+ ms$/));
    expect(lines).toContainEqual(expect.stringMatching(/^POST \/api\/KBArticle -> 200 in \d+ ms$/));
    for (const line of lines) expect(line).toMatch(/^(GET|POST|DELETE) \/[A-Za-z0-9/]*(\/\d+)? -> \d{3} in \d+ ms$/);
    // Every request the emulator answered has its line.
    expect(lines).toHaveLength(p.emulator.stats().total);
    for (const text of [run.stderr, run.stdout]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toMatch(/bearer|access_token|client_secret|tenant=|\?/i);
    }
  });

  it('logs nothing of the kind without --verbose, and nothing with --quiet --verbose', async () => {
    const p = await publishProject();
    expect((await p.run('publish')).stderr).not.toMatch(/ -> \d{3} in /);
    expect((await p.run('plan', '--verbose', '--quiet')).stderr).toBe('');
  });
});
