/**
 * What the file stage found for a referenced path. `realPath`: the content path where the file
 * really lies, when a symbolic link makes it differ (its KB decides who may see it).
 */
export type FileFact = { kind: 'file'; size: number; sha256: string; realPath?: string } | { kind: 'missing' } | { kind: 'outside'; target: string };
