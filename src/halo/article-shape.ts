/** Between halo-kb's writes and Halo's `KBEntry` JSON. */
import { isRecord, recordId, type JsonRecord } from './records.js';
import type { ArticleWrite, HaloArticle, HaloAttachment, HaloCustomer, HaloFaqList, FaqListWrite } from './types.js';

/**
 * The KBEntry body of one write. Which field Halo renders is unknown, so the HTML goes into both
 * `description` and `description_html`; `editor_type` is left alone.
 */
export function toKbEntry(write: ArticleWrite): JsonRecord {
  const entry: JsonRecord = {};
  if (write.id !== undefined) entry['id'] = write.id;
  entry['name'] = write.name;
  entry['description'] = write.html;
  entry['description_html'] = write.html;
  entry['faqlists'] = write.faqListIds.map((id) => ({ id }));
  if (write.tags !== undefined) entry['tags'] = write.tags.map((text) => ({ text }));
  if (write.clientIds !== undefined) entry['kbentryclientaccess'] = write.clientIds.map((client_id) => ({ client_id }));
  entry['inactive'] = write.inactive ?? false;
  entry['showforall'] = write.showForAll ?? false;
  if (write.nextReviewDate !== undefined) entry['next_review_date'] = write.nextReviewDate;
  return entry;
}

/** The FAQListHead body of one write; `showforall` and `is_group` always explicit. */
export function toFaqListHead(write: FaqListWrite): JsonRecord {
  const head: JsonRecord = {};
  if (write.id !== undefined) head['id'] = write.id;
  head['name'] = write.name;
  head['is_group'] = write.isGroup ?? false;
  head['group_id'] = write.groupId ?? 0;
  head['showforall'] = write.showForAll;
  if (write.thirdPartyId !== undefined) head['third_party_id'] = write.thirdPartyId;
  return head;
}

function withIdAndName<T extends { id: number; name: string }>(record: JsonRecord, nameField = 'name'): T | undefined {
  const id = recordId(record);
  if (id === undefined) return undefined;
  const name = record[nameField];
  return { ...record, id, name: typeof name === 'string' ? name : '' } as unknown as T;
}

export function toArticle(record: JsonRecord): HaloArticle | undefined {
  return withIdAndName<HaloArticle>(record);
}

export function toFaqList(record: JsonRecord): HaloFaqList | undefined {
  const list = withIdAndName<HaloFaqList>(record);
  if (list === undefined) return undefined;
  const groupId = Number(record['group_id']);
  if (Number.isFinite(groupId)) list.group_id = groupId;
  if (record['third_party_id'] !== undefined && record['third_party_id'] !== null) list.third_party_id = String(record['third_party_id']);
  return list;
}

export function toCustomer(record: JsonRecord): HaloCustomer | undefined {
  return withIdAndName<HaloCustomer>(record);
}

export function toAttachment(record: JsonRecord): HaloAttachment | undefined {
  const id = recordId(record);
  if (id === undefined) return undefined;
  const filename = record['filename'] ?? record['name'];
  return { ...record, id, filename: typeof filename === 'string' ? filename : '' };
}

/** Keep the records that converted. */
export function convertAll<T>(records: unknown[], convert: (record: JsonRecord) => T | undefined): T[] {
  const out: T[] = [];
  for (const record of records) {
    if (!isRecord(record)) continue;
    const converted = convert(record);
    if (converted !== undefined) out.push(converted);
  }
  return out;
}
