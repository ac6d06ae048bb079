/**
 * What tests start and must stop: helpers hand it here, and test/setup.ts runs it after each test or
 * after each file. The hooks live in the setup file because it runs for every test file: test files
 * share their fork's modules (isolate: false), so a hook at a helper's top level would be registered
 * by the first file that imports the helper and run for that file alone.
 */
type Step = () => unknown;

const afterTest: Step[] = [];
const afterFile: Step[] = [];

/** Run `step` when the current test ends (servers, watchers). */
export function afterThisTest(step: Step): void {
  afterTest.push(step);
}

/** Run `step` when the current test file ends (temp folders a `beforeAll` may share). */
export function afterThisFile(step: Step): void {
  afterFile.push(step);
}

/** Run and forget what was registered for the test or the file that ended. */
export async function tearDown(scope: 'test' | 'file'): Promise<void> {
  const steps = (scope === 'test' ? afterTest : afterFile).splice(0);
  await Promise.all(steps.map(async (step) => step()));
}
