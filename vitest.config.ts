import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Integration tests start the CLI as a child process (about 1 s of CPU each); on a loaded
    // 2-core CI machine vitest's 5 s default turns a slow start into a failure.
    testTimeout: 20_000,
    globalSetup: ['test/helpers/temp-root.ts'],
  },
});
