/**
 * A small project the build tests share: two linked network articles (one with an image), a PDF
 * handbook with its sidecar, and one company article.
 */
import { makePdf, makePng } from './binary-files.js';
import { makeProject } from './temp-tree.js';

export async function networkKb(): Promise<string> {
  return makeProject({
    'content/central/network/vpn.md': '---\ntitle: Connecting to the VPN\n---\n\n![Client](images/client.png)\n\nSee [Wi-Fi](wifi.md).\n',
    'content/central/network/wifi.md': '# Wi-Fi\n\nJoin **Corp-WiFi**.\n',
    'content/central/network/images/client.png': makePng(),
    'content/central/handbooks/it-onboarding.pdf': await makePdf({ pages: 2, title: 'IT onboarding' }),
    'content/central/handbooks/it-onboarding.pdf.yml': 'summary: The first week.\n',
    'content/companies/contoso/printers.md': '# Printers\n\nBadge in.\n',
  });
}
