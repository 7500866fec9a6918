import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The operator console: a static build served by profile-command at /console/ (same origin as the API).
const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/console/',
  plugins: [react()],
  resolve: { tsconfigPaths: true },
  build: {
    outDir: fileURLToPath(new URL('../../dist/apps/console', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    // The pure libraries (libs/) have no import-time side effects: a module none of whose exports the console uses
    // is left out (the contracts' barrels would otherwise bring every schema, built at start-up).
    rolldownOptions: { treeshake: { moduleSideEffects: (id: string) => !id.includes('/libs/') } },
  },
  server: { proxy: { '/v1': 'http://127.0.0.1:8080' } },
});
