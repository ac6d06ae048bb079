import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyChange, type FsEvent } from '../../src/watch/classify-change.js';

const root = path.resolve('/project');
const paths = {
  contentDir: path.join(root, 'content'),
  templatesDir: path.join(root, 'templates'),
  configFile: path.join(root, 'halo-kb.yml'),
  stateFile: path.join(root, 'state/manifest.json'),
};
const classify = (event: FsEvent, name: string) => classifyChange({ event, path: path.join(root, ...name.split('/')) }, paths);

describe('classifyChange', () => {
  it('tells sources, sidecars, companies, folders and files apart', () => {
    expect(classify('change', 'content/central/vpn.md')).toEqual({ kind: 'source', event: 'change', contentPath: 'central/vpn.md' });
    expect(classify('add', 'content/central/h/it.pdf')).toEqual({ kind: 'source', event: 'add', contentPath: 'central/h/it.pdf' });
    expect(classify('change', 'content/central/h/it.pdf.yml')).toEqual({ kind: 'sidecar', event: 'change', contentPath: 'central/h/it.pdf' });
    expect(classify('change', 'content/companies/contoso/_company.yml')).toEqual({ kind: 'company', contentPath: 'companies/contoso/_company.yml' });
    expect(classify('unlinkDir', 'content/central/network')).toEqual({ kind: 'folder', event: 'unlinkDir', contentPath: 'central/network' });
    expect(classify('change', 'content/central/images/a.png')).toEqual({ kind: 'file', contentPath: 'central/images/a.png' });
    // The content folder itself made or removed (a checkout, a config naming it before it exists).
    expect(classify('addDir', 'content')).toEqual({ kind: 'folder', event: 'addDir', contentPath: '' });
    expect(classify('unlinkDir', 'content')).toEqual({ kind: 'folder', event: 'unlinkDir', contentPath: '' });
  });

  it('recognises the config, the templates and the state manifest, and ignores the rest', () => {
    expect(classify('change', 'halo-kb.yml')).toEqual({ kind: 'config' });
    expect(classify('add', 'templates/article.html')).toEqual({ kind: 'templates' });
    expect(classify('change', 'state/manifest.json')).toEqual({ kind: 'manifest' });
    expect(classify('change', 'content/central/.git/index')).toEqual({ kind: 'ignored' });
    expect(classify('change', 'README.md')).toEqual({ kind: 'ignored' });
  });

  it('tells the templates apart when the content folder is the project itself (content: .)', () => {
    const here = { ...paths, contentDir: root };
    expect(classifyChange({ event: 'change', path: path.join(root, 'templates', 'article.html') }, here)).toEqual({ kind: 'templates' });
    expect(classifyChange({ event: 'change', path: path.join(root, 'central', 'vpn.md') }, here)).toEqual({ kind: 'source', event: 'change', contentPath: 'central/vpn.md' });
  });
});
