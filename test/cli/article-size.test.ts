/**
 * An article too large for Halo to take in one request: `validate` and `build` name it and its
 * size (publish.max_article_kb), and a 413 from Halo names the article and the setting.
 */
import { writeFile } from 'node:fs/promises';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { problems, runCli } from '../helpers/run-cli.js';
import { makeProject } from '../helpers/temp-tree.js';
import { publishProject } from '../publish/publish-fixture.js';

const HINT = '    Split it into smaller articles, or move bulky content (data, long logs) into attached files; raise publish.max_article_kb only if your Halo accepts larger requests.\n';

describe('articles over publish.max_article_kb', () => {
  it('a 50 MB Markdown file is refused by validate and build without being compiled', async () => {
    const root = await makeProject({ 'content/central/network/vpn.md': '# VPN\n\nInstall the client.\n' });
    await writeFile(path.join(root, 'content/central/export.md'), Buffer.alloc(50 * 1024 * 1024, 'All work and no play. '));
    const started = performance.now();
    const run = await runCli(['validate'], root);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(run.code).toBe(1);
    expect(problems(run.stdout)).toEqual([
      'content/central/export.md: error: This file is 50.0 MB, over the 4.0 MB an article may be (publish.max_article_kb): Halo would refuse to save it, so it is not published. [article-too-large]',
    ]);
    expect(run.stdout).toContain(HINT);
    const build = await runCli(['build', '--quiet'], root);
    expect(build.code).toBe(1);
    expect(problems(build.stdout)).toHaveLength(1);
  });

  it('HTML over a configured limit, from a source under it', async () => {
    const root = await makeProject({
      'halo-kb.yml': 'publish:\n  max_article_kb: 64\n',
      'content/central/network/vpn.md': '# VPN\n\nInstall the client.\n',
      // 48 KB of Markdown, 96 KB of HTML: every "&" becomes "&amp;".
      'content/central/inventory.md': `# Inventory\n\n${'R&D '.repeat(12_000)}\n`,
    });
    const run = await runCli(['validate'], root);
    expect(run.code).toBe(1);
    expect(problems(run.stdout)).toEqual([
      expect.stringMatching(
        /^content\/central\/inventory\.md: error: The article's HTML is \d+ KB, over the 64 KB an article may be \(publish\.max_article_kb\): Halo would refuse to save it, so it is not published\. \[article-too-large\]$/,
      ),
    ]);
    // Raising the setting lets it through.
    await writeFile(path.join(root, 'halo-kb.yml'), 'publish:\n  max_article_kb: 256\n');
    expect((await runCli(['validate'], root)).code).toBe(0);
  });

  it('a bad setting is a configuration error', async () => {
    const root = await makeProject({ 'halo-kb.yml': 'publish:\n  max_article_kb: lots\n', 'content/central/vpn.md': '# VPN\n\nText.\n' });
    const run = await runCli(['validate'], root);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('halo-kb.yml:2:19: halo-kb.yml publish key "max_article_kb" must be a positive number, but it is string "lots".');
  });
});

/**
 * Halo behind a reverse proxy that takes request bodies up to `limit` bytes, as nginx or IIS in
 * front of an instance do: a larger one gets the proxy's own 413 page. Everything else is passed
 * to the emulator as it is.
 */
async function proxyWithBodyLimit(target: string, limit: number): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (body.length > limit) {
        res.writeHead(413, { 'content-type': 'text/html' });
        res.end(
          '<html>\r\n<head><title>413 Request Entity Too Large</title></head>\r\n<body>\r\n<center><h1>413 Request Entity Too Large</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n',
        );
        return;
      }
      const forward = request(new URL(req.url ?? '/', target), { method: req.method, headers: { ...req.headers, host: new URL(target).host } }, (reply) => {
        res.writeHead(reply.statusCode ?? 502, reply.headers);
        reply.pipe(res);
      });
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('a 413 from Halo', () => {
  it('names the articles and the settings, and stores nothing', async () => {
    const p = await publishProject({
      'content/central/network/vpn.md': '# Connecting to the VPN\n\nInstall the client.\n',
      // 40 KB of Markdown, 80 KB of HTML, which goes twice in the article's write.
      'content/central/network/r-and-d.md': `# R&D network\n\n${'R&D '.repeat(10_000)}\n`,
    });
    const proxy = await proxyWithBodyLimit(p.emulator.url, 64 * 1024);
    try {
      const run = await runCli(['publish'], p.root, { ...p.env, HALO_URL: proxy.url });
      expect(run.code).toBe(1);
      // Both articles went in one request: each is named, with what to change.
      const failed = run.stdout.split('\n').filter((l) => l.startsWith('failed: '));
      const said =
        'Halo refused to create 2 articles: the request was too large for it (413 Payload Too Large on POST /api/KBArticle): Halo said "413 Request Entity Too Large 413 Request Entity Too Large nginx". Lower publish.max_article_kb and halo.batch_max_kb to what your Halo accepts.';
      expect(failed).toEqual([`failed: content/central/network/r-and-d.md "R&D network": ${said}`, `failed: content/central/network/vpn.md "Connecting to the VPN": ${said}`]);
      expect(p.emulator.data().articles).toEqual([]);
    } finally {
      await proxy.close();
    }
  });
});
