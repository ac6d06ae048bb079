/**
 * Every command, registered on the program. Each command module wires stages together and nothing
 * else; `setExit` raises the run's exit code. Every command is registered on every run (for --help
 * and for commander to parse), so a command module imports what only its action needs inside the
 * action: the compiler (unified and its plugins), the diff library of the plan reports, the Halo
 * client (undici), the emulator, the watcher (chokidar). `halo-kb --version` loads none of them and
 * `halo-kb build` no Halo client (test/cli/startup.test.ts).
 */
import type { Command } from 'commander';
import type { Io } from '../io.js';
import { registerEmulator } from './emulator.js';
import { registerBuild } from './build.js';
import { registerDoctor } from './doctor.js';
import { registerFeedback } from './feedback.js';
import { registerInit } from './init.js';
import { registerPublish } from './publish.js';
import { registerState } from './state.js';
import { registerWatch } from './watch.js';

export type SetExit = (code: number) => void;
export type RegisterCommand = (program: Command, io: Io, setExit: SetExit) => void;

const commands: RegisterCommand[] = [registerBuild, registerPublish, registerFeedback, registerDoctor, registerState, registerWatch, registerEmulator, registerInit];

export function registerCommands(program: Command, io: Io, setExit: SetExit): void {
  for (const register of commands) register(program, io, setExit);
}
