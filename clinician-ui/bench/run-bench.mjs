// Builds the benchmark page, writes synthetic DICOM slices, serves both on 127.0.0.1 and runs the
// page in the Debian headless Chromium through playwright-core. Usage: npm run bench
import { mkdirSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { join, extname, resolve } from 'node:path';
import { build } from 'vite';
import { chromium } from 'playwright-core';
import { part10 } from './part10.mjs';

const SLICES = 40;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const out = resolve('target/bench');
await build({ configFile: false, root: resolve('bench'), logLevel: 'warn', base: './', worker: { format: 'es' },
  optimizeDeps: { exclude: ['@cornerstonejs/dicom-image-loader'] },
  build: { outDir: out, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 8000 } });
mkdirSync(join(out, 'data'), { recursive: true });
for (let k = 0; k < SLICES; k++) {
  writeFileSync(join(out, 'data', `slice-${String(k + 1).padStart(3, '0')}.dcm`), part10(k, '1.2.826.0.1.3680043.10.1011.2', '1.2.826.0.1.3680043.10.1011.2.1'));
}
const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.dcm': 'application/dicom', '.css': 'text/css' };
const server = createServer((req, res) => {
  const path = join(out, decodeURIComponent(new URL(req.url, 'http://x').pathname));
  if (!path.startsWith(out) || !existsSync(path) || path.endsWith('/')) {
    const index = join(out, 'index.html');
    res.writeHead(path.endsWith('/') ? 200 : 404, { 'Content-Type': 'text/html' });
    res.end(path.endsWith('/') ? readFileSync(index) : '');
    return;
  }
  res.writeHead(200, { 'Content-Type': types[extname(path)] ?? 'application/octet-stream' });
  res.end(readFileSync(path));
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const port = server.address().port;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--no-sandbox'] });
try {
  for (const [run, cpu] of [[1, 0], [1, 1], [2, 0], [2, 1]]) {
    const page = await browser.newPage({ viewport: { width: 1100, height: 600 } });
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
    page.on('response', (r) => r.status() >= 400 && console.error(`HTTP ${r.status()} ${r.url()}`));
    page.on('console', (m) => (m.type() === 'error' || process.env.BENCH_VERBOSE) && console.error(`console ${m.type()}: ${m.text()}`));
    await page.goto(`http://127.0.0.1:${port}/?slices=${SLICES}&rounds=${ROUNDS}&cpu=${cpu}`);
    await page.waitForFunction(() => window.__bench !== undefined, null, { timeout: Number(process.env.BENCH_TIMEOUT_MS ?? 600_000) });
    const r = await page.evaluate(() => window.__bench);
    if (r.error) throw new Error(r.error);
    console.log(`run ${run} (${cpu ? 'CPU' : 'WebGL'} rendering): first render ${r.firstRenderMs.toFixed(0)} ms; scroll ${r.viewerFps.toFixed(1)} frames/s `
      + `(Cornerstone3D + overlays) vs ${r.peerFps.toFixed(1)} frames/s (plain 2D canvas peer): ratio ${(r.viewerFps / r.peerFps).toFixed(2)}`);
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
}
