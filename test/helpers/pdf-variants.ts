/**
 * PDFs that cannot be published, made for real: an encrypted one (pdf-lib cannot encrypt, so it is
 * written here by hand: the standard security handler, revision 3, 128-bit RC4, empty user password
 * and an owner password, as Acrobat writes a PDF restricted by permissions), one cut short, one
 * with a damaged object, and one with a picture but no text. No external tool is needed.
 */
import { createHash } from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import { makePdf, makePng } from './binary-files.js';

const PAD = Buffer.from('28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a', 'hex');

function md5(...parts: Uint8Array[]): Buffer {
  const hash = createHash('md5');
  for (const part of parts) hash.update(part);
  return hash.digest();
}

function rc4(key: Uint8Array, data: Uint8Array): Buffer {
  const s = Array.from({ length: 256 }, (_, i) => i);
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + s[i]! + key[i % key.length]!) & 0xff;
    [s[i], s[j]] = [s[j]!, s[i]!];
  }
  const out = Buffer.alloc(data.length);
  for (let n = 0, i = 0, j = 0; n < data.length; n++) {
    i = (i + 1) & 0xff;
    j = (j + s[i]!) & 0xff;
    [s[i], s[j]] = [s[j]!, s[i]!];
    out[n] = data[n]! ^ s[(s[i]! + s[j]!) & 0xff]!;
  }
  return out;
}

/** RC4 once with `key`, then 19 more times with the key XOR 1 … 19 (revision 3). */
function rc4Rounds(key: Buffer, data: Buffer): Buffer {
  let out = rc4(key, data);
  for (let i = 1; i <= 19; i++) out = rc4(key.map((b) => b ^ i) as Buffer, out);
  return out;
}

function padded(password: string): Buffer {
  return Buffer.concat([Buffer.from(password, 'latin1'), PAD]).subarray(0, 32);
}

function md5Rounds(first: Buffer): Buffer {
  let hash = first;
  for (let i = 0; i < 50; i++) hash = md5(hash.subarray(0, 16));
  return hash.subarray(0, 16);
}

/** A PDF file from its numbered objects' bodies, with a correct cross-reference table. */
function assemble(objects: string[], trailer: string): Buffer {
  let out = '%PDF-1.6\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n${trailer}\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** A one-page PDF encrypted as Acrobat encrypts a PDF with permissions set, its title encrypted too. */
export function encryptedPdf(title = 'Salary bands 2027'): Buffer {
  const id = Buffer.from('6b1f0c4e2d9a8b7c6d5e4f3a2b1c0d9e', 'hex');
  const permissions = -3904; // printing and copying not allowed
  const p = Buffer.alloc(4);
  p.writeInt32LE(permissions);
  const ownerKey = md5Rounds(md5(padded('owner-secret')));
  const o = rc4Rounds(ownerKey, PAD);
  const key = md5Rounds(md5(PAD, o, p, id));
  const u = Buffer.concat([rc4Rounds(key, md5(PAD, id)), Buffer.alloc(16)]);
  // Strings are encrypted with a key made from the file key and their object's number (4, gen 0).
  const objectKey = md5(key, Buffer.from([4, 0, 0, 0, 0])).subarray(0, 16);
  const encryptedTitle = rc4(objectKey, Buffer.from(title, 'latin1'));
  return assemble(
    [
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
      `<< /Title <${encryptedTitle.toString('hex')}> >>`,
      `<< /Filter /Standard /V 2 /R 3 /Length 128 /P ${permissions} /O <${o.toString('hex')}> /U <${u.toString('hex')}> >>`,
    ],
    `<< /Size 6 /Root 1 0 R /Info 4 0 R /Encrypt 5 0 R /ID [<${id.toString('hex')}> <${id.toString('hex')}>] >>`,
  );
}

/** A valid PDF cut short, as an interrupted copy or download leaves it. */
export async function truncatedPdf(): Promise<Buffer> {
  const whole = Buffer.from(await makePdf({ pages: 2, title: 'Printer guide' }));
  return whole.subarray(0, Math.floor(whole.length * 0.9));
}

/** A PDF whose page tree reads but one of its objects is garbage (a bad sector, a bad merge). */
export function damagedPdf(): Buffer {
  return assemble(
    [
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
      '<< /Title (Printer guide) /Producer \x00\x01<<]]>> >>',
    ],
    '<< /Size 5 /Root 1 0 R /Info 4 0 R >>',
  );
}

/** A scan as a PDF holds it: one page with a picture on it and no text operators at all. */
export async function imageOnlyPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const image = await doc.embedPng(makePng());
  doc.addPage([595, 842]).drawImage(image, { x: 0, y: 0, width: 595, height: 842 });
  return doc.save({ useObjectStreams: false });
}
