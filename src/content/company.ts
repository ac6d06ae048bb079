/**
 * `_company.yml` maps a company folder to its Halo client:
 *
 *   client_name: Contoso Ltd   # default: the folder name
 *   client_id: 57              # optional; otherwise found by name at publish time
 *   faq_list: Contoso KB       # optional; default: the client name
 */
import { diagnostic, type Diagnostic } from '../diagnostics.js';
import { isRecord } from '../field-values.js';
import { parseYaml } from '../parse-yaml.js';
import { checkFields, type FieldSpecs } from '../schema.js';
import type { Company } from '../model/company.js';

export const COMPANY_FILE = '_company.yml';

export const COMPANY_SPECS: FieldSpecs = {
  client_name: { type: 'string', description: 'Name of the Halo client (customer) this folder publishes for.' },
  client_id: { type: 'whole-number', description: 'Id of the Halo client, when the name is ambiguous.' },
  faq_list: { type: 'string', description: "Name of the company's FAQ list in Halo." },
};

/** Read one company's mapping from the text of its `_company.yml` (or the folder name alone). */
export function readCompany(folder: string, file: { text: string; displayPath: string } | undefined): { company: Company; diagnostics: Diagnostic[] } {
  const company: Company = { folder, clientName: folder, faqList: folder };
  const diagnostics: Diagnostic[] = [];
  if (file === undefined) return { company, diagnostics };
  company.configPath = file.displayPath;
  const parsed = parseYaml(file.text);
  for (const e of parsed.errors) {
    diagnostics.push(diagnostic('error', 'yaml-syntax', file.displayPath, `Invalid YAML: ${e.message}`, e, 'Fix the YAML syntax at the line shown.'));
  }
  if (parsed.errors.length > 0) return { company, diagnostics };
  if (parsed.data === undefined || parsed.data === null) return { company, diagnostics };
  if (!isRecord(parsed.data)) {
    diagnostics.push(diagnostic('error', 'wrong-type', file.displayPath, `${COMPANY_FILE} must be a mapping, e.g. "client_name: Contoso Ltd".`, { line: 1, column: 1 }));
    return { company, diagnostics };
  }
  // A misspelt `client_name` ignored would publish the company's articles to a customer guessed from the folder name.
  const { values, problems } = checkFields(parsed.data, COMPANY_SPECS, parsed, COMPANY_FILE, [], {
    misspeltKeys: { held: "none of this company's articles is published until then" },
  });
  for (const p of problems) {
    diagnostics.push(diagnostic(p.severity, p.ruleId, file.displayPath, p.message, p.position ?? {}, p.hint));
  }
  if (typeof values['client_name'] === 'string' && values['client_name'].trim() !== '') {
    company.clientName = values['client_name'].trim();
  }
  if (typeof values['client_id'] === 'number') company.clientId = values['client_id'];
  company.faqList = typeof values['faq_list'] === 'string' && values['faq_list'].trim() !== '' ? values['faq_list'].trim() : company.clientName;
  return { company, diagnostics };
}
