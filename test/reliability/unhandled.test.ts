import { describe, expect, it } from 'vitest';
import { SPAWN_TIMEOUT, spawnNode } from '../cli/support.js';

describe('the unhandled-rejection guard (test/setup/unhandled.ts)', () => {
  it(
    'fails the very test that let a rejection escape, even with vitest told to ignore it',
    async () => {
      const { code, stdout, stderr } = await spawnNode(
        [
          'node_modules/vitest/vitest.mjs',
          'run',
          '--config',
          'test/reliability/fixtures/vitest.fixture.config.ts',
        ],
        { env: { NO_COLOR: '1', CI: '1' } },
      );
      const output = stdout + stderr;
      expect(code).toBe(1);
      expect(output).toMatch(/FAIL .*unhandled\.fixture\.ts > lets a rejection escape/);
      expect(output).toContain('escaped to the process');
      expect(output).toContain('escaped on purpose');
      expect(output).toMatch(/1 failed \| 1 passed/);
    },
    SPAWN_TIMEOUT,
  );
});
