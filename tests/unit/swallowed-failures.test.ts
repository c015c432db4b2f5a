import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/processes.js';

// The softphone and sync UI may not swallow a failure (eslint.config.js, no-restricted-syntax):
// the real config is fed code that drops an error in each way we used to, and code that logs it.

const eslint = new ESLint({ cwd: REPO_ROOT });

async function swallowErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(REPO_ROOT, file) });
  return result!.messages.filter((message) => message.ruleId === 'no-restricted-syntax').map((message) => message.message);
}

const swallowed = [
  'export const a = (p: Promise<void>) => p.catch(() => undefined);\n',
  'export const a = (p: Promise<void>) => p.catch(() => {});\n',
  'export const a = (p: Promise<void>) => p.catch(() => null);\n',
  'export function a(f: () => void) {\n  try {\n    f();\n  } catch {}\n}\n',
];

describe('no swallowed failures in the softphone and sync UI', () => {
  it.each(['src-renderer/features/softphone/probe.ts', 'src-renderer/features/sync/probe.ts'])('%s refuses every way of dropping an error', async (file) => {
    for (const code of swallowed) expect(await swallowErrors(file, code), code).toEqual([expect.stringMatching(/platform\/log\.ts/)]);
  });

  it('logging the failure, or turning it into a visible state, passes', async () => {
    const file = 'src-renderer/features/softphone/probe.ts';
    const logged = `import { logFailure } from '../../platform/log.js';\nexport const a = (p: Promise<void>) => p.catch(logFailure('softphone', 'the probe failed'));\n`;
    const shown = `export const a = (p: Promise<void>, show: (e: unknown) => void) => p.catch((error: unknown) => show(error));\n`;
    expect(await swallowErrors(file, logged)).toEqual([]);
    expect(await swallowErrors(file, shown)).toEqual([]);
  });
});
