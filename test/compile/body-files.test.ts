import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bodyText, readBodyFile, sha256Of, writeBodyFile, type Body } from '../../src/compile/body-files.js';
import { tempDir } from '../helpers/temp-tree.js';

const VPN: Body = {
  html: '<h1>VPN</h1>\n<p>See <a href="halo-kb://article/0#join">Wi-Fi</a>.</p>',
  refs: [{ kind: 'link', written: 'wifi.md#join', path: 'wifi.md', fromRoot: false, anchor: 'join', line: 3, column: 5 }],
};

describe('compiled bodies', () => {
  it('are written under their hash as the references line then the HTML, and read back whole', async () => {
    const dir = await tempDir();
    const sha256 = writeBodyFile(dir, VPN);
    expect(sha256).toBe(sha256Of(bodyText(VPN)));
    expect(await readFile(path.join(dir, `${sha256}.body`), 'utf8')).toBe(`${JSON.stringify(VPN.refs)}\n${VPN.html}`);
    expect(readBodyFile(dir, sha256)).toEqual(VPN);
    // Written once: the same body again leaves the file as it is.
    expect(writeBodyFile(dir, VPN)).toBe(sha256);
    expect(await readdir(dir)).toEqual([`${sha256}.body`]);
  });

  it('read as missing when changed, and the changed file is removed so that it is written again', async () => {
    const dir = await tempDir();
    const sha256 = writeBodyFile(dir, VPN);
    const file = path.join(dir, `${sha256}.body`);
    await writeFile(file, (await readFile(file, 'utf8')).replace('VPN', 'VPX'));
    expect(readBodyFile(dir, sha256)).toBeUndefined();
    expect(await readdir(dir)).toEqual([]);
    expect(readBodyFile(dir, sha256)).toBeUndefined();
  });

  it('are not taken as written when a folder has their name: writing fails, for the caller to keep the body', async () => {
    const dir = await tempDir();
    const name = `${sha256Of(bodyText(VPN))}.body`;
    await mkdir(path.join(dir, name));
    expect(() => writeBodyFile(dir, VPN)).toThrow();
    expect(await readdir(dir)).toEqual([name]);
  });
});
