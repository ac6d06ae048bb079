import { describe, expect, it } from 'vitest';
import { compileGcActive, gcFlagsSetByUser, useCompileGc } from '../../src/compile/compile-gc.js';

describe('gcFlagsSetByUser', () => {
  it.each([
    ['--single-threaded-gc'],
    ['--single_threaded_gc'],
    ['--no-concurrent-marking'],
    ['--no-incremental-marking'],
    ['--concurrent-marking'],
    ['--noparallel-scavenge'],
    ['--heap_growing_percent=50'],
    ['--predictable'],
  ])('sees %s as the user setting the collector', (flag) => {
    expect(gcFlagsSetByUser(['--enable-source-maps', flag])).toBe(true);
  });

  it.each([[[]], [['--max-old-space-size=4096', '--no-warnings', '--enable-source-maps']], [['--node-memory-debug']], [['parallel-scavenge']]])(
    'leaves the collector to halo-kb with %j',
    (execArgv) => {
      expect(gcFlagsSetByUser(execArgv)).toBe(false);
    },
  );
});

describe('useCompileGc', () => {
  it('keeps the compile settings until the last of overlapping pools ends', () => {
    // vitest's workers run without GC flags of their own, so the settings are applied here.
    expect(gcFlagsSetByUser()).toBe(false);
    expect(compileGcActive()).toBe(0);
    const first = useCompileGc();
    const second = useCompileGc();
    expect(compileGcActive()).toBe(2);
    first();
    expect(compileGcActive()).toBe(1);
    first();
    expect(compileGcActive()).toBe(1);
    second();
    expect(compileGcActive()).toBe(0);
  });

  it('changes nothing when node was started with garbage-collection flags of its own', () => {
    const end = useCompileGc(['--single-threaded-gc']);
    expect(compileGcActive()).toBe(0);
    end();
    expect(compileGcActive()).toBe(0);
  });
});
