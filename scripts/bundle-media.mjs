// Bundles the webview scripts (media-src/*.ts, Chart.js included) into media/dist/ for the browser.
// The webviews load nothing else: no CDN, no remote fonts (their Content-Security-Policy forbids it).
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const production = process.argv.includes('--production');
await build({
  entryPoints: ['concordance', 'trend', 'distinctive', 'compare'].map((n) => path.join(root, 'media-src', `${n}.ts`)),
  outdir: path.join(root, 'media', 'dist'),
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: 'es2020',
  minify: production,
  sourcemap: production ? false : 'inline',
  legalComments: 'eof',
  logLevel: 'warning',
});
console.log('bundled media/dist/{concordance,trend,distinctive,compare}.js');
