/** The emulator's fault switches for crash and lost-reply tests, over real HTTP on 127.0.0.1. */
import { afterEach, describe, expect, test } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/halo/emulator/server.js';
import { Faults } from '../../src/halo/emulator/faults.js';
import { articleHtml, clientFor } from './harness.js';

const running: RunningEmulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.close()));
});

describe('injected faults', () => {
  test('"after" lets that many matching requests through first; "times" hits that many after them', () => {
    const faults = new Faults({});
    faults.inject({ kind: 'hang', method: 'POST', path: '/api/kbarticle', after: 2, times: 2 });
    const decisions = ['POST', 'GET', 'POST', 'POST', 'POST', 'POST'].map((m) => faults.decide(m, '/api/kbarticle').kind);
    expect(decisions).toEqual(['none', 'none', 'none', 'hang', 'hang', 'none']);
  });

  test('lost replies hit writes only, at the seeded rate, the same way every time', () => {
    const run = (): string[] => {
      const faults = new Faults({ lostReplyRate: 0.5, seed: 7 });
      return [...Array(12).keys()].map((i) => faults.decide(i % 3 === 0 ? 'GET' : 'POST', '/api/kbarticle').kind);
    };
    const first = run();
    expect(first).toEqual(run());
    expect(first.filter((k, i) => i % 3 === 0 && k !== 'none')).toEqual([]);
    expect(first).toContain('lost-reply');
  });

  test('a lost reply stores the write and cuts the connection; a hang stores nothing and never answers', async () => {
    const lines: string[] = [];
    const e = await startEmulator({ log: (line) => lines.push(line) });
    running.push(e);
    const client = clientFor(e, { timeoutSeconds: 0.3, retry: { retries: 0 } });
    try {
      e.injectFault({ kind: 'lost-reply', method: 'POST', path: '/api/kbarticle' });
      const lost = await client.saveArticles([{ key: 'a', name: 'A', html: articleHtml('a'), faqListIds: [] }]);
      // Found by its key marker after the reply was lost: stored once.
      expect(lost[0]).toMatchObject({ id: 1, resolved: true });
      expect(e.data().articles).toHaveLength(1);
      e.injectFault({ kind: 'hang', method: 'POST', path: '/api/kbarticle' });
      await expect(client.saveArticles([{ id: 1, name: 'A2', html: articleHtml('a'), faqListIds: [] }])).rejects.toThrow('Halo did not answer POST');
      expect(e.data().articles[0]!.name).toBe('A');
      expect(lines.filter((l) => l.includes('no answer'))).toEqual([
        expect.stringMatching(/^POST \/api\/KBArticle -> no answer \(lost-reply\) \(\d+ ms\)$/),
        expect.stringMatching(/^POST \/api\/KBArticle -> no answer \(hang\) \(\d+ ms\)$/),
      ]);
      expect(e.stats().byStatus['no-answer']).toBe(2);
    } finally {
      await client.close();
    }
  });
});
