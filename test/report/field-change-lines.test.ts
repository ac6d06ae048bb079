/** How a reviewer reads an update's field changes: one line each, sizes and names as people write them. */
import { describe, expect, it } from 'vitest';
import { fieldChangeLines } from '../../src/report/field-change-lines.js';

const names = new Map([
  ['central/remote', 'Remote access'],
  ['central/network', 'Network'],
]);

describe('fieldChangeLines', () => {
  it('writes each field as the plan shows it', () => {
    expect(
      fieldChangeLines(
        [
          { field: 'title', from: 'VPN', to: 'Connecting to the VPN' },
          { field: 'tags', added: ['remote'], removed: ['legacy', 'old'] },
          { field: 'faqLists', added: ['central/remote'], removed: ['central/gone'] },
          { field: 'clients', added: [{ id: 6, name: 'Contoso Ltd' }], removed: [{ id: 5 }] },
          { field: 'reviewDate', from: null, to: '2026-06-01' },
          {
            field: 'attachments',
            added: [{ path: 'central/new.png', size: 2048 }],
            removed: [{ path: 'central/old.png', size: 800 }, { path: 'central/older.png' }],
            changed: [
              { path: 'central/client.png', from: 12390, to: 14336 },
              { path: 'central/logo.png', from: 14336, to: 14400 },
              { path: 'central/icon.png', from: 70, to: 70 },
              { path: 'central/legacy.png', to: 3_500_000 },
            ],
          },
          {
            field: 'publicLinks',
            added: [{ path: 'central/guide.pdf', url: 'https://cdn.example.com/guide.pdf' }],
            removed: [{ path: 'central/old.zip', url: 'https://files.example.com/old.zip' }],
            changed: [{ path: 'central/setup.zip', from: 'https://files.example.com/setup.zip', to: 'https://cdn.example.com/setup.zip' }],
          },
        ],
        (key) => names.get(key),
      ),
    ).toEqual([
      'title: "VPN" -> "Connecting to the VPN"',
      'tags: +remote -legacy -old',
      'FAQ lists: +Remote access (central/remote) -central/gone',
      'customer access: +Contoso Ltd -customer 5',
      'review date: none -> 2026-06-01',
      'attachment central/new.png: added (2 KB)',
      'attachment central/client.png: 12 KB -> 14 KB',
      'attachment central/logo.png: 14336 bytes -> 14400 bytes',
      'attachment central/icon.png: changed (same size, 70 bytes)',
      'attachment central/legacy.png: changed (now 3.3 MB)',
      'attachment central/old.png: removed (800 bytes)',
      'attachment central/older.png: removed',
      'public link central/guide.pdf: added -> https://cdn.example.com/guide.pdf',
      'public link central/setup.zip: https://files.example.com/setup.zip -> https://cdn.example.com/setup.zip',
      'public link central/old.zip: removed (was https://files.example.com/old.zip)',
    ]);
  });

  it('says nothing when nothing but the text changed', () => {
    expect(fieldChangeLines([], () => undefined)).toEqual([]);
  });
});
