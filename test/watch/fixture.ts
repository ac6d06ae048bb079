/**
 * A small real-looking docs repository in a temporary folder, for watch tests.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';

export async function pdfBytes(title: string, pages = 1): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(title);
  for (let i = 0; i < pages; i++) doc.addPage([200, 200]);
  return doc.save();
}

export const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');

export function baseFiles(): Record<string, string | Uint8Array> {
  return {
    'halo-kb.yml': 'faq_lists:\n  central: Central\n',
    'content/central/network/vpn.md': [
      '---',
      'id: network/vpn',
      'title: Connecting to the VPN',
      '---',
      '',
      'Install the client.',
      '',
      '![Client](images/vpn-client.png)',
      '',
      '## Connect',
      '',
      'Lost your code? See [Resetting your password](../accounts/password-reset.md#when-mfa-is-lost).',
      '',
    ].join('\n'),
    'content/central/network/images/vpn-client.png': PNG,
    'content/central/accounts/password-reset.md': '---\ntitle: Resetting your password\n---\n\nUse the portal.\n\n## When MFA is lost\n\nCall the desk.\n',
    'content/central/getting-started.md': '# Getting started\n\nSee [the VPN](network/vpn.md) and [Wi-Fi](network/wifi.md).\n',
    'content/companies/contoso/_company.yml': 'client_name: Contoso Ltd\nfaq_list: Contoso\n',
    'content/companies/contoso/printers/floor-3.md': '---\ntitle: Printing on the 3rd floor\n---\n\nNeed the VPN? [VPN](../../../central/network/vpn.md).\n',
  };
}

export async function makeProject(files: Record<string, string | Uint8Array>): Promise<{ root: string; cleanup: () => Promise<void> }> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'halo-kb-watch-'));
  await writeFiles(root, files);
  return { root, cleanup: () => rm(root, { recursive: true, force: true }) };
}

export async function writeFiles(root: string, files: Record<string, string | Uint8Array>): Promise<void> {
  for (const [name, data] of Object.entries(files)) {
    const file = path.join(root, ...name.split('/'));
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, data);
  }
}
