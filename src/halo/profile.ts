/**
 * The Halo profile: what halo-kb has found out about one Halo instance where Halo's API leaves it
 * open (see halo-api.md, "open questions"), kept in the state manifest so every later run uses it
 * without asking again. Plain data.
 *
 * - `attachmentMode` changes behaviour: with `halo.attachment_mode: auto` (the default), publishing
 *   links files the way recorded here. The first upload records it when nothing is recorded yet;
 *   `halo-kb doctor --probe` records it (and refreshes it) on scratch records.
 * - `probe` holds what `doctor --probe` measured besides. It is informational: the client already
 *   copes with every form each of these can take, and `doctor` shows them.
 */
import type { AttachmentMode } from './types.js';

/** How Halo answered a POST that saved records. */
export type ReplyForm = 'array' | 'object' | 'empty' | 'other';

export interface ProbeFindings {
  /** When the probe ran (ISO). */
  at: string;
  /** Which ways of attaching a file to an article linked it. */
  attachmentLinking: 'both' | AttachmentMode | 'neither';
  /** The reply to `POST /KBArticle` creating one article. */
  articleSaveReply: ReplyForm;
  /** The reply to `POST /Attachment` with two files (only when that way was tried and accepted). */
  attachmentSaveReply?: ReplyForm;
  /** Whether the article's HTML came back exactly as sent. */
  bodyRoundTrip: 'unchanged' | 'changed';
  /** Which of `description_html` and `description` held the HTML as sent. */
  bodyField: 'both' | 'description_html' | 'description' | 'neither';
  /** What is left of the key marker: the data attribute, only the visible text, or nothing. */
  keyMarker: 'attribute' | 'text' | 'lost';
  /** What `DELETE /KBArticle/{id}` answered. */
  articleDelete: 'deleted' | 'refused';
  /** Whether a listing shows an inactive article without `includeinactive=true`. */
  inactiveListing: 'listed' | 'only-with-includeinactive' | 'not-listed';
}

export interface HaloProfile {
  /** The Halo these findings are about: its address as halo-kb normalises it (no credentials). */
  instance: string;
  attachmentMode?: {
    mode: AttachmentMode;
    /** When it was found (ISO), and how: on the first upload of a publish, or by `doctor --probe`. */
    at: string;
    by: 'publish' | 'probe';
  };
  probe?: ProbeFindings;
}

/** The profile when it is this instance's; another Halo's findings say nothing about this one. */
export function profileFor(profile: HaloProfile | undefined, instance: string): HaloProfile | undefined {
  return profile !== undefined && profile.instance === instance ? profile : undefined;
}

/** The profile with a newly found attachment mode (a profile of another instance is replaced). */
export function withAttachmentMode(profile: HaloProfile | undefined, instance: string, found: NonNullable<HaloProfile['attachmentMode']>): HaloProfile {
  const current = profileFor(profile, instance);
  return { instance, attachmentMode: found, ...(current?.probe === undefined ? {} : { probe: current.probe }) };
}
