import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import type { Io } from '../../src/io.js';
import { baseFiles, makeProject } from './fixture.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

function captureIo(cwd: string): Io & { output: () => string; errors: () => string } {
  let stdout = '';
  let stderr = '';
  return {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: { NO_COLOR: '1' },
    cwd,
    output: () => stdout,
    errors: () => stderr,
  };
}

describe('halo-kb watch', () => {
  it('documents its flags in --help', async () => {
    const io = captureIo(process.cwd());
    expect(await main(['watch', '--help'], io)).toBe(0);
    expect(io.output()).toContain('Usage: halo-kb watch [options]');
    expect(io.output()).toMatch(/--port <n>\s+port of the preview on 127\.0\.0\.1/);
    expect(io.output()).toContain('--open');
  });

  it('refuses a port that is not a number', async () => {
    const io = captureIo(process.cwd());
    expect(await main(['watch', '--port', 'http'], io)).toBe(64);
    expect(io.errors()).toContain('expected a port number from 0 to 65535');
  });

  it('says clearly when the port is taken', async () => {
    const { root, cleanup } = await makeProject(baseFiles());
    cleanups.push(cleanup);
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => blocker.close(() => resolve())));
    const port = (blocker.address() as { port: number }).port;
    const io = captureIo(root);
    expect(await main(['watch', '--port', String(port)], io)).toBe(3);
    expect(io.errors()).toContain(`error: Port ${port} on 127.0.0.1 is already in use, so the preview cannot start.`);
    expect(io.errors()).toContain(`--port ${port + 1}`);
  });

  it('says clearly when the content folder is missing', async () => {
    const { root, cleanup } = await makeProject({ 'halo-kb.yml': 'content: docs\n' });
    cleanups.push(cleanup);
    const io = captureIo(root);
    expect(await main(['watch', '--port', '0'], io)).toBe(3);
    expect(io.errors()).toContain('error: The content folder');
    expect(io.errors()).toContain('does not exist.');
  });
});
