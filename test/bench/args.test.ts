import { describe, expect, it } from 'vitest';
import { countArg, stringArg } from '../../bench/args.js';

const argv = (...args: string[]) => ['node', 'bench.js', ...args];

describe('bench options', () => {
  it('reads values and falls back when an option is absent', () => {
    expect(countArg('rounds', 3, argv('--rounds', '5'))).toBe(5);
    expect(countArg('rounds', 3, argv('--keep'))).toBe(3);
    expect(stringArg('dir', argv('--dir', '/tmp/tree'))).toBe('/tmp/tree');
    expect(stringArg('dir', argv())).toBeUndefined();
  });

  it('refuses a count that is not a positive whole number, naming the option', () => {
    expect(() => countArg('rounds', 3, argv('--rounds', 'three'))).toThrow('--rounds takes a positive whole number (got "three").');
    expect(() => countArg('articles', 10, argv('--articles', '0'))).toThrow('--articles takes a positive whole number (got "0").');
    expect(() => countArg('articles', 10, argv('--articles', '2.5'))).toThrow('--articles takes a positive whole number (got "2.5").');
    expect(() => countArg('edits', 30, argv('--edits'))).toThrow('--edits takes a positive whole number (got nothing).');
  });
});
