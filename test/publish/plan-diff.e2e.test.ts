/**
 * `plan --diff` (and `publish --dry-run --diff`): the text report shows the same content diff as the
 * Markdown one, under each article to create or update; coloured when colour is on, plain with
 * NO_COLOR.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { publishProject } from './publish-fixture.js';

const WIFI = 'content/central/network/wifi.md';

async function editedProject() {
  const p = await publishProject();
  expect((await p.run('publish')).code).toBe(0);
  await writeFile(path.join(p.root, WIFI), '# Office Wi-Fi\n\nStaff devices join CORP-SECURE automatically.\n\nGuests use CORP-GUEST.\n');
  return p;
}

const DIFF = [
  `~ update    ${WIFI}  "Office Wi-Fi": content changed`,
  '      @@ -1,3 +1,4 @@',
  `        Published from docs. This article is maintained in ${WIFI}. Edits made here in Halo are overwritten on the next publish: change the source instead.`,
  '        Staff devices join CORP-SECURE automatically.',
  '      + Guests use CORP-GUEST.',
  '        halo-kb key: central/network/wifi',
];

describe('--diff in the text report', () => {
  it('shows the changed lines under the article, as the Markdown report does', async () => {
    const p = await editedProject();
    const plan = await p.run('plan', '--diff');
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain(`${DIFF.join('\n')}\nPlan: 0 to create, 1 to update,`);
    const markdown = await p.run('plan', '--format', 'markdown');
    expect(markdown.stdout).toContain('+ Guests use CORP-GUEST.');

    const dryRun = await p.run('publish', '--dry-run', '--diff');
    expect(dryRun.stdout).toContain(DIFF.join('\n'));
    expect(p.emulator.data().articles.find((a) => a.name === 'Office Wi-Fi')!.description_html).not.toContain('CORP-GUEST');
  });

  it('is left out without --diff', async () => {
    const p = await editedProject();
    const plan = await p.run('plan');
    expect(plan.stdout).toContain(DIFF[0]);
    expect(plan.stdout).not.toContain('@@');
    expect(plan.stdout).not.toContain('Guests use CORP-GUEST.');
  });

  it('is coloured when colour is on (red removed, green added), and plain with NO_COLOR', async () => {
    const p = await editedProject();
    await writeFile(path.join(p.root, WIFI), '# Office Wi-Fi\n\nStaff laptops join CORP-SECURE automatically.\n');
    const coloured = await runCli(['plan', '--diff'], p.root, { ...p.env, NO_COLOR: '', FORCE_COLOR: '1' });
    expect(coloured.stdout).toContain('      \u001b[36m@@ -1,3 +1,3 @@\u001b[0m\n');
    expect(coloured.stdout).toContain('      \u001b[31m- Staff devices join CORP-SECURE automatically.\u001b[0m\n');
    expect(coloured.stdout).toContain('      \u001b[32m+ Staff laptops join CORP-SECURE automatically.\u001b[0m\n');
    const plain = await runCli(['plan', '--diff'], p.root, { ...p.env, NO_COLOR: '1', FORCE_COLOR: '1' });
    expect(plain.stdout).not.toContain('\u001b[');
    expect(plain.stdout).toContain('      - Staff devices join CORP-SECURE automatically.\n      + Staff laptops join CORP-SECURE automatically.\n');
  });
});
