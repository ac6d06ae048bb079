/** The emulator's HTTP plumbing: a request body read within a limit, and a Reply written out. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Reply } from './reply.js';

export class BodyTooLarge extends Error {}

export async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.byteLength;
    if (size > limit) throw new BodyTooLarge();
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Whether a Content-Type header says JSON (`application/json`, any parameters). */
export function isJson(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() === 'application/json';
}

export function send(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { 'x-content-type-options': 'nosniff', ...reply.headers };
  let payload: Buffer | string = '';
  if (reply.raw !== undefined) {
    headers['content-type'] = reply.raw.contentType;
    payload = reply.raw.data;
  } else if (reply.json !== undefined) {
    headers['content-type'] = 'application/json; charset=utf-8';
    payload = JSON.stringify(reply.json);
  }
  headers['content-length'] = String(Buffer.byteLength(payload));
  res.writeHead(reply.status, headers);
  res.end(payload);
}
