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
// No GPU here: WebGL is SwiftShader, and compositing is Chromium's software compositor, as on a GPU-less
// workstation (compositing through SwiftShader GL instead caps even the bare canvas peer near 10-30 frames/s).
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-gpu-compositing', '--no-sandbox'] });
try {
  // The two screens the UI is made for: a 1280x800 laptop and a 1920x1080 reading-room display.
  const runs = [1, 2].flatMap((run) => [[run, 'auto', 1280, 800], [run, 'webgl', 1280, 800], [run, 'auto', 1920, 1080]]);
  for (const [run, path, width, height] of runs) {
    const page = await browser.newPage({ viewport: { width, height } });
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
    page.on('response', (r) => r.status() >= 400 && console.error(`HTTP ${r.status()} ${r.url()}`));
    page.on('console', (m) => (m.type() === 'error' || process.env.BENCH_VERBOSE) && console.error(`console ${m.type()}: ${m.text()}`));
    await page.goto(`http://127.0.0.1:${port}/?slices=${SLICES}&rounds=${ROUNDS}&path=${path}`);
    await page.waitForFunction(() => window.__bench !== undefined, null, { timeout: Number(process.env.BENCH_TIMEOUT_MS ?? 600_000) });
    const r = await page.evaluate(() => window.__bench);
    if (r.error) throw new Error(r.error);
    const chosen = `${path === 'auto' ? 'as shipped, ' : 'forced, '}${r.cpuPath ? 'CPU' : 'WebGL'}`;
    console.log(`run ${run}, ${width}x${height} (${chosen} rendering): first render ${r.firstRenderMs.toFixed(0)} ms; scroll ${r.viewerFps.toFixed(1)} frames/s `
      + `(Cornerstone3D + overlays) vs ${r.peerFps.toFixed(1)} frames/s (plain 2D canvas peer): ratio ${(r.viewerFps / r.peerFps).toFixed(2)}`);
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
}
