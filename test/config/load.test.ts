import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { makeProject } from '../helpers/temp-tree.js';

describe('loadConfig', () => {
  it('uses the documented defaults without a config file', async () => {
    const root = await makeProject({});
    const { config, file, warnings } = await loadConfig({ cwd: root, env: {} });
    expect(file).toBeUndefined();
    expect(warnings).toEqual([]);
    expect(config).toMatchObject({
      root,
      contentDir: path.join(root, 'content'),
      outDir: path.join(root, '.halo-kb/build'),
      templatesDir: path.join(root, 'templates'),
      cacheDir: path.join(root, '.halo-kb/cache'),
      attachments: { maxBytes: 25 * 1024 * 1024, publicBaseUrl: undefined },
      faqLists: { group: 'Knowledge Base (docs)', central: 'Central' },
    });
  });

  it('reads settings, and flags win over the file for folders', async () => {
    const root = await makeProject({
      'halo-kb.yml': 'content: docs\nout: build\nattachments:\n  max_size_mb: 0.5\n  public_base_url: https://files.example.com/kb\nfaq_lists:\n  central: IT Help\n',
    });
    const { config } = await loadConfig({ cwd: root, env: {}, out: 'elsewhere' });
    expect(config.contentDir).toBe(path.join(root, 'docs'));
    expect(config.outDir).toBe(path.join(root, 'elsewhere'));
    expect(config.attachments).toEqual({ maxBytes: 524288, publicBaseUrl: 'https://files.example.com/kb' });
    expect(config.faqLists.central).toBe('IT Help');
  });

  it('warns about an unknown key with its position', async () => {
    const root = await makeProject({ 'halo-kb.yml': 'content: docs\nattachments:\n  max_size: 10\n' });
    const { warnings } = await loadConfig({ cwd: root, env: {} });
    expect(warnings).toEqual(['halo-kb.yml:3:3: Unknown halo-kb.yml attachments key "max_size" is ignored. Did you mean "max_size_mb"? Known keys: max_size_mb, public_base_url.']);
  });

  it('fails with every invalid setting at once, each at its line (exit code 3)', async () => {
    const root = await makeProject({ 'halo-kb.yml': 'source_url: not a url\nattachments:\n  max_size_mb: -1\nfaq_lists:\n  show_for_all: sometimes\n' });
    const error = await loadConfig({ cwd: root, env: {} }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CONFIG_INVALID', exitCode: 3 });
    expect((error as Error).message).toBe(
      [
        'halo-kb.yml has 3 invalid settings:',
        'halo-kb.yml:1:13: halo-kb.yml key "source_url" must be an http(s) URL, but it is string "not a url".',
        '    Base URL where the sources are browsable, shown in the banner. Example: source_url: https://files.example.com/handbook.pdf',
        'halo-kb.yml:3:16: halo-kb.yml attachments key "max_size_mb" must be a positive number, but it is number -1.',
        "    Largest attachment uploaded to Halo, in MB (Halo's default limit is 25). Example: max_size_mb: 25",
        'halo-kb.yml:5:17: halo-kb.yml faq_lists key "show_for_all" must be true or false, but it is string "sometimes".',
        '    "Show for all users" on central FAQ lists. Example: show_for_all: true',
      ].join('\n'),
    );
  });

  it('refuses a fraction where a count is wanted, instead of rounding it', async () => {
    const root = await makeProject({ 'halo-kb.yml': 'halo:\n  concurrency: 2.5\n  page_size: 0\n' });
    const error = await loadConfig({ cwd: root, env: {} }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CONFIG_INVALID', exitCode: 3 });
    expect((error as Error).message).toBe(
      [
        'halo-kb.yml has 2 invalid settings:',
        'halo-kb.yml:2:16: halo-kb.yml halo key "concurrency" must be a whole number, at least 1, but it is number 2.5.',
        '    Requests in flight at once. Example: concurrency: 20',
        'halo-kb.yml:3:14: halo-kb.yml halo key "page_size" must be a whole number, at least 1, but it is number 0.',
        '    Rows asked for per list page (a lower cap on the server is followed). Example: page_size: 20',
      ].join('\n'),
    );
  });

  it('fails on broken YAML and on a file that is not a mapping', async () => {
    const broken = await makeProject({ 'halo-kb.yml': 'content: docs\nattachments: [\n' });
    await expect(loadConfig({ cwd: broken, env: {} })).rejects.toMatchObject({
      code: 'CONFIG_SYNTAX',
      exitCode: 3,
      message: expect.stringMatching(/^halo-kb.yml is not valid YAML:\nhalo-kb.yml:3:1: /),
    });
    const list = await makeProject({ 'halo-kb.yml': '- content\n' });
    await expect(loadConfig({ cwd: list, env: {} })).rejects.toMatchObject({ code: 'CONFIG_SHAPE', message: 'halo-kb.yml must be a mapping of settings, not a list.' });
  });

  it('fails when --config names a missing file', async () => {
    const root = await makeProject({});
    await expect(loadConfig({ cwd: root, env: {}, configFile: 'kb.yml' })).rejects.toMatchObject({ code: 'CONFIG_NOT_FOUND', message: 'Config file kb.yml does not exist.' });
  });
});
