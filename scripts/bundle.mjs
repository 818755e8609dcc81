// Bundles the client and the server (and the segmentation worker) with esbuild, and puts
// jieba-wasm's .wasm file beside the server bundle, where jieba's loader looks for it.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const production = process.argv.includes('--production');
const { patchJiebaGlue } = require('./patch-jieba-glue.cjs');
// jieba-wasm's Node loader, with the word-measuring hook (see patch-jieba-glue.cjs).
let gluesPatched = 0;
const jiebaGlue = {
  name: 'jieba-glue',
  setup(b) {
    b.onLoad({ filter: /jieba-wasm[\\/]pkg[\\/]nodejs[\\/]jieba_rs_wasm\.js$/ }, async (args) => {
      gluesPatched++;
      return { contents: patchJiebaGlue(await readFile(args.path, 'utf8')), loader: 'js' };
    });
  },
};
const common = { bundle: true, platform: 'node', target: 'node18', format: 'cjs', sourcemap: !production, minify: production, logLevel: 'warning', plugins: [jiebaGlue] };

// server.js is a small entry that loads serverMain.js (the server) with V8's code cache (server/src/boot.ts).
const serverEntries = { server: 'server/src/boot.ts', serverMain: 'server/src/server.ts', cli: 'server/src/cli.ts', segmentWorker: 'server/src/segmentWorker.ts' };
await Promise.all([
  build({ ...common, entryPoints: { extension: path.join(root, 'client/src/extension.ts') }, outdir: path.join(root, 'client/out'), external: ['vscode'] }),
  build({
    ...common,
    entryPoints: Object.fromEntries(Object.entries(serverEntries).filter(([, f]) => existsSync(path.join(root, f))).map(([k, f]) => [k, path.join(root, f)])),
    outdir: path.join(root, 'server/out'),
  }),
]);
// The server bundles load jieba (the client does not): a bundle without the hook would segment slower, unnoticed.
if (gluesPatched === 0) throw new Error("jieba-wasm's Node loader was not bundled through the patch (see scripts/patch-jieba-glue.cjs)");
const wasm = path.join(path.dirname(require.resolve('jieba-wasm')), 'jieba_rs_wasm_bg.wasm');
mkdirSync(path.join(root, 'server/out'), { recursive: true });
copyFileSync(wasm, path.join(root, 'server/out/jieba_rs_wasm_bg.wasm'));
console.log('bundled client/out/extension.js, server/out/*.js and jieba_rs_wasm_bg.wasm');
