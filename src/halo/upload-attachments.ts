/**
 * Uploading files to KB articles, each stored once:
 *
 * - The way files are linked (`attachment-link.ts`) is the setting's, the one recorded for this Halo
 *   (the state manifest's Halo profile), or, with `auto` and nothing recorded, found out on the first
 *   upload: the file goes to `POST /Attachment`; if the article does not list it afterwards, it goes
 *   inline in the article write. The way that worked is used from then on. A file Halo accepted but
 *   did not link is never sent the same way again; the stray record it left (where Halo named its id)
 *   is deleted, or reported when Halo refuses.
 * - With `attachment-endpoint`, files of several articles go in one request (at most `maxItems`
 *   files and `maxBase64Bytes` of file data each), matched back by the reply or, when the reply
 *   does not name them one by one, by listing the articles' files.
 * - An upload whose reply was lost is looked up (article, file name, size) before it is sent again.
 */
import type { HaloKbError } from '../errors.js';
import type { AttachmentWay, SendOutcome } from './attachment-link.js';
import { base64Bytes, eachArticle, findUpload, listedByArticle } from './attachment-link.js';
import { backoffMs } from './backoff.js';
import { splitBatches } from './batches.js';
import { systemClock, type Clock } from './clock.js';
import type { HaloEventHandler } from './events.js';
import { learnAttachmentMode } from './learn-attachment-mode.js';
import { matchReplied } from './match-replied.js';
import type { RetryPolicy } from './retry-policy.js';
import type { AttachmentMode, AttachmentUpload, HaloArticle, HaloAttachment, UploadedAttachment } from './types.js';
import { asError, batchLostError, lookupFailedError, notLinkedInlineError, notSentError, tooLargeError, unnamedUnreadableError } from './upload-errors.js';

/** Files of base64 in one `POST /Attachment`, at most. */
export const ATTACHMENT_BATCH_BYTES = 10 * 1024 * 1024;

export type UploadSettled = { index: number; ok: true; uploaded: UploadedAttachment } | { index: number; ok: false; error: HaloKbError };

export interface UploaderDeps {
  inline: AttachmentWay;
  endpoint: AttachmentWay;
  getArticle(id: number): Promise<HaloArticle | undefined>;
  /** Delete an attachment: true when it is gone, false when Halo refused. */
  deleteAttachment(id: number): Promise<boolean>;
  policy: RetryPolicy;
  onEvent?: HaloEventHandler | undefined;
  /** The time retries wait by (see clock.ts). */
  clock?: Clock;
  maxBytes: number;
  maxItems: number;
  maxBase64Bytes?: number;
  now?: () => Date;
}

/** What the first upload found out, for the Halo profile. */
export interface LearnedMode {
  mode: AttachmentMode;
  at: string;
  /** Records the way that did not link left in Halo and could not be removed. */
  leftBehind: string[];
}

interface Item {
  index: number;
  upload: AttachmentUpload;
}

export class AttachmentUploader {
  readonly #deps: UploaderDeps;
  readonly #auto: boolean;
  #mode: AttachmentMode | undefined;
  #learned: LearnedMode | undefined;
  /** Set when both ways were accepted and neither linked: nothing more is sent. */
  #neither: HaloKbError | undefined;
  #learning: Promise<unknown> = Promise.resolve();

  constructor(setting: 'auto' | AttachmentMode, deps: UploaderDeps) {
    this.#deps = deps;
    this.#auto = setting === 'auto';
    if (setting !== 'auto') this.#mode = setting;
  }

  /** The way in use: the setting's, the recorded one, or the one learned; undefined while unknown. */
  get mode(): AttachmentMode | undefined {
    return this.#mode;
  }

  /** Use the way recorded for this Halo (only with `auto`, and only before anything is learned). */
  assume(mode: AttachmentMode): void {
    if (this.#auto && this.#learned === undefined) this.#mode = mode;
  }

  /** What this client found out on its first upload, if it had to. */
  learned(): LearnedMode | undefined {
    return this.#learned;
  }

  #way(mode: AttachmentMode): AttachmentWay {
    return mode === 'inline' ? this.#deps.inline : this.#deps.endpoint;
  }

  /** The article's files: as the way in use lists them, or (while the way is unknown) as the article lists them. */
  list(articleId: number): Promise<HaloAttachment[]> {
    return this.#mode === undefined ? this.#linked(articleId) : this.#way(this.#mode).list(articleId);
  }

  async listMany(articleIds: readonly number[]): Promise<Map<number, HaloAttachment[]>> {
    if (this.#mode !== undefined) return this.#way(this.#mode).listMany(articleIds);
    return eachArticle(articleIds, (id) => this.#linked(id));
  }

  /**
   * Upload the files; yields the results of each request as it settles (so the caller can record
   * them before the next), every upload exactly once, in no particular order.
   */
  async *upload(uploads: readonly AttachmentUpload[]): AsyncGenerator<UploadSettled[]> {
    const tooLarge: UploadSettled[] = [];
    let queue: Item[] = [];
    uploads.forEach((upload, index) => {
      if (upload.data.byteLength > this.#deps.maxBytes) {
        tooLarge.push({ index, ok: false, error: tooLargeError(upload, this.#deps.maxBytes) });
      } else queue.push({ index, upload });
    });
    if (tooLarge.length > 0) yield tooLarge;
    while (queue.length > 0) {
      if (this.#mode === undefined && this.#neither === undefined) {
        const [first, ...rest] = queue;
        queue = rest;
        yield [await this.#learnWith(first!)];
        continue;
      }
      if (this.#neither !== undefined) {
        const reason = this.#neither;
        yield queue.map((item) => ({ index: item.index, ok: false as const, error: notSentError(item.upload, reason) }));
        return;
      }
      const way = this.#way(this.#mode!);
      const items = queue;
      queue = [];
      if (way.mode === 'inline') {
        for (const item of items) yield [await this.#settle(item, () => this.#single(way, item.upload))];
        continue;
      }
      const limits = { maxItems: Math.max(1, this.#deps.maxItems), maxBytes: this.#deps.maxBase64Bytes ?? ATTACHMENT_BATCH_BYTES };
      for (const batch of splitBatches(items, limits, (item) => base64Bytes(item.upload))) yield await this.#batch(way, batch);
    }
  }

  async #settle(item: Item, run: () => Promise<UploadedAttachment>): Promise<UploadSettled> {
    try {
      return { index: item.index, ok: true, uploaded: await run() };
    } catch (error) {
      return { index: item.index, ok: false, error: asError(error) };
    }
  }

  /** One file, the way given: sent, confirmed, and after a lost reply looked up before it is sent again. */
  async #single(way: AttachmentWay, upload: AttachmentUpload): Promise<UploadedAttachment> {
    for (let attempt = 1; ; attempt += 1) {
      const outcome = await way.send([upload]);
      if (outcome.ok) return this.#confirm(way, upload, outcome.replied, outcome.listed);
      this.#deps.onEvent?.({ type: 'recover-create', what: 'attachment', names: [upload.filename] });
      const found = findUpload(await this.#lookup(way, upload), upload);
      if (found !== undefined) return { id: found.id, articleId: upload.articleId, filename: upload.filename, mode: way.mode };
      await this.#beforeRetry(attempt, outcome.error);
    }
  }

  /** An accepted single upload: its Halo id from the reply, or from the article's files. */
  async #confirm(way: AttachmentWay, upload: AttachmentUpload, replied: HaloAttachment[], listed: HaloAttachment[] | undefined): Promise<UploadedAttachment> {
    const uploaded: UploadedAttachment = { articleId: upload.articleId, filename: upload.filename, mode: way.mode };
    // One record in the reply to one file is that file, whatever name Halo gave it; the article's
    // files in the reply are searched like a listing (by name and size, never a known other file).
    const fromReply = findUpload(replied, upload) ?? (replied.length === 1 ? replied[0] : undefined) ?? findUpload(listed ?? [], upload);
    if (fromReply !== undefined) return { ...uploaded, id: fromReply.id };
    const found = findUpload(await way.list(upload.articleId), upload);
    if (found !== undefined) return { ...uploaded, id: found.id };
    // The reply to an article write says nothing about its files: only the article can tell.
    if (way.mode === 'inline') throw notLinkedInlineError(upload);
    // Accepted, and Halo names no id: recorded without one, never sent again.
    return uploaded;
  }

  async #lookup(way: AttachmentWay, upload: AttachmentUpload): Promise<HaloAttachment[]> {
    try {
      return await way.list(upload.articleId);
    } catch (error) {
      throw lookupFailedError(upload, error);
    }
  }

  async #beforeRetry(attempt: number, error: HaloKbError): Promise<void> {
    if (attempt > this.#deps.policy.retries) throw error;
    await (this.#deps.clock ?? systemClock).sleep(backoffMs(attempt, this.#deps.policy.backoffBaseMs, this.#deps.policy.backoffMaxMs));
  }

  /** Several files in one request; each settles exactly once. */
  async #batch(way: AttachmentWay, batch: readonly Item[]): Promise<UploadSettled[]> {
    const settled: UploadSettled[] = [];
    const claimed = new Set<number>();
    const done = (item: Item, id: number | undefined): void => {
      if (id !== undefined) claimed.add(id);
      settled.push({ index: item.index, ok: true, uploaded: { ...(id === undefined ? {} : { id }), articleId: item.upload.articleId, filename: item.upload.filename, mode: way.mode } });
    };
    const failAll = (items: readonly Item[], error: HaloKbError): void => {
      for (const item of items) settled.push({ index: item.index, ok: false, error });
    };
    /** Those of `items` Halo holds now, by article, file name and size; the rest are returned. */
    const findStored = async (items: readonly Item[]): Promise<Item[]> => {
      const lists = await way.listMany(items.map((i) => i.upload.articleId));
      return items.filter((item) => {
        const found = findUpload(lists.get(item.upload.articleId) ?? [], item.upload, claimed);
        if (found === undefined) return true;
        done(item, found.id);
        return false;
      });
    };
    let pending: Item[] = [...batch];
    for (let attempt = 1; pending.length > 0; attempt += 1) {
      if (pending.length === 1) {
        settled.push(await this.#settle(pending[0]!, () => this.#single(way, pending[0]!.upload)));
        break;
      }
      let outcome: SendOutcome;
      try {
        outcome = await way.send(pending.map((i) => i.upload));
      } catch (error) {
        // Refused as a whole, perhaps for one bad file, perhaps after storing some (Halo's batch
        // semantics are unknown): those stored are found, the others go one by one, so only the bad one fails.
        let rest: Item[];
        try {
          rest = await findStored(pending);
        } catch {
          failAll(pending, asError(error));
          break;
        }
        for (const item of rest) settled.push(await this.#settle(item, () => this.#single(way, item.upload)));
        break;
      }
      if (outcome.ok) {
        const rest = matchReplied(pending, outcome.replied, claimed, done);
        let unmatched = rest;
        if (rest.length > 0) {
          try {
            unmatched = await findStored(rest);
          } catch (error) {
            failAll(rest, unnamedUnreadableError(rest.length, error));
            break;
          }
        }
        // Accepted, and Halo names no id: recorded without one, never sent again.
        for (const item of unmatched) done(item, undefined);
        break;
      }
      this.#deps.onEvent?.({ type: 'recover-create', what: 'attachments', names: pending.map((i) => i.upload.filename) });
      try {
        pending = await findStored(pending);
      } catch (error) {
        failAll(pending, batchLostError(pending.length, error));
        break;
      }
      if (pending.length === 0) break;
      if (attempt > this.#deps.policy.retries) {
        failAll(pending, outcome.error);
        break;
      }
      await (this.#deps.clock ?? systemClock).sleep(backoffMs(attempt, this.#deps.policy.backoffBaseMs, this.#deps.policy.backoffMaxMs));
    }
    return settled;
  }

  /** The first upload while the way is unknown: one learning at a time. */
  async #learnWith(item: Item): Promise<UploadSettled> {
    const previous = this.#learning;
    let release: () => void = () => undefined;
    this.#learning = new Promise<void>((resolve) => (release = resolve));
    await previous;
    try {
      if (this.#mode !== undefined) return await this.#settle(item, () => this.#single(this.#way(this.#mode!), item.upload));
      return await this.#settle(item, () => this.#learn(item.upload));
    } finally {
      release();
    }
  }

  /** The files the article lists: from its details, or (when they carry none) the endpoint's listing. */
  async #linked(articleId: number): Promise<HaloAttachment[]> {
    // Whether Halo's details list an article's files is unknown; without the field, the listing by
    // type and unique_id is the only account, and is taken as it is.
    return (await listedByArticle(this.#deps, articleId)) ?? (await this.#deps.endpoint.list(articleId));
  }

  /** Find out the way with this file; when Halo links it neither way, nothing more is sent. */
  async #learn(upload: AttachmentUpload): Promise<UploadedAttachment> {
    const { inline, endpoint } = this.#deps;
    const learned = await learnAttachmentMode({ inline, endpoint, deleteAttachment: (id) => this.#deps.deleteAttachment(id), linked: (id) => this.#linked(id) }, upload);
    if (learned.kind === 'neither') {
      this.#neither = learned.error;
      throw learned.error;
    }
    return this.#settleMode(learned.mode, upload, learned.id, learned.leftBehind);
  }

  #settleMode(mode: AttachmentMode, upload: AttachmentUpload, id: number, leftBehind: string[]): UploadedAttachment {
    this.#mode = mode;
    this.#learned = { mode, at: (this.#deps.now?.() ?? new Date()).toISOString(), leftBehind };
    this.#deps.onEvent?.({ type: 'attachment-mode', mode, leftBehind });
    return { id, articleId: upload.articleId, filename: upload.filename, mode };
  }
}
