/**
 * A reviewer reads what an update changes besides the text: after a title, tags, an image and a
 * public link are edited, `plan` names each change (text, Markdown and JSON), and once published
 * the plan is empty again.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KB, publishProject } from './publish-fixture.js';

const VPN = 'content/central/network/vpn.md';

function vpn(title: string, tags: string, url: string): string {
  return `---\nid: network/vpn\ntitle: ${title}\ntags: [${tags}]\npublic_links:\n  setup.zip: ${url}\n---\n\nInstall the [client](setup.zip).\n\n## Connect\n\n![The client](images/client.png)\n`;
}

describe('field changes in the plan', () => {
  it('shows an edited title, tags, image and public link, then nothing once published', async () => {
    const p = await publishProject({
      ...KB,
      [VPN]: vpn('VPN', 'vpn, legacy', 'https://files.example.com/setup.zip'),
      'content/central/network/images/client.png': new Uint8Array(12390).fill(1),
    });
    expect((await p.run('publish')).code).toBe(0);

    await writeFile(path.join(p.root, ...VPN.split('/')), vpn('Connecting to the VPN', 'vpn, remote', 'https://cdn.example.com/setup.zip'));
    await writeFile(path.join(p.root, 'content/central/network/images/client.png'), new Uint8Array(14336).fill(2));

    const plan = await p.run('plan');
    expect(plan.code).toBe(0);
    const at = plan.lines.findIndex((l) => l.startsWith('~ update    content/central/network/vpn.md'));
    expect(plan.lines.slice(at, at + 5)).toEqual([
      '~ update    content/central/network/vpn.md  "Connecting to the VPN": content changed',
      '      title: "VPN" -> "Connecting to the VPN"',
      '      tags: +remote -legacy',
      '      attachment central/network/images/client.png: 12 KB -> 14 KB',
      '      public link central/network/setup.zip: https://files.example.com/setup.zip -> https://cdn.example.com/setup.zip',
    ]);
    expect(plan.lines[at + 5]).toMatch(/^Plan: /);
    expect(plan.stdout).toContain('Plan: 0 to create, 1 to update, 0 to retire, 3 unchanged, 1 skipped. FAQ lists unchanged; attachments: 1 to upload, 1 public link.');

    const markdown = await p.run('plan', '--format', 'markdown');
    expect(markdown.stdout).toContain(
      [
        'content changed',
        '',
        '- title: "VPN" -> "Connecting to the VPN"',
        '- tags: +remote -legacy',
        '- attachment central/network/images/client.png: 12 KB -> 14 KB',
        '- public link central/network/setup.zip: https://files.example.com/setup.zip -> https://cdn.example.com/setup.zip',
      ].join('\n'),
    );

    const json = JSON.parse((await p.run('plan', '--format', 'json')).stdout) as { articles: { key: string; changes: unknown[] }[] };
    expect(json.articles.find((a) => a.key === 'network/vpn')?.changes).toEqual([
      { field: 'title', from: 'VPN', to: 'Connecting to the VPN' },
      { field: 'tags', added: ['remote'], removed: ['legacy'] },
      { field: 'attachments', added: [], removed: [], changed: [{ path: 'central/network/images/client.png', from: 12390, to: 14336 }] },
      { field: 'publicLinks', added: [], removed: [], changed: [{ path: 'central/network/setup.zip', from: 'https://files.example.com/setup.zip', to: 'https://cdn.example.com/setup.zip' }] },
    ]);
    expect(json.articles.find((a) => a.key === 'central/network/wifi')?.changes).toEqual([]);

    p.emulator.resetStats();
    expect((await p.run('publish')).code).toBe(0);
    expect(p.writes()).toBe(2); // the file, then the article
    expect(p.emulator.data().articles.find((a) => a.name === 'Connecting to the VPN')?.tags).toBeDefined();
    expect((await p.run('plan', '--detailed-exitcode')).code).toBe(0);
    const entry = (await p.manifest()).articles['network/vpn'] as unknown as Record<string, unknown>;
    expect(entry['tags']).toEqual(['vpn', 'remote']);
    expect(entry['publicLinks']).toEqual({ 'central/network/setup.zip': 'https://cdn.example.com/setup.zip' });
    expect(entry['attachments']).toMatchObject({ 'central/network/images/client.png': { size: 14336 } });
  });
});
