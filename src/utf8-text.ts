/**
 * Text files (Markdown, sidecars, `_company.yml`, `halo-kb.yml`, templates) are read as UTF-8, and
 * only as UTF-8: decoding a Latin-1 "é" the lenient way would publish "Caf\uFFFD" to Halo. A file
 * that is not UTF-8 text, or holds a NUL byte (binary data, UTF-16), is refused with the byte
 * where it goes wrong. A UTF-8 byte order mark is fine (the readers drop it).
 */
import { isUtf8 } from 'node:buffer';
import { diagnostic, type Diagnostic } from './diagnostics.js';

export type DecodedText = { ok: true; text: string } | { ok: false; problem: TextProblem };

export interface TextProblem {
  /** 0-based offset of the first bad byte. */
  offset: number;
  /** 1-based line and column (in characters) of that byte. */
  line: number;
  column: number;
  /** What is wrong, as the end of a sentence starting "This file ..." */
  message: string;
  hint: string;
}

const SAVE_AS_UTF8 = 'Save the file as UTF-8 (most editors: "Save with Encoding" > UTF-8) and check the characters around that place.';

/** The length of the valid UTF-8 sequence starting at `i`, or 0 when the byte there starts none. */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const b = bytes[i]!;
  if (b < 0x80) return 1;
  let length: number;
  let min: number;
  let max = 0xbf;
  if (b >= 0xc2 && b <= 0xdf) [length, min] = [2, 0x80];
  else if (b === 0xe0) [length, min] = [3, 0xa0];
  else if (b === 0xed)
    [length, min, max] = [3, 0x80, 0x9f]; // no UTF-16 surrogates
  else if (b >= 0xe1 && b <= 0xef) [length, min] = [3, 0x80];
  else if (b === 0xf0) [length, min] = [4, 0x90];
  else if (b >= 0xf1 && b <= 0xf3) [length, min] = [4, 0x80];
  else if (b === 0xf4) [length, min, max] = [4, 0x80, 0x8f];
  else return 0;
  for (let k = 1; k < length; k++) {
    const next = bytes[i + k];
    if (next === undefined) return 0;
    const [lo, hi] = k === 1 ? [min, max] : [0x80, 0xbf];
    if (next < lo || next > hi) return 0;
  }
  return length;
}

/** The first byte that is not part of valid UTF-8, or -1. */
function firstInvalid(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const n = sequenceLength(bytes, i);
    if (n === 0) return i;
    i += n;
  }
  return -1;
}

function place(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  // The part of the line before the byte is valid UTF-8: count its characters.
  const before = Buffer.from(bytes.buffer, bytes.byteOffset + lineStart, offset - lineStart).toString('utf8');
  return { line, column: [...before].length + 1 };
}

function hex(byte: number): string {
  return `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
}

/** Decode `bytes` as UTF-8 text, or say where and why it is not. */
export function decodeUtf8(bytes: Uint8Array): DecodedText {
  const nul = bytes.indexOf(0);
  if (isUtf8(bytes) && nul === -1) return { ok: true, text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8') };
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return {
      ok: false,
      problem: { offset: 0, line: 1, column: 1, message: 'is UTF-16 text (it starts with a UTF-16 byte order mark), not UTF-8', hint: SAVE_AS_UTF8 },
    };
  }
  const invalid = firstInvalid(bytes);
  if (invalid !== -1 && (nul === -1 || invalid < nul)) {
    return {
      ok: false,
      problem: {
        offset: invalid,
        ...place(bytes, invalid),
        message: `is not UTF-8 text: the byte ${hex(bytes[invalid]!)} at byte offset ${invalid} is not valid UTF-8 (a Latin-1 or Windows-1252 file?)`,
        hint: SAVE_AS_UTF8,
      },
    };
  }
  return {
    ok: false,
    problem: {
      offset: nul,
      ...place(bytes, nul),
      message: `holds a NUL byte at byte offset ${nul}: it is binary data (or UTF-16), not text`,
      hint: 'Remove the NUL bytes, or save the file as UTF-8 text.',
    },
  };
}

/** The diagnostic for a content file that is not UTF-8 text. */
export function notTextDiagnostic(file: string, problem: TextProblem): Diagnostic {
  return diagnostic('error', 'not-utf8', file, `This file ${problem.message}.`, { line: problem.line, column: problem.column }, problem.hint);
}
