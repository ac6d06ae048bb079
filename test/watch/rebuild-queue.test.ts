import { describe, expect, it } from 'vitest';
import { RebuildQueue } from '../../src/watch/rebuild-queue.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('RebuildQueue', () => {
  it('batches events within the window into one rebuild', async () => {
    const batches: number[][] = [];
    const queue = new RebuildQueue<number>(async (b) => void batches.push(b), 10);
    queue.push(1);
    queue.push(2);
    queue.push(3);
    await queue.idle();
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('queues events arriving mid-build for the next build, never running two at once', async () => {
    const batches: number[][] = [];
    let running = 0;
    let overlap = false;
    const queue = new RebuildQueue<number>(async (b) => {
      running++;
      overlap ||= running > 1;
      batches.push(b);
      await sleep(40);
      running--;
    }, 5);
    queue.push(1);
    await sleep(15);
    queue.push(2);
    queue.push(3);
    await sleep(5);
    queue.push(4);
    await queue.idle();
    expect(batches).toEqual([[1], [2, 3, 4]]);
    expect(overlap).toBe(false);
  });

  it('lives on after a failing rebuild', async () => {
    const batches: number[][] = [];
    const queue = new RebuildQueue<number>(async (b) => {
      batches.push(b);
      if (b.includes(1)) throw new Error('boom');
    }, 5);
    queue.push(1);
    await queue.idle();
    queue.push(2);
    await queue.idle();
    expect(batches).toEqual([[1], [2]]);
  });
});
