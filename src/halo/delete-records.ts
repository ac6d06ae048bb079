/**
 * Deleting articles, FAQ lists and attachments in Halo. Halo may well refuse a delete, and that is
 * an outcome the caller handles (the record stays, or is hidden instead), not an error; only a
 * reply that is neither done, gone nor a refusal is thrown, explained.
 */
import type { Call } from './call.js';
import type { ClientCalls } from './client-calls.js';
import { ok } from './send-call.js';
import type { DeleteResult } from './types.js';

type DeleteCalls = Pick<ClientCalls, 'send' | 'explain'>;

/** Halo normally refuses (403); so may a web server in front of Halo that refuses the DELETE verb (405). */
export async function deleteArticle(calls: DeleteCalls, id: number): Promise<DeleteResult> {
  const call: Call = { method: 'DELETE', path: `/KBArticle/${id}`, retry: 'safe', area: 'kb', action: `delete article ${id}` };
  const res = await calls.send(call);
  if (ok(res)) return { kind: 'deleted', id };
  if (res.status === 403) return { kind: 'forbidden', id, message: 'Halo does not allow deleting articles through the API; the article stays' };
  if (res.status === 405) return { kind: 'forbidden', id, message: 'the server in front of Halo does not allow DELETE requests (405); the article stays' };
  if (res.status === 404) return { kind: 'not-found', id };
  throw calls.explain(res, call);
}

/** Whether Halo lets an API application delete FAQ lists is unknown: see `HaloClient.deleteFaqList`. */
export async function deleteFaqList(calls: DeleteCalls, id: number): Promise<DeleteResult> {
  const call: Call = { method: 'DELETE', path: `/FAQLists/${id}`, retry: 'safe', area: 'faq-lists', action: `delete FAQ list ${id}` };
  const res = await calls.send(call);
  if (ok(res)) return { kind: 'deleted', id };
  if (res.status === 404) return { kind: 'not-found', id };
  // 403 and 405 are the likely refusals; any other 4xx is taken as one too (Halo's is unknown).
  if (res.status >= 400 && res.status < 500 && res.status !== 401 && res.status !== 429) {
    return { kind: 'forbidden', id, message: `Halo did not allow deleting the FAQ list (${res.status})` };
  }
  throw calls.explain(res, call);
}

/** True when the attachment is gone (or was already), false when Halo refuses. */
export async function deleteAttachment(calls: DeleteCalls, id: number): Promise<boolean> {
  const call: Call = { method: 'DELETE', path: `/Attachment/${id}`, retry: 'safe', area: 'attachments', action: `delete attachment ${id}` };
  const res = await calls.send(call);
  if (ok(res) || res.status === 404) return true;
  if (res.status >= 400 && res.status < 500) return false;
  throw calls.explain(res, call);
}
