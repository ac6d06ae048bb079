/**
 * A long run is never silent: retries and rate-limit waits show on stderr as they happen, through
 * the real CLI against the emulator's rate limit and injected faults; `--quiet` hides them and
 * `--verbose` logs every request.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KB, publishProject } from './publish-fixture.js';
import { VirtualClock } from '../helpers/virtual-clock.js';

const lines = (text: string): string[] => text.split('\n').filter((l) => l !== '');

// Each project's emulator and runs share a virtual clock: the waits reported take no real time.
describe('progress on stderr', () => {
  it("a 429 with Retry-After: says how long it waits for Halo's rate limit and what it retries", async () => {
    const p = await publishProject(KB, { rateLimit: { requests: 3, windowSeconds: 1, retryAfter: true } }, new VirtualClock());
    const run = await p.run('plan');
    expect(run.code).toBe(0);
    const waits = lines(run.stderr).filter((l) => l.startsWith("Halo's rate limit"));
    expect(waits.length).toBeGreaterThanOrEqual(1);
    for (const line of waits) {
      expect(line).toMatch(/^Halo's rate limit: waiting 1 s, \d+ of 300 requests used; then retrying GET \/api\/(KBArticle|FAQLists|Client) after HTTP 429 \(attempt 2 of 11\)$/);
    }
    // One line per 429: the requests queued behind the same wait do not repeat it.
    expect(waits).toHaveLength(p.emulator.stats().byStatus['429'] ?? 0);
    expect(run.stdout).toContain('Plan: 4 to create');
  });

  it("halo-kb's own pacing under halo.requests_per_window says how many of the window's requests are used", async () => {
    const p = await publishProject({ ...KB, 'halo-kb.yml': 'halo:\n  requests_per_window: 3\n  window_seconds: 2\n' }, {}, new VirtualClock());
    const run = await p.run('plan');
    expect(run.code).toBe(0);
    expect(lines(run.stderr)).toContainEqual(expect.stringMatching(/^Halo's rate limit: waiting (1(\.\d)?|2) s, 3 of 3 requests used$/));
  });

  it('a 503 on an article update: says it retries, which request, and which attempt of how many', async () => {
    const p = await publishProject(KB, {}, new VirtualClock());
    expect((await p.run('publish')).code).toBe(0);
    await writeFile(path.join(p.root, 'content/central/network/wifi.md'), '# Office Wi-Fi\n\nGuests use CORP-GUEST.\n');
    p.emulator.injectFault({ kind: 'error', method: 'POST', path: '/api/kbarticle', times: 1 });
    const run = await p.run('publish');
    expect(run.code).toBe(0);
    expect(lines(run.stderr)).toContainEqual(expect.stringMatching(/^retrying POST \/api\/KBArticle after HTTP 503 \(attempt 2 of 4, in 0\.\d s\)$/));
    expect(p.emulator.stats().byStatus['503']).toBe(1);
  });

  it('a 503 on a listing, and nothing of it with --quiet', async () => {
    const p = await publishProject(KB, {}, new VirtualClock());
    p.emulator.injectFault({ kind: 'error', method: 'GET', path: '/api/faqlists', times: 1 });
    const run = await p.run('plan');
    expect(lines(run.stderr)).toContainEqual(expect.stringMatching(/^retrying GET \/api\/FAQLists after HTTP 503 \(attempt 2 of 4, in 0\.\d s\)$/));

    p.emulator.injectFault({ kind: 'error', method: 'GET', path: '/api/faqlists', times: 1 });
    const quiet = await p.run('plan', '--quiet');
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toBe('');
    expect(p.emulator.stats().byStatus['503']).toBe(2);
  });
});
