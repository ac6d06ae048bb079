/**
 * `halo-kb doctor --probe`: measure how this Halo behaves where its API leaves it open, on scratch
 * records of its own, and remove them again. It creates one FAQ list (under halo-kb's grouping list
 * when there is one) and one article in it carrying a key marker, attaches small text files both
 * ways a file can be attached, reads everything back, and then deletes what it made; an article
 * Halo will not delete is taken out of its FAQ list and marked inactive instead, and reported.
 *
 * It finds: the reply to a create (array, object, empty), the reply to a two-file attachment POST,
 * which way links a file (the one finding publishing acts on), which body field Halo keeps and
 * whether the HTML comes back unchanged, what survives of the key marker, whether an article
 * delete is refused, and whether listings show inactive articles without `includeinactive`.
 */
import { errorMessage, HaloKbError } from '../errors.js';
import { convertAll, toArticle, toAttachment, toKbEntry } from './article-shape.js';
import { replyShape } from './attachment-link.js';
import type { Call } from './call.js';
import type { HaloClient } from './client.js';
import { KB_ATTACHMENT_TYPE } from './client-options.js';
import { findKeyMarker, KEY_MARKER_ATTRIBUTE } from './key-marker.js';
import type { ProbeFindings } from './profile.js';
import { savedRecords } from './records.js';
import type { AttachmentMode, HaloAttachment } from './types.js';

export interface ProbeOptions {
  /** halo-kb's grouping list, to put the scratch list under; top level when undefined. */
  groupId?: number | undefined;
  /** Names the scratch records, e.g. `20260102T030405Z`. */
  stamp: string;
  now?: () => Date;
  /** One line per step, as it happens. */
  onStep?: (line: string) => void;
}

export interface ProbeReport {
  findings: ProbeFindings;
  /** The way publishing should link files, or undefined when neither way linked. */
  attachmentMode: AttachmentMode | undefined;
  /** What is still in Halo after the clean-up, one line each. */
  leftBehind: string[];
}

/** What the probe will write, in plain words, before it writes anything. */
export function probePlan(name: string, group: string | undefined): string[] {
  return [
    `a FAQ list "${name}" ${group === undefined ? 'at the top level (the grouping list does not exist yet)' : `under "${group}"`}, not shown to users`,
    `an article "${name}" in it, with three one-line text files attached: two through POST /api/Attachment, one inline in the article`,
    'then it deletes all of them; an article Halo will not delete is taken out of the FAQ list and marked inactive instead',
  ];
}

/** The scratch article's HTML: the key marker both ways, and markup an editor might rewrite. */
function probeHtml(key: string): string {
  return `<div class="halo-kb-banner" ${KEY_MARKER_ATTRIBUTE}="${key}">Published from docs by halo-kb. <small>halo-kb key: ${key}</small></div><p>Scratch article of <code>halo-kb doctor --probe</code> &amp; safe to delete.</p>`;
}

const FILES = { endpoint: ['probe-a.txt', 'probe-b.txt'], inline: 'probe-inline.txt' } as const;

function textFile(filename: string): Record<string, unknown> {
  const data = Buffer.from(`halo-kb probe file ${filename}\n`);
  return { filename, data_base64: data.toString('base64'), filesize: data.byteLength };
}

function ok(status: number): boolean {
  return status >= 200 && status < 300;
}

export async function probeHalo(client: HaloClient, options: ProbeOptions): Promise<ProbeReport> {
  const name = `halo-kb probe ${options.stamp}`;
  const key = `halo-kb-probe/${options.stamp}`;
  const html = probeHtml(key);
  const step = options.onStep ?? (() => undefined);
  const made: { listId?: number; articleId?: number; attachments: Map<number, string> } = { attachments: new Map() };
  const leftBehind: string[] = [];
  let findings: Omit<ProbeFindings, 'articleDelete'> | undefined;
  let articleDelete: ProbeFindings['articleDelete'] | undefined;
  let failure: unknown;
  try {
    findings = await measure();
  } catch (error) {
    failure = error;
  }
  await cleanUp();
  if (failure !== undefined || findings === undefined || articleDelete === undefined) {
    const why = failure === undefined ? 'the scratch article could not be deleted or retired' : errorMessage(failure);
    throw new HaloKbError('PROBE_FAILED', `The probe stopped: ${why}${leftBehind.length === 0 ? '' : ` Left in Halo: ${leftBehind.join('; ')}.`}`, {
      hint: failure instanceof HaloKbError ? failure.hint : undefined,
      cause: failure,
    });
  }
  const all: ProbeFindings = { ...findings, articleDelete };
  const mode: AttachmentMode | undefined = all.attachmentLinking === 'neither' ? undefined : all.attachmentLinking === 'inline' ? 'inline' : 'attachment-endpoint';
  return { findings: all, attachmentMode: mode, leftBehind };

  async function measure(): Promise<Omit<ProbeFindings, 'articleDelete'>> {
    const at = (options.now?.() ?? new Date()).toISOString();
    const [list] = await client.saveFaqLists([{ name, ...(options.groupId === undefined ? {} : { groupId: options.groupId }), showForAll: false, thirdPartyId: `halo-kb-probe:${options.stamp}` }]);
    made.listId = list!.id;
    step(`created the FAQ list "${name}" (id ${made.listId})`);

    const create: Call = {
      method: 'POST',
      path: '/KBArticle',
      body: [toKbEntry({ key, name, html, faqListIds: [made.listId], inactive: false, showForAll: false })],
      retry: 'never',
      area: 'kb',
      action: `create the article "${name}"`,
    };
    const created = await send(create);
    const articleSaveReply = replyShape(created.text);
    const replied = convertAll(savedRecords(created.text), toArticle).find((a) => a.name === name);
    const articleId = replied?.id ?? (await client.listArticles({ faqListId: made.listId, includeInactive: true })).find((a) => a.name === name)?.id;
    if (articleId === undefined) throw new HaloKbError('PROBE_FAILED', `Halo accepted the article "${name}" but it could not be found afterwards.`);
    made.articleId = articleId;
    step(`created the article "${name}" (id ${articleId}); Halo answered the create with ${articleSaveReply === 'empty' ? 'an empty body' : `a JSON ${articleSaveReply}`}`);

    const detail = await client.getArticle(articleId);
    const kept = { html: detail?.description_html === html, text: detail?.description === html };
    const bodyField = kept.html && kept.text ? 'both' : kept.html ? 'description_html' : kept.text ? 'description' : 'neither';
    const bodies = [detail?.description_html, detail?.description].filter((b): b is string => typeof b === 'string');
    const keyMarker = bodies.some((b) => b.includes(`${KEY_MARKER_ATTRIBUTE}=`) && findKeyMarker(b) === key) ? 'attribute' : bodies.some((b) => findKeyMarker(b) === key) ? 'text' : 'lost';

    // Both ways, on the same article; then one read tells which linked.
    const endpoint = await send(
      {
        method: 'POST',
        path: '/Attachment',
        body: FILES.endpoint.map((f) => ({ ...textFile(f), type: KB_ATTACHMENT_TYPE, unique_id: articleId })),
        retry: 'never',
        area: 'attachments',
        action: `attach two files to article ${articleId}`,
      },
      true,
    );
    for (const row of convertAll(savedRecords(endpoint.text), toAttachment)) made.attachments.set(row.id, row.filename);
    const inline = await send(
      {
        method: 'POST',
        path: '/KBArticle',
        body: [{ id: articleId, attachments: [textFile(FILES.inline)] }],
        retry: 'never',
        area: 'attachments',
        action: `attach a file inline to article ${articleId}`,
      },
      true,
    );
    const after = await client.getArticle(articleId);
    // Whether an article's details list its files is unknown; without the field, the listing by type
    // and unique_id is all there is.
    const byListing = await client.request({
      method: 'GET',
      path: '/Attachment',
      query: { type: KB_ATTACHMENT_TYPE, unique_id: articleId },
      retry: 'safe',
      area: 'attachments',
      action: `list the attachments of article ${articleId}`,
    });
    const listed = ok(byListing.status) ? convertAll(savedRecords(byListing.text), toAttachment) : [];
    const linked: HaloAttachment[] = Array.isArray(after?.attachments) ? convertAll(after.attachments, toAttachment) : listed;
    for (const row of [...linked, ...listed]) if ([...FILES.endpoint, FILES.inline].includes(row.filename as never)) made.attachments.set(row.id, row.filename);
    const names = new Set(linked.map((a) => a.filename));
    const endpointLinks = ok(endpoint.status) && FILES.endpoint.every((f) => names.has(f));
    const inlineLinks = ok(inline.status) && names.has(FILES.inline);
    const attachmentLinking = endpointLinks && inlineLinks ? 'both' : endpointLinks ? 'attachment-endpoint' : inlineLinks ? 'inline' : 'neither';
    step(
      `attached files both ways: ${attachmentLinking === 'neither' ? 'the article lists neither' : attachmentLinking === 'both' ? 'the article lists both' : `the article lists only the ${attachmentLinking === 'inline' ? 'inline one' : 'ones sent to POST /api/Attachment'}`}`,
    );

    // Inactive, still in its list: is it listed without includeinactive?
    await client.saveArticles([{ id: articleId, key, name, html, faqListIds: [made.listId], inactive: true, showForAll: false }]);
    const plain = (await client.listArticles({ faqListId: made.listId })).some((a) => a.id === articleId);
    const withFlag = (await client.listArticles({ faqListId: made.listId, includeInactive: true })).some((a) => a.id === articleId);
    const inactiveListing = plain ? 'listed' : withFlag ? 'only-with-includeinactive' : 'not-listed';
    step(
      `marked it inactive: ${inactiveListing === 'listed' ? 'listings still show it' : inactiveListing === 'not-listed' ? 'listings no longer show it, even with includeinactive=true' : 'listings show it only with includeinactive=true'}`,
    );

    const findings: Omit<ProbeFindings, 'articleDelete'> = {
      at,
      attachmentLinking,
      articleSaveReply,
      bodyRoundTrip: bodyField === 'neither' ? 'changed' : 'unchanged',
      bodyField,
      keyMarker,
      inactiveListing,
    };
    if (ok(endpoint.status)) findings.attachmentSaveReply = replyShape(endpoint.text);
    return findings;
  }

  /** Send; a refusal is an answer worth recording when `refusalIsAnswer`, else an error. */
  async function send(call: Call, refusalIsAnswer = false): Promise<{ status: number; text: string }> {
    const res = await client.request(call);
    if (ok(res.status) || (refusalIsAnswer && res.status >= 400 && res.status < 500 && res.status !== 401 && res.status !== 403 && res.status !== 429)) return res;
    throw new HaloKbError('PROBE_REFUSED', `Halo answered ${res.status} to ${call.method} /api${call.path} (${call.action}).`);
  }

  async function cleanUp(): Promise<void> {
    for (const [id, filename] of made.attachments) {
      const gone = await client.deleteAttachment(id).catch(() => false);
      if (!gone) leftBehind.push(`attachment ${id} "${filename}"`);
    }
    if (made.articleId !== undefined) {
      const id = made.articleId;
      try {
        const deleted = await client.deleteArticle(id);
        if (deleted.kind === 'forbidden') {
          articleDelete = 'refused';
          await client.saveArticles([{ id, key, name, html, faqListIds: [], inactive: true, showForAll: false }]);
          leftBehind.push(`the article ${id} "${name}", inactive and in no FAQ list (Halo refused to delete it)`);
        } else articleDelete = 'deleted';
      } catch (error) {
        leftBehind.push(`the article ${id} "${name}" (${errorMessage(error)})`);
      }
    }
    if (made.listId !== undefined) {
      const gone = await client
        .deleteFaqList(made.listId)
        .then((r) => r.kind !== 'forbidden')
        .catch(() => false);
      if (!gone) leftBehind.push(`the FAQ list ${made.listId} "${name}"`);
    }
  }
}
