// Vite builds the console into dist/ (served by georep-engine at "/"): external module scripts and
// stylesheets only, so the engine's Content-Security-Policy (no inline script or style) holds; no asset is
// inlined as a data: URL. `npm run dev` proxies /api to a local engine.
/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    sourcemap: false,
    chunkSizeWarningLimit: 2000,
    modulePreload: { polyfill: false },
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8470' },
  },
  test: {
    environment: 'jsdom',
    globals: true,
    setupFiles: ['./src/test-setup.ts'],
    // CSS is not processed in tests, except PatternFly's utility sheets read as text (?raw) by
    // utilityClasses.test.ts (no component test imports them)
    css: { include: [/@patternfly\/react-styles\/css\/utilities\//] },
    include: ['src/**/*.test.{ts,tsx}'],
    testTimeout: 15000, // the machine is shared: user-event walks through dialogs take seconds under load
  },
});
