import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeBytes } from '../../server/src/core/decode';
import { textOf } from '../../server/src/core/model';
import { readCorpusText } from '../../server/src/core/reader';
import * as os from 'node:os';
import { DEFAULT_SETTINGS, readCorpusFile } from '../../server/src/workspaceFiles';
import { hashText } from '../../server/src/checksum';

function findRepoRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return process.cwd();
  }
}
const ROOT = findRepoRoot();
const seed = fs.readFileSync(path.join(ROOT, 'corpus', '000_0e5442cdf73d87c8.txt'), 'utf8');

function utf16(text: string, bigEndian: boolean): Uint8Array {
  const out = new Uint8Array(2 + text.length * 2);
  out[0] = bigEndian ? 0xfe : 0xff;
  out[1] = bigEndian ? 0xff : 0xfe;
  for (let i = 0; i < text.length; i++) {
    const u = text.charCodeAt(i);
    out[2 + 2 * i + (bigEndian ? 0 : 1)] = u >> 8;
    out[2 + 2 * i + (bigEndian ? 1 : 0)] = u & 0xff;
  }
  return out;
}

const concat = (...parts: ArrayLike<number>[]): Uint8Array => Uint8Array.from(parts.flatMap((p) => Array.from(p)));

describe('decodeBytes', () => {
  const utf8 = new TextEncoder().encode(seed);
  // GB18030 bytes of the seed, made once with `iconv -f utf-8 -t gb18030` (Node has no encoder).
  const gbSeed = fs.readFileSync(path.join(ROOT, 'test', 'unit', 'fixtures', 'seed.gb18030.txt'));

  const table: { name: string; bytes: Uint8Array; encoding: string; text: string }[] = [
    { name: 'UTF-8', bytes: utf8, encoding: 'utf-8', text: seed },
    { name: 'UTF-8 with BOM', bytes: concat([0xef, 0xbb, 0xbf], utf8), encoding: 'utf-8-bom', text: seed },
    { name: 'UTF-16LE with BOM', bytes: utf16(seed, false), encoding: 'utf-16le', text: seed },
    { name: 'UTF-16BE with BOM', bytes: utf16(seed, true), encoding: 'utf-16be', text: seed },
    { name: 'UTF-16BE surrogate pair', bytes: utf16('𠀀中', true), encoding: 'utf-16be', text: '𠀀中' },
    { name: 'GB18030 seed (iconv fixture)', bytes: gbSeed, encoding: 'gb18030', text: seed },
    // 中文 in GBK is D6 D0 CE C4; U+20000 𠀀 is the four-byte GB18030 sequence 95 32 82 36.
    { name: 'GBK two-byte and GB18030 four-byte', bytes: Uint8Array.from([0xd6, 0xd0, 0xce, 0xc4, 0x95, 0x32, 0x82, 0x36, 0x0a]), encoding: 'gb18030', text: '中文𠀀\n' },
    { name: 'empty', bytes: new Uint8Array(0), encoding: 'utf-8', text: '' },
  ];
  for (const c of table) {
    it(`decodes ${c.name}`, () => {
      const d = decodeBytes(c.bytes);
      assert.equal(d.encoding, c.encoding);
      assert.equal(d.binary, false);
      assert.equal(d.text, c.text);
      assert.ok(d.problems.every((p) => p.severity !== 'error'));
    });
  }

  it('every encoding of the seed reads as the same twelve meetings', () => {
    const expected = readCorpusText(seed).meetings.map((m) => m.title);
    for (const c of table.filter((t) => t.text === seed)) {
      assert.deepEqual(readCorpusText(decodeBytes(c.bytes).text).meetings.map((m) => m.title), expected, c.name);
    }
  });

  it('invalid UTF-8 that is not Chinese either: replacement characters and a warning with the byte offset', () => {
    const bytes = concat(new TextEncoder().encode('abc中'), [0xff, 0xfe, 0x41], new TextEncoder().encode('文'));
    const d = decodeBytes(bytes);
    assert.equal(d.encoding, 'utf-8');
    assert.equal(d.binary, false);
    assert.ok(d.text.startsWith('abc中\ufffd'));
    assert.ok(d.text.endsWith('A文'));
    assert.equal(d.problems.length, 1);
    assert.equal(d.problems[0].severity, 'warning');
    assert.equal(d.problems[0].message, 'invalid UTF-8 bytes at byte 6, shown as \ufffd');
  });

  it('a truncated UTF-8 sequence at the end is reported at its first byte', () => {
    const d = decodeBytes(concat(new TextEncoder().encode('中文'), [0xe4, 0xb8]));
    assert.match(d.problems[0].message, /at byte 6/);
  });

  it('strict UTF-8 is what a strict decoder of the whole buffer accepts, to the same text', () => {
    // Han, Latin, astral (𠮷), line breaks and the bytes that make UTF-8 invalid or cut off.
    const piece = fc.oneof(fc.constantFrom('会议', '四个意识', '𠮷', 'abc', '\r\n', '\n', '，', ' '), fc.constantFrom([0xe4], [0xe4, 0xb8], [0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf0, 0x9f]));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (parts) => {
        const bytes = concat(...parts.map((p) => (typeof p === 'string' ? new TextEncoder().encode(p) : p)));
        let whole: string | undefined;
        try {
          whole = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
        } catch {
          whole = undefined;
        }
        const d = decodeBytes(bytes);
        const strict = d.encoding === 'utf-8' && d.problems.length === 0;
        assert.equal(strict, whole !== undefined, `strict UTF-8: ${Array.from(bytes).join(',')}`);
        if (whole !== undefined) assert.equal(d.text, whole);
      }),
      { numRuns: 2000 },
    );
  });

  it('binary files: NUL bytes or many control bytes', () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    const controls = Uint8Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? 0x01 : 0x41));
    for (const bytes of [png, controls]) {
      const d = decodeBytes(bytes);
      assert.equal(d.binary, true);
      assert.equal(d.text, '');
      assert.equal(d.problems[0].severity, 'error');
      assert.match(d.problems[0].message, /^not a text file: /);
    }
  });

  it('UTF-16 with an odd byte count drops the last byte and warns', () => {
    const d = decodeBytes(concat(utf16('中文', false), [0x41]));
    assert.equal(d.text, '中文');
    assert.equal(d.problems[0].severity, 'warning');
  });
});

describe('reading corpus files', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'read-corpus-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, bytes: Buffer) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, bytes);
    return file;
  };

  it('the hash taken from the bytes of a UTF-8 file is the hash of its text; other encodings get none', async () => {
    const text = '会议强调，要增强“四个意识”𠮷。\n第二行\r\n';
    const plain = await readCorpusFile(write('plain.txt', Buffer.from(text, 'utf8')), DEFAULT_SETTINGS, { hash: true });
    assert.equal(plain.text, text);
    assert.equal(plain.textHash, hashText(text));
    const bom = await readCorpusFile(write('bom.txt', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')])), DEFAULT_SETTINGS, { hash: true });
    assert.equal(bom.text, text);
    assert.equal(bom.textHash, undefined);
    const utf16 = await readCorpusFile(write('utf16.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])), DEFAULT_SETTINGS, { hash: true });
    assert.equal(utf16.text, text);
    assert.equal(utf16.textHash, undefined);
    assert.equal((await readCorpusFile(path.join(dir, 'plain.txt'), DEFAULT_SETTINGS)).textHash, undefined, 'no hash unless asked');
  });

  it('a file whose bytes are the expected text comes as those bytes, decoded to exactly that text; any other file is decoded as usual', async () => {
    const text = '会议强调，要增强“四个意识”𠮷。\n第二行\r\n';
    const expect = { textHash: hashText(text), textLength: text.length };
    // Two in a row through the one read buffer: the first keeps its own bytes.
    const a = await readCorpusFile(write('same.txt', Buffer.from(text, 'utf8')), DEFAULT_SETTINGS, { hash: true, unchangedIf: expect });
    await readCorpusFile(write('other.txt', Buffer.from('另一个文件的内容'.repeat(20), 'utf8')), DEFAULT_SETTINGS, { hash: true, unchangedIf: expect });
    assert.equal(typeof a.text, 'object');
    assert.equal(a.text.length, text.length);
    assert.equal(a.textHash, expect.textHash);
    assert.equal(textOf(a.text), text);
    // Changed, or the same text behind a byte-order mark, or bytes that read as binary: decoded, as without the option.
    const changed = await readCorpusFile(write('changed.txt', Buffer.from(text + '尾', 'utf8')), DEFAULT_SETTINGS, { hash: true, unchangedIf: expect });
    assert.equal(changed.text, text + '尾');
    const bomText = '\ufeff' + text;
    const bom = await readCorpusFile(write('bom2.txt', Buffer.from(bomText, 'utf8')), DEFAULT_SETTINGS, { hash: true, unchangedIf: { textHash: hashText(bomText), textLength: bomText.length } });
    assert.equal(bom.text, text);
    const nul = 'a\u0000b';
    const binary = await readCorpusFile(write('nul.txt', Buffer.from(nul, 'utf8')), DEFAULT_SETTINGS, { hash: true, unchangedIf: { textHash: hashText(nul), textLength: nul.length } });
    assert.equal(binary.text, '');
    assert.equal(binary.problems[0].severity, 'error');
  });

  it('a large file is decoded a megabyte at a time, pausing between, to the text of one decode; invalid bytes get the same warning', async () => {
    // Three-byte characters: the megabyte boundaries fall inside characters; 𠮷 is four bytes.
    const text = '会议强调𠮷，要增强“四个意识”。\n'.repeat(130_000);
    const bytes = Buffer.from(text, 'utf8');
    assert.ok(bytes.length > 5 * 1024 * 1024);
    let pauses = 0;
    const pause = async () => {
      pauses++;
    };
    const r = await readCorpusFile(write('large.txt', bytes), DEFAULT_SETTINGS, { pause });
    assert.ok(pauses >= 5, `${pauses} pauses`);
    assert.equal(r.text, text);
    assert.equal(r.encoding, 'utf-8');
    assert.deepEqual(r.problems, []);
    const broken = Buffer.concat([bytes, Buffer.from([0xff]), bytes.subarray(0, 30)]);
    const b = await readCorpusFile(write('broken.txt', broken), DEFAULT_SETTINGS, { pause });
    assert.deepEqual(b, { ...(await readCorpusFile(path.join(dir, 'broken.txt'), DEFAULT_SETTINGS)), textHash: undefined });
    assert.equal(b.problems[0].severity, 'warning');
  });

  it('files read one after another through the one read buffer keep their own texts', async () => {
    const long = '长'.repeat(50_000);
    const files = [write('a.txt', Buffer.from(long, 'utf8')), write('b.txt', Buffer.from('短', 'utf8')), write('c.txt', Buffer.from(long + '尾', 'utf8'))];
    const read = await Promise.all(files.map((f) => readCorpusFile(f, DEFAULT_SETTINGS)));
    assert.deepEqual(read.map((r) => r.text.length), [50_000, 1, 50_001]);
    assert.equal(read[0].text, long);
  });
});
