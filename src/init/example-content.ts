import { schemaModeline } from '../schemas/modeline.js';

/**
 * The example articles `halo-kb init` writes: one in the central KB, one for a company, each showing
 * the frontmatter a writer needs first. Contoso Ltd is one of the emulator's customers, so the new
 * repository publishes to `halo-kb emulator` as it is.
 */
export const EXAMPLE_CONTENT: Readonly<Record<string, string>> = {
  'content/central/getting-started.md': `---
# Everything here is optional. The title defaults to the first "# " heading.
summary: Where to find help and how to raise a ticket.
tags: [onboarding, support]
---

# Getting started with IT support

This knowledge base is where the service desk keeps its answers. Search it before raising a
ticket: most questions are answered in under two minutes.

## Raising a ticket

1. Search the knowledge base first.
2. Note the device name (Start > Settings > System > About).
3. Attach a screenshot of any error message.

Each folder under \`content/central/\` becomes a FAQ list; a link to another article
(\`[VPN](network/vpn.md)\`) becomes a link to it in Halo.
`,
  'content/companies/contoso/_company.yml': `${schemaModeline('content/companies/contoso/_company.yml', 'company.schema.json')}
# Which Halo customer this folder's articles belong to. Only that customer sees them.
# client_name: the customer's name in Halo (default: the folder name).
# client_id: its Halo id, when names are ambiguous (then no read:customers scope is needed).
# faq_list: the FAQ list's name (default: the client name).
client_name: Contoso Ltd
faq_list: Contoso
`,
  'content/companies/contoso/printing.md': `---
tags: [printing]
---

# Printing at Contoso

Use the printer **CON-PRN-03** on the third floor. New laptops add it automatically; if yours does
not, see [Getting started](../../central/getting-started.md) to raise a ticket.
`,
};
