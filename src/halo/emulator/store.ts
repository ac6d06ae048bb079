/**
 * The emulator's data: articles, FAQ lists, attachments, customers. Plain data, persisted as one JSON
 * file written atomically (tmp + rename) so a crash never leaves half a file, and read back on start
 * so the data survives a restart.
 */
import { readFile } from 'node:fs/promises';
import { HaloKbError } from '../../errors.js';
import { writeFileAtomic } from '../../write-atomic.js';

export interface StoredArticle {
  id: number;
  name: string;
  description: string;
  description_html: string;
  type: number;
  inactive: boolean;
  showforall: boolean;
  next_review_date: string | null;
  faqlist_ids: number[];
  tags: string[];
  client_ids: number[];
  date_created: string;
  date_edited: string;
  /** Who last changed it: the API application, or an agent editing in Halo. */
  editor_name: string;
  /**
   * Halo's feedback counters: numbers as Halo keeps them; a string, null or a negative number only
   * when set so through `POST /_emulator/feedback/{id}`, to play a Halo that sends such forms.
   * Absent (in data files written before they were kept): 0.
   */
  view_count?: FeedbackValue;
  useful_count?: FeedbackValue;
  notuseful_count?: FeedbackValue;
  /** Feedback fields left out of every reply, as a Halo that does not send them would. */
  omitted?: FeedbackField[];
}

/** A feedback counter as a Halo may send it. */
export type FeedbackValue = number | string | null;

/** The fields `POST /_emulator/feedback/{id}` sets (and can leave out of replies). */
export const FEEDBACK_FIELDS = ['view_count', 'useful_count', 'notuseful_count', 'next_review_date'] as const;
export type FeedbackField = (typeof FEEDBACK_FIELDS)[number];

export interface StoredFaqList {
  id: number;
  name: string;
  group_id: number;
  is_group: boolean;
  showforall: boolean;
  third_party_id: string | null;
  description: string;
  sequence: number;
  type: number;
}

export interface StoredAttachment {
  id: number;
  filename: string;
  filesize: number;
  type: number;
  unique_id: number;
  datecreated: string;
  data_base64: string;
  /** False for a file Halo accepted but linked to no article (see `attachmentLinking`). */
  linked?: false;
}

export interface StoredClient {
  id: number;
  name: string;
  inactive: boolean;
  toplevel_id: number;
  toplevel_name: string;
}

export interface EmulatorData {
  version: 1;
  nextId: { article: number; faqList: number; attachment: number; client: number };
  articles: StoredArticle[];
  faqLists: StoredFaqList[];
  attachments: StoredAttachment[];
  clients: StoredClient[];
}

/** Customers a new data set starts with, so client mapping can be tried at once. */
const SEED_CLIENTS = ['Contoso Ltd', 'Fabrikam Inc', 'Northwind Traders', 'Adventure Works Cycles', 'Tailspin Toys'];

export function emptyData(seedClients: boolean): EmulatorData {
  const clients = seedClients ? SEED_CLIENTS.map((name, i) => ({ id: i + 1, name, inactive: false, toplevel_id: 1, toplevel_name: 'Customers' })) : [];
  return {
    version: 1,
    nextId: { article: 1, faqList: 1, attachment: 1, client: clients.length + 1 },
    articles: [],
    faqLists: [],
    attachments: [],
    clients,
  };
}

/** Read the data file; a missing file starts a new data set. */
export async function loadData(file: string | undefined, seedClients: boolean): Promise<EmulatorData> {
  if (file === undefined) return emptyData(seedClients);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyData(seedClients);
    throw new HaloKbError('EMULATOR_DATA_UNREADABLE', `Cannot read the emulator data file ${file}: ${(error as Error).message}`, { cause: error });
  }
  try {
    const data = JSON.parse(text) as EmulatorData;
    if (data.version !== 1 || !Array.isArray(data.articles)) throw new Error('not an emulator data file');
    return data;
  } catch (error) {
    throw new HaloKbError('EMULATOR_DATA_INVALID', `${file} is not a halo-kb emulator data file (${(error as Error).message}).`, {
      cause: error,
    });
  }
}

/** Writes the data file after changes, one write at a time, coalescing bursts. */
export class DataWriter {
  readonly #file: string | undefined;
  #chain: Promise<void> = Promise.resolve();
  #queued = false;
  #error: unknown;

  constructor(file: string | undefined) {
    this.#file = file;
  }

  /** Schedule a write of `data` (read when the write happens, so bursts coalesce). */
  changed(data: () => EmulatorData): void {
    const file = this.#file;
    if (file === undefined || this.#queued) return;
    this.#queued = true;
    this.#chain = this.#chain
      .then(async () => {
        this.#queued = false;
        await writeFileAtomic(file, `${JSON.stringify(data(), null, 1)}\n`);
      })
      .catch((error: unknown) => {
        // Keep serving; the failure is reported by flush() (on close) rather than crashing a request.
        this.#error = error;
      });
  }

  /** Wait for every scheduled write. */
  async flush(): Promise<void> {
    await this.#chain;
    if (this.#error !== undefined) {
      const error = this.#error;
      this.#error = undefined;
      throw new HaloKbError('EMULATOR_DATA_UNWRITABLE', `Cannot write the emulator data file ${this.#file ?? ''}: ${(error as Error).message}`, { cause: error });
    }
  }
}
