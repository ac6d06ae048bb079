/** `halo.attachment_mode`: auto by default; inline and attachment-endpoint when set; anything else names the choices. */
import { describe, expect, test } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { runCli } from '../helpers/run-cli.js';
import { makeProject } from '../helpers/temp-tree.js';

describe('halo.attachment_mode', () => {
  test.each([
    [undefined, 'auto'],
    ['auto', 'auto'],
    ['inline', 'inline'],
    ['attachment-endpoint', 'attachment-endpoint'],
  ])('%s is %s', async (value, expected) => {
    const root = await makeProject(value === undefined ? {} : { 'halo-kb.yml': `halo:\n  attachment_mode: ${value}\n` });
    const { config } = await loadConfig({ cwd: root, env: {} });
    expect(config.halo.attachmentMode).toBe(expected);
  });

  test('another value is a configuration error naming the file, the line and the choices', async () => {
    const root = await makeProject({ 'halo-kb.yml': 'halo:\n  attachment_mode: endpoint\n', 'content/central/a.md': '# A\n\nText.\n' });
    const run = await runCli(['plan'], root, { HALO_URL: 'http://127.0.0.1:9', HALO_CLIENT_ID: 'x', HALO_CLIENT_SECRET: 'y' });
    expect(run.code).toBe(3);
    expect(run.stderr).toBe(
      'error: halo-kb.yml has 1 invalid setting:\n' +
        'halo-kb.yml:2:20: halo-kb.yml halo key "attachment_mode" must be one of auto, inline, attachment-endpoint, but it is "endpoint".\n' +
        '    auto: found out on the first upload and recorded in the state manifest; inline: attachments travel in the article write; attachment-endpoint: POST /Attachment.\n' +
        '  Fix the settings shown, or remove them to use the defaults.\n',
    );
  });
});
