import { defineConfig } from 'vitest/config';

// The Maven build passes --outDir ${project.build.outputDirectory}/META-INF/resources so the
// jar carries the UI where Quarkus serves static resources; this default matches it for
// a plain `npm run build`.
export default defineConfig({
  build: {
    outDir: 'target/classes/META-INF/resources',
    emptyOutDir: true,
    target: 'es2022',
    // Cornerstone's codecs are large by nature; they load only with the viewer.
    chunkSizeWarningLimit: 4000,
    reportCompressedSize: true,
  },
  worker: {
    // The DICOM loader decodes in module workers.
    format: 'es',
  },
  optimizeDeps: {
    exclude: ['@cornerstonejs/dicom-image-loader'],
  },
  server: {
    // `npm run dev` talks to a locally running Quarkus server.
    proxy: { '/api': 'http://localhost:8080', '/dicomweb': 'http://localhost:8080', '/fhir': 'http://localhost:8080' },
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
