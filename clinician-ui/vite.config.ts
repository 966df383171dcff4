import { defineConfig } from 'vitest/config';

// The Maven build passes --outDir ${project.build.outputDirectory}/META-INF/resources so the
// jar carries the UI where Quarkus serves static resources; this default matches it for
// a plain `npm run build`.
export default defineConfig({
  build: {
    outDir: 'target/classes/META-INF/resources',
    emptyOutDir: true,
  },
  server: {
    // `npm run dev` talks to a locally running Quarkus server.
    proxy: { '/api': 'http://localhost:8080' },
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
