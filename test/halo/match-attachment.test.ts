/** Which of an article's attachments in Halo is a given file: name, size where Halo gives one, and a content hash where Halo gives one. */
import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { matchAttachment } from '../../src/halo/match-attachment.js';

const data = Buffer.from('the new diagram');
const file = { filename: 'diagram.png', size: data.byteLength, data };
const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const md5 = (b: Buffer): string => createHash('md5').update(b).digest('hex');

describe('matchAttachment', () => {
  test('the same name and size; the newest wins; known other files are never taken', () => {
    const rows = [
      { id: 3, filename: 'diagram.png', filesize: data.byteLength },
      { id: 7, filename: 'diagram.png', filesize: data.byteLength },
      { id: 9, filename: 'diagram.png', filesize: 3 },
    ];
    expect(matchAttachment(rows, file)?.id).toBe(7);
    expect(matchAttachment(rows, file, new Set([7]))?.id).toBe(3);
    expect(matchAttachment(rows, { ...file, filename: 'other.png' })).toBeUndefined();
  });

  test('a row without a size is taken by name alone', () => {
    expect(matchAttachment([{ id: 4, filename: 'diagram.png' }], file)?.id).toBe(4);
  });

  test.each(['sha256', 'hash', 'checksum'])('a SHA-256 in "%s" must be this content', (field) => {
    const same = { id: 5, filename: 'diagram.png', filesize: data.byteLength, [field]: sha256(data).toUpperCase() };
    const other = { id: 6, filename: 'diagram.png', filesize: data.byteLength, [field]: sha256(Buffer.from('the old diagram')) };
    expect(matchAttachment([same, other], file)?.id).toBe(5);
    expect(matchAttachment([other], file)).toBeUndefined();
  });

  test('an MD5 is compared too; a hash is ignored when the bytes are not at hand, or when it is no hex digest', () => {
    const other = { id: 6, filename: 'diagram.png', filesize: data.byteLength, md5: md5(Buffer.from('the old diagram')) };
    expect(matchAttachment([other], file)).toBeUndefined();
    expect(matchAttachment([{ ...other, md5: md5(data) }], file)?.id).toBe(6);
    expect(matchAttachment([other], { filename: file.filename, size: file.size })?.id).toBe(6);
    expect(matchAttachment([{ ...other, md5: 'not-a-digest' }], file)?.id).toBe(6);
  });
});
