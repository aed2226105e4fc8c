import { defineConfig } from 'vitest/config';

/**
 * The Firefox build (.output/firefox-mv2, made by `npm run build:firefox`) driven in a real
 * Firefox over WebDriver BiDi (tests/firefox). One Firefox at a time.
 */
export default defineConfig({
  test: {
    include: ['tests/firefox/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 90_000,
    fileParallelism: false,
  },
});
