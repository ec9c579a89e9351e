/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The console is served by `isthmus serve` at /console/ and talks to the API on the same
// origin. In development, `ISTHMUS_API=http://127.0.0.1:8080 npm run dev` proxies the API.
const api = process.env.ISTHMUS_API ?? 'http://127.0.0.1:8080';

export default defineConfig({
  base: '/console/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 2000 },
  server: {
    proxy: Object.fromEntries(
      ['/v1', '/v2.0', '/v3', '/isthmus', '/health'].map((p) => [p, { target: api, changeOrigin: false }]),
    ),
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}'],
    css: false,
  },
});
