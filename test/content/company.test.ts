import { describe, expect, it } from 'vitest';
import { readCompany } from '../../src/content/company.js';
import { formatDiagnostic } from '../../src/diagnostics.js';

const FILE = 'content/companies/contoso/_company.yml';
const read = (text: string) => readCompany('contoso', { text, displayPath: FILE });

describe('readCompany', () => {
  it('defaults to the folder name without a _company.yml', () => {
    expect(readCompany('contoso', undefined)).toEqual({ company: { folder: 'contoso', clientName: 'contoso', faqList: 'contoso' }, diagnostics: [] });
  });

  it('maps client name, id and FAQ list', () => {
    expect(read('client_name: Contoso Ltd\nclient_id: 57\nfaq_list: Contoso KB\n')).toEqual({
      company: { folder: 'contoso', clientName: 'Contoso Ltd', clientId: 57, faqList: 'Contoso KB', configPath: FILE },
      diagnostics: [],
    });
  });

  it('names the FAQ list after the client by default', () => {
    expect(read('client_name: Contoso Ltd\n').company.faqList).toBe('Contoso Ltd');
  });

  it('treats an empty file as defaults', () => {
    expect(read('').company).toMatchObject({ clientName: 'contoso', faqList: 'contoso' });
  });

  const cases: [string, string, string][] = [
    ['broken YAML', 'client_name: [Contoso\n', `${FILE}:2:1: error: Invalid YAML: `],
    ['a list', '- Contoso\n', `${FILE}:1:1: error: _company.yml must be a mapping, e.g. "client_name: Contoso Ltd". [wrong-type]`],
    ['a wrong type', 'client_id: fifty-seven\n', `${FILE}:1:12: error: _company.yml key "client_id" must be a whole number, at least 1, but it is string "fifty-seven". [wrong-type]`],
    ['a fractional id', 'client_id: 5.5\n', `${FILE}:1:12: error: _company.yml key "client_id" must be a whole number, at least 1, but it is number 5.5. [wrong-type]`],
    ['a duplicate key', 'client_name: A\nclient_name: B\n', `${FILE}:2:1: error: Invalid YAML: Map keys must be unique [yaml-syntax]`],
    ['an unknown key', 'notes: Contoso since 2019\n', `${FILE}:1:1: warning: Unknown _company.yml key "notes" is ignored. [unknown-key]`],
    [
      'a misspelt key',
      'clientname: Contoso\n',
      `${FILE}:1:1: error: Unknown _company.yml key "clientname" is close to "client_name": a misspelt key is not ignored, since "client_name" may be what was meant. [misspelt-key]\n    Rename it to "client_name" (keys are lower case) or remove it; none of this company's articles is published until then.`,
    ],
    ['a key in capitals', 'Client_Name: Contoso Ltd\n', `${FILE}:1:1: error: Unknown _company.yml key "Client_Name" is close to "client_name"`],
    ['a key one letter off', 'faq_lists: Contoso KB\n', `${FILE}:1:1: error: Unknown _company.yml key "faq_lists" is close to "faq_list"`],
  ];
  for (const [name, text, expected] of cases) {
    it(`reports ${name}`, () => {
      const { diagnostics } = read(text);
      expect(diagnostics).toHaveLength(1);
      expect(formatDiagnostic(diagnostics[0]!).startsWith(expected)).toBe(true);
    });
  }
});
