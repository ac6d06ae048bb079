/** git for the CI tests: a bare "origin" on disk, clones as the runner's checkout, a fixed identity. */
import { execFileSync } from 'node:child_process';

const IDENTITY = {
  GIT_AUTHOR_NAME: 'Kim Writer',
  GIT_AUTHOR_EMAIL: 'kim@example.com',
  GIT_COMMITTER_NAME: 'Kim Writer',
  GIT_COMMITTER_EMAIL: 'kim@example.com',
};

/** Environment for git without the user's or the system's config, so the tests see only their own. */
export function gitEnv(home: string): Record<string, string> {
  return { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: home, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' };
}

export function git(cwd: string, home: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: { ...gitEnv(home), ...IDENTITY }, encoding: 'utf8' }).trim();
}
