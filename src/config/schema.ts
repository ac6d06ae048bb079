/**
 * The project configuration: `halo-kb.yml` at the project root, every key optional. Its settings,
 * with their defaults, are declared once in config/settings.ts; the types here come from there.
 */
import type { FieldSpecs } from '../schema.js';
import { SETTINGS, isSection, type ConfigOf } from './settings.js';

export const CONFIG_FILE = 'halo-kb.yml';

/**
 * The settings halo-kb runs with, one property per setting of halo-kb.yml (config/settings.ts
 * declares each: its key, default and meaning). Folder and file settings are absolute paths;
 * `attachments.maxBytes` is `attachments.max_size_mb` in bytes.
 */
export interface Config extends ConfigOf<typeof SETTINGS> {
  /** Absolute project root (where halo-kb.yml is, or the working directory). */
  root: string;
}

/** Halo connection and client behaviour (`halo:`). Secrets come from the environment. */
export type HaloSettings = Config['halo'];

/** `scope:` in halo-kb.yml: the central KB or not, and every company KB or the ones named. */
export type ScopeSettings = Config['scope'];

/** `halo.attachment_mode`: a way of linking attachments, or `auto` to find out. */
export type AttachmentModeSetting = HaloSettings['attachmentMode'];

/** `publish.max_article_kb` in bytes: the largest article source and HTML that is published. */
export function articleMaxBytes(config: Pick<Config, 'publish'>): number {
  return Math.round(config.publish.maxArticleKb * 1024);
}

/** The top-level keys of halo-kb.yml, as `checkFields` checks them (a section is a `mapping`). */
export const TOP_LEVEL_SPECS: FieldSpecs = SETTINGS;

/** Each section of halo-kb.yml (each `mapping` key of TOP_LEVEL_SPECS) and the specs of its keys. */
export const CONFIG_SECTIONS: Readonly<Record<string, FieldSpecs>> = Object.fromEntries(Object.entries(SETTINGS).flatMap(([key, entry]) => (isSection(entry) ? [[key, entry.settings]] : [])));
