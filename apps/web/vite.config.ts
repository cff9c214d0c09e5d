import { defineConfig, loadEnv } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig(({ mode }) => {
  // PARLEY_API_URL (environment or .env file) overrides where `/api` is forwarded in dev/preview.
  const env = loadEnv(mode, '.', 'PARLEY_');
  const apiTarget = env.PARLEY_API_URL ?? 'http://127.0.0.1:8080';
  const proxy = { '/api': { target: apiTarget } };

  return {
    plugins: [react()],
    build: {
      outDir: 'dist',
      emptyOutDir: true,
      sourcemap: true,
      // The call chunk is loaded only on join and is mostly livekit-client (~450 kB minified).
      chunkSizeWarningLimit: 700,
    },
    server: { host: '127.0.0.1', proxy },
    preview: { host: '127.0.0.1', proxy },
  };
});
