/** Run for each test file (vitest's setupFiles): stops and removes what the file's tests started. */
import { afterAll, afterEach } from 'vitest';
import { tearDown } from './helpers/teardown.js';

afterEach(() => tearDown('test'));
afterAll(() => tearDown('file'));
