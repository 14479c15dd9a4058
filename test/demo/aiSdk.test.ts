/**
 * `npm run demo:ai`: the AI SDK demo runs offline against the embedded Spaces.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../', import.meta.url));

describe('the AI SDK demo', () => {
  it('streams Qwen2.5’s answer and QVQ’s answer about the uploaded image, and reports the unsupported setting', async () => {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'demo/ai-sdk.ts'], { cwd: repo, timeout: 60_000 });
    expect(stdout).toMatch(/Qwen2\.5 > .*Paris/);
    expect(stdout).toMatch(/QVQ-72B > I received "image\.png" \(image\/png, \d+ bytes/);
    expect(stdout).toContain('(warning: temperature');
    expect(stderr).toBe('');
  }, 60_000);
});
