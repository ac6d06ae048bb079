/**
 * Publishing converges under faults: a storm of 5xx answers, lost replies of stored writes, dropped
 * connections and 429s, and publishes SIGKILLed at random points. Whatever happens, Halo never holds
 * an article, FAQ list or attachment twice, nothing is lost, the manifest is valid after every run,
 * and a bounded number of runs ends with `plan --detailed-exitcode` at 0. Faults and kill points
 * come from fixed seeds, so a failure can be repeated.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findKeyMarker } from '../../src/halo/key-marker.js';
import type { EmulatorOptions } from '../../src/halo/emulator/options.js';
import { readManifest } from '../../src/plan/manifest.js';
import { assertManifest } from '../helpers/manifest-schema.js';
import { makePng } from '../helpers/binary-files.js';
import type { TreeFiles } from '../helpers/temp-tree.js';
import { spawnCli } from '../publish/killed-run.js';
import { publishProject, type Project } from '../publish/publish-fixture.js';
import { VirtualClock } from '../helpers/virtual-clock.js';
import { seeded } from '../../src/halo/emulator/faults.js';

const MAX_RUNS = 6;
const FOLDERS = ['network', 'printers', 'accounts', 'email'];

/** 38 central articles in 4 lists and 6 of a company's; every 6th has an image, every 5th a cross-link. */
function tree(mode: 'inline' | 'attachment-endpoint'): { files: TreeFiles; keys: string[]; images: Map<string, string> } {
  const files: TreeFiles = {
    'halo-kb.yml': `halo:\n  batch_size: 4\n  timeout_seconds: 2\n  attachment_mode: ${mode}\n`,
    'content/companies/contoso/_company.yml': 'client_name: Contoso Ltd\n',
  };
  const keys: string[] = [];
  const images = new Map<string, string>();
  for (let n = 0; n < 44; n++) {
    const base = n < 38 ? `central/${FOLDERS[n % 4]}` : 'companies/contoso';
    const name = `kb-${String(n).padStart(2, '0')}`;
    const link = n % 5 === 0 && n < 38 ? `\n\nSee also [the next guide](../${FOLDERS[(n + 1) % 4]}/kb-${String(n + 1).padStart(2, '0')}.md).` : '';
    const image = n % 6 === 0 ? `\n\n![Screen ${n}](images/screen-${n}.png)` : '';
    files[`content/${base}/${name}.md`] = `# Fixing issue ${n}\n\nRestart the device, then sign in again.${link}${image}\n`;
    if (image !== '') {
      files[`content/${base}/images/screen-${n}.png`] = Buffer.concat([Buffer.from(makePng()), Buffer.alloc(n + 1, n)]);
      images.set(`${base}/${name}`, `screen-${n}.png`);
    }
    keys.push(`${base}/${name}`);
  }
  return { files, keys, images };
}

/** What must hold after every run, whatever it was: nothing twice, a valid manifest pointing at real records. */
async function checkInvariants(p: Project, when: string): Promise<void> {
  const data = p.emulator.data();
  const keys = data.articles.map((a) => findKeyMarker(a.description_html)).filter((k): k is string => k !== undefined);
  expect(duplicates(keys), `${when}: articles stored twice`).toEqual([]);
  expect(duplicates(data.faqLists.map((l) => l.third_party_id ?? `${l.group_id}/${l.name}`)), `${when}: FAQ lists stored twice`).toEqual([]);
  // The same file (name and size) on the same article twice; a replaced image's older version may stay.
  expect(duplicates(data.attachments.map((a) => `${a.unique_id}/${a.filename}/${a.filesize}`)), `${when}: attachments stored twice`).toEqual([]);
  const manifestFile = path.join(p.root, 'state', 'manifest.json');
  const manifest = await readManifest(manifestFile);
  // A run killed before its first write leaves no manifest; one that is there fits its schema.
  const written = await readFile(manifestFile, 'utf8').catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? undefined : Promise.reject(error)));
  if (written !== undefined) assertManifest(JSON.parse(written), manifestFile);
  const ids = new Set(data.articles.map((a) => a.id));
  for (const [key, entry] of Object.entries(manifest.articles)) {
    expect(ids.has(entry.haloId), `${when}: the manifest's ${key} points at article ${entry.haloId}, which Halo does not have`).toBe(true);
    for (const [file, att] of Object.entries(entry.attachments ?? {})) {
      if (att.haloId !== undefined)
        expect(
          data.attachments.some((a) => a.id === att.haloId && a.unique_id === entry.haloId),
          `${when}: ${key}'s ${file} is not attachment ${att.haloId}`,
        ).toBe(true);
    }
  }
  expect(duplicates(Object.values(manifest.articles).map((a) => String(a.haloId))), `${when}: two keys share a Halo article`).toEqual([]);
}

function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const repeated = values.filter((v) => {
    if (seen.has(v)) return true;
    seen.add(v);
    return false;
  });
  return [...new Set(repeated)];
}

/** Everything published exactly once, every image attached to its article, every link resolved. */
async function checkComplete(p: Project, keys: readonly string[], images: ReadonlyMap<string, string>): Promise<void> {
  const data = p.emulator.data();
  const byKey = new Map(data.articles.map((a) => [findKeyMarker(a.description_html), a]));
  expect(
    keys.filter((k) => !byKey.has(k)),
    'articles never published',
  ).toEqual([]);
  expect(data.articles.filter((a) => a.inactive).map((a) => a.name)).toEqual([]);
  for (const [key, file] of images) {
    const article = byKey.get(key)!;
    const size = (await readFile(path.join(p.root, 'content', path.dirname(key), 'images', file))).byteLength;
    const stored = data.attachments.filter((a) => a.unique_id === article.id && a.filename === file && a.filesize === size);
    expect(stored, `${key}: ${file}`).toHaveLength(1);
    expect(article.description_html, `${key} links to its image`).toContain(`/api/Attachment/${stored[0]!.id}"`);
  }
  for (const a of data.articles) expect(a.description_html, `${a.name}: a link left unresolved`).not.toMatch(/(href|src)="#"/);
}

/** New text for articles `ns`, and a new version (another size) of their images. */
async function edit(p: Project, keys: readonly string[], images: ReadonlyMap<string, string>, ns: readonly number[]): Promise<void> {
  for (const n of ns) {
    const key = keys[n]!;
    const file = path.join(p.root, 'content', `${key}.md`);
    await writeFile(file, (await readFile(file, 'utf8')).replace('sign in again', 'sign in again with your badge'));
    const image = images.get(key);
    if (image !== undefined) await writeFile(path.join(p.root, 'content', path.dirname(key), 'images', image), Buffer.concat([Buffer.from(makePng()), Buffer.alloc(100 + n, 1)]));
  }
}

/** Publish until a run exits 0, at most MAX_RUNS times, checking the invariants after each. */
async function converge(p: Project, label: string): Promise<number> {
  for (let run = 1; run <= MAX_RUNS; run++) {
    const result = await p.run('publish', '--quiet');
    await checkInvariants(p, `${label}, run ${run}`);
    if (result.code === 0) return run;
    expect(result.code, `${label}, run ${run}: ${result.stdout}${result.stderr}`).toBe(1);
  }
  throw new Error(`${label}: still failing after ${MAX_RUNS} runs`);
}

const STORM: EmulatorOptions = {
  faults: { errorRate: 0.1, lostReplyRate: 0.1, dropRate: 0.03, seed: 20240 },
  rateLimit: { requests: 8, windowSeconds: 1, retryAfter: true },
};

describe('publishing under faults', () => {
  for (const [mode, seed] of [
    ['inline', 11],
    ['attachment-endpoint', 12],
  ] as const) {
    it(`converges under a storm of 5xx, lost replies, dropped connections and 429s (${mode})`, async () => {
      const { files, keys, images } = tree(mode);
      // The emulator and the runs share a virtual clock: the storm's back-offs and Retry-After
      // waits take no real time.
      const p = await publishProject(files, { ...STORM, faults: { ...STORM.faults, seed } }, new VirtualClock());
      const runs = await converge(p, 'storm');
      expect(runs).toBeLessThanOrEqual(MAX_RUNS);
      await checkComplete(p, keys, images);
      // Edits under the same storm: new text, a new version of two images, a new article with one.
      await edit(p, keys, images, [0, 6, 13]);
      await writeFile(path.join(p.root, 'content/central/network/kb-new.md'), '# A new guide\n\n![New screen](images/screen-new.png)\n');
      await writeFile(path.join(p.root, 'content/central/network/images/screen-new.png'), Buffer.concat([Buffer.from(makePng()), Buffer.alloc(77, 7)]));
      keys.push('central/network/kb-new');
      images.set('central/network/kb-new', 'screen-new.png');
      const again = await converge(p, 'storm after edits');
      expect(again).toBeLessThanOrEqual(MAX_RUNS);
      const stats = p.emulator.stats();
      // The storm really happened.
      expect(stats.byStatus['503']).toBeGreaterThan(0);
      expect(stats.byStatus['429']).toBeGreaterThan(0);
      expect(stats.byStatus['no-answer']).toBeGreaterThan(0);
      await checkComplete(p, keys, images);
      const plan = await p.run('plan', '--detailed-exitcode', '--quiet');
      expect(plan.stdout).toContain('Plan: 0 to create, 0 to update, 0 to retire, 45 unchanged, 0 skipped.');
      expect(plan.code).toBe(0);
    }, 60_000);
  }

  it('converges after publishes SIGKILLed at random points, with edits in between', async () => {
    const random = seeded(7);
    const { files, keys, images } = tree('inline');
    let answered = 0;
    let killAt = Number.POSITIVE_INFINITY;
    let victim: ReturnType<typeof spawnCli> | undefined;
    const p = await publishProject(files, {
      faults: { errorRate: 0.05, lostReplyRate: 0.05, seed: 99 },
      log: () => {
        answered += 1;
        if (answered === killAt) void victim?.kill();
      },
    });
    const kills: number[] = [];
    for (let round = 0; round < 8; round++) {
      // Edits between kills: new text and a new image version, so updates and re-uploads are cut too.
      if (round === 4) await edit(p, keys, images, [0, 6, 13]);
      answered = 0;
      killAt = 3 + Math.floor(random() * 48);
      kills.push(killAt);
      victim = spawnCli(['publish', '--quiet'], p.root, p.env);
      await victim.exited;
      await checkInvariants(p, `after a publish killed at request ${killAt}`);
    }
    expect(kills).toEqual([3, 5, 49, 36, 28, 22, 25, 14]);
    expect(await converge(p, 'after the kills')).toBeLessThanOrEqual(MAX_RUNS);
    await checkComplete(p, keys, images);
    const edited = p.emulator.data().articles.find((a) => findKeyMarker(a.description_html) === keys[6])!;
    expect(edited.description_html).toContain('sign in again with your badge');
    const plan = await p.run('plan', '--detailed-exitcode', '--quiet');
    expect(plan.code).toBe(0);
  }, 150_000);
});
