// A second real client: Neovim, headless, drives the server as a Neovim user would (see client.lua).
// The seed is open before the server starts, so this also proves the start-up race is gone for
// an editor that opens its file first and names its language `text`.

import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO, SERVER } from '../protocol/lspClient';
import { SEED, seedText, positionAt, tempCorpus } from '../protocol/fixtures';

/** Neovim from Debian: installed on first use where we are root (as the e2e suite installs Chromium), else the command to run. */
function neovim(): string {
  const found = () => spawnSync('sh', ['-c', 'command -v nvim'], { encoding: 'utf8' }).stdout.trim();
  if (found()) return found();
  if (process.getuid?.() === 0) {
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    spawnSync('apt-get', ['install', '-y', '-qq', 'neovim'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  }
  const nvim = found();
  if (!nvim) throw new Error('Neovim not found; run: apt-get update && apt-get install -y neovim');
  return nvim;
}

interface NeovimResult {
  error?: string;
  indexed: boolean;
  filetype: string;
  status: { files: number; meetings: number; phase: string };
  hover: { contents: { kind: string; value: string } } | null;
  symbols: { name: string }[];
  references: unknown[];
  definitionCursor: { line: number; byte: number };
}

/** The byte column of a UTF-16 position's character in its line (Neovim's cursor counts bytes). */
function byteColumn(text: string, offset: number): { line: number; byte: number } {
  const p = positionAt(text, offset);
  const lineStart = offset - p.character;
  return { line: p.line, byte: Buffer.byteLength(text.slice(lineStart, offset), 'utf8') };
}

function runNeovim(root: string, file: string, requests: Record<string, unknown>): Promise<NeovimResult> {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'corpus-study-nvim-')), 'result.json');
  const env = {
    ...process.env,
    CORPUS_ROOT: root,
    CORPUS_SERVER: SERVER,
    CORPUS_REQUESTS: JSON.stringify({ file, ...requests }),
    CORPUS_RESULT: out,
    // A Neovim of its own: no user configuration, state or shada.
    XDG_CONFIG_HOME: path.dirname(out),
    XDG_DATA_HOME: path.dirname(out),
    XDG_STATE_HOME: path.dirname(out),
  };
  const script = path.join(REPO, 'test', 'neovim', 'client.lua');
  const child = spawn(neovim(), ['--headless', '--clean', '-n', '-i', 'NONE', '-c', `luafile ${script}`], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`Neovim did not finish in 150 s: ${stderr}`));
    }, 150000);
    child.on('exit', () => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(fs.readFileSync(out, 'utf8')) as NeovimResult);
      } catch (e) {
        reject(new Error(`Neovim wrote no result (${String(e)}): ${stderr}`));
      }
    });
  });
}

describe('Neovim as the client (headless, the seed open at start)', function () {
  this.timeout(180000);
  const text = seedText();
  let root: string;
  let result: NeovimResult;
  // The standalone mention of 联防联控 in the 12 February meeting (its first is in the 25 January one).
  const later = text.indexOf('联防联控、群防群控', text.indexOf('分析新冠肺炎疫情形势研究加强防控工作'));
  const first = text.indexOf('联防联控');

  before(async () => {
    root = tempCorpus();
    result = await runNeovim(root, path.join(root, 'corpus', path.basename(SEED)), {
      hover: positionAt(text, text.indexOf('四个意识') + 1),
      references: positionAt(text, first + 1),
      definition: byteColumn(text, later + 1),
    });
    assert.equal(result.error, undefined, result.error);
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('sees the indexing end and the whole corpus indexed', () => {
    assert.equal(result.indexed, true);
    assert.equal(result.status.files, 1);
    assert.equal(result.status.meetings, 12);
    assert.equal(result.status.phase, 'ready');
  });

  it('hovers on 四个意识: its definition with its four parts', () => {
    const value = result.hover?.contents.value ?? '';
    assert.match(value, /^\*\*四个意识\*\*/);
    for (const part of ['政治意识', '大局意识', '核心意识', '看齐意识']) assert.ok(value.includes(part), part);
  });

  it('lists the 12 meetings as document symbols', () => {
    assert.equal(result.symbols.length, 12);
  });

  it('goes to the first mention of 联防联控 with its own definition handler', () => {
    assert.ok(later > first);
    assert.deepEqual(result.definitionCursor, byteColumn(text, first));
  });

  it('finds the 24 references of 联防联控', () => {
    assert.equal(result.references.length, 24);
  });

  it('with locale zh-cn (set in before_init), the hover labels are Chinese', async () => {
    const zh = await runNeovim(root, path.join(root, 'corpus', path.basename(SEED)), {
      hover: positionAt(text, text.indexOf('四个意识') + 1),
      references: positionAt(text, first + 1),
      definition: byteColumn(text, later + 1),
      locale: 'zh-cn',
    });
    assert.equal(zh.error, undefined, zh.error);
    const value = zh.hover?.contents.value ?? '';
    assert.match(value, /^\*\*四个意识\*\* · \*数字概括提法\*/);
    assert.match(value, /首次出现：/);
  });
});
