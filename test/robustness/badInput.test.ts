// Whatever lands in the corpus folder, the server stays up, keeps answering on the seed, and says
// once, clearly, what it could not read. Each test runs its own server over stdio on a temp copy.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DocumentSymbol, Hover, Location } from 'vscode-languageserver-protocol';
import { uriOf, positionAt } from '../protocol/fixtures';
import { assertSeedAnswers, diagnosticsOf, hoverText, logsAbout, ServedCorpus, SEED_TEXT, SEED_MEETINGS, SEED_GB18030, seedIn } from './harness';

describe('bad input: the server stays up and says once what it could not read', function () {
  this.timeout(180000);
  const ctx = new ServedCorpus();
  afterEach(() => ctx.stop());

  it('an empty file and a file of blank lines: one info diagnostic each, no meetings', async () => {
    await ctx.serve({ 'empty.txt': '', 'blank.txt': ' \n\n\u3000\r\n' });
    for (const name of ['empty.txt', 'blank.txt']) {
      const d = diagnosticsOf(ctx.server!.client, path.join(ctx.corpus, name));
      assert.equal(d.length, 1, name);
      assert.match(d[0].message, /empty/);
      assert.deepEqual(await ctx.symbols(path.join(ctx.corpus, name)), []);
    }
    await ctx.stillUp();
  });

  it('a binary file named .txt: one error diagnostic, nothing indexed', async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), Buffer.alloc(4096, 0x07)]);
    await ctx.serve({ 'image.txt': png });
    const d = diagnosticsOf(ctx.server!.client, path.join(ctx.corpus, 'image.txt'));
    assert.equal(d.length, 1);
    assert.equal(d[0].severity, 1);
    assert.match(d[0].message, /not a text file/);
    assert.deepEqual(await ctx.symbols(path.join(ctx.corpus, 'image.txt')), []);
    await ctx.stillUp();
  });

  it('GB18030: read as the same text as the UTF-8 seed, with one info diagnostic', async () => {
    await ctx.serve({ 'gb.txt': fs.readFileSync(SEED_GB18030) });
    const d = diagnosticsOf(ctx.server!.client, path.join(ctx.corpus, 'gb.txt'));
    assert.equal(d.length, 1);
    assert.match(d[0].message, /GB18030/);
    assert.equal((await ctx.symbols(path.join(ctx.corpus, 'gb.txt'))).length, SEED_MEETINGS);
    await ctx.stillUp(2);
  });

  it('UTF-16 LE and BE with BOM: read as the seed, no diagnostic', async () => {
    const le = Buffer.from('\ufeff' + SEED_TEXT, 'utf16le');
    const be = Buffer.from(le).swap16();
    await ctx.serve({ 'le.txt': le, 'be.txt': be });
    for (const name of ['le.txt', 'be.txt']) {
      assert.deepEqual(diagnosticsOf(ctx.server!.client, path.join(ctx.corpus, name)), [], name);
      const s = await ctx.symbols(path.join(ctx.corpus, name));
      assert.equal(s.length, SEED_MEETINGS, name);
      // The BOM is not text: positions are the seed's own.
      assert.deepEqual(s.map((x) => x.selectionRange), (await ctx.symbols(seedIn(ctx.corpus))).map((x) => x.selectionRange));
    }
    await ctx.stillUp(3);
  });

  it('invalid UTF-8 bytes: one warning with the byte offset; the rest of the text is indexed', async () => {
    const bytes = Buffer.from(SEED_TEXT, 'utf8');
    const cut = bytes.indexOf(Buffer.from('\n\n', 'utf8'), 20000);
    const bad = Buffer.concat([bytes.subarray(0, cut), Buffer.from([0xff, 0xc0, 0x80, 0xe4, 0xb8]), bytes.subarray(cut)]);
    await ctx.serve({ 'bad-utf8.txt': bad });
    const d = diagnosticsOf(ctx.server!.client, path.join(ctx.corpus, 'bad-utf8.txt'));
    assert.equal(d.length, 1);
    assert.match(d[0].message, new RegExp(`invalid UTF-8 bytes at byte ${cut}`));
    assert.equal((await ctx.symbols(path.join(ctx.corpus, 'bad-utf8.txt'))).length, SEED_MEETINGS);
    await ctx.stillUp(2);
  });

  it('lone surrogates: UTF-8-encoded (ED A0 80) and in UTF-16 get one warning each', async () => {
    const head = '中共中央政治局常务委员会召开会议 测试\n\n中共中央政治局常务委员会3月9日召开会议。会议强调，';
    const utf8 = Buffer.concat([Buffer.from(head, 'utf8'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('坚持联防联控。\n', 'utf8')]);
    const utf16 = Buffer.from('\ufeff' + head + '\ud800' + '坚持联防联控。\udc00\n', 'utf16le');
    await ctx.serve({ 'surrogate8.txt': utf8, 'surrogate16.txt': utf16 });
    for (const name of ['surrogate8.txt', 'surrogate16.txt']) {
      const d = diagnosticsOf(ctx.server!.client, path.join(ctx.corpus, name));
      assert.equal(d.length, 1, `${name}: ${JSON.stringify(d)}`);
      assert.equal(d[0].severity, 2, name);
      assert.equal((await ctx.symbols(path.join(ctx.corpus, name))).length, 1, name);
    }
    ctx.server!.assertHealthy();
    // Each of the two files adds one mention of 联防联控 to the seed's 24.
    await assertSeedAnswers(ctx.server!.client, ctx.corpus, 26);
  });

  it('lone surrogates in an open document: positions after them stay right', async () => {
    await ctx.serve({});
    const uri = uriOf(path.join(ctx.corpus, 'open-surrogates.txt'));
    const doc = '中共中央政治局常务委员会召开会议 测试\n\n中共中央政治局常务委员会3月9日召开会议。\ud800会议强调，\udc00\udc00坚持联防联控。\n';
    await ctx.server!.client.open(uri, doc);
    const at = doc.indexOf('联防联控');
    const h = await ctx.server!.client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: positionAt(doc, at + 2) });
    assert.ok(hoverText(h).startsWith('**联防联控**'));
    assert.deepEqual(h.range, { start: positionAt(doc, at), end: positionAt(doc, at + 4) });
    ctx.server!.assertHealthy();
    // The open document adds its one mention to the seed's 24.
    await assertSeedAnswers(ctx.server!.client, ctx.corpus, 25);
  });

  it('CRLF and CR line ends: the same outline as LF, line for line', async () => {
    await ctx.serve({ 'crlf.txt': SEED_TEXT.replace(/\n/g, '\r\n'), 'cr.txt': SEED_TEXT.replace(/\n/g, '\r') });
    const lf = await ctx.symbols(seedIn(ctx.corpus));
    // Dates without a year are resolved in ctx.corpus order, so a second copy of the seed lands a year
    // later (2021): compare month and day only.
    const shape = (s: DocumentSymbol[]): unknown => s.map((x) => [x.name, x.detail?.slice(4), x.range.start.line, x.range.end.line, x.selectionRange.start, x.children?.length]);
    for (const name of ['crlf.txt', 'cr.txt']) {
      assert.deepEqual(diagnosticsOf(ctx.server!.client, path.join(ctx.corpus, name)), [], name);
      assert.deepEqual(shape(await ctx.symbols(path.join(ctx.corpus, name))), shape(lf), name);
    }
    // References inside the CR file land on the same lines and characters as in the LF seed.
    const text = SEED_TEXT.replace(/\n/g, '\r');
    const at = positionAt(SEED_TEXT, SEED_TEXT.indexOf('联防联控'));
    const refs = await ctx.server!.client.request<Location[]>('textDocument/references', { textDocument: { uri: uriOf(path.join(ctx.corpus, 'cr.txt')) }, position: at, context: { includeDeclaration: true } });
    const inCr = refs.filter((r) => r.uri.endsWith('/cr.txt')).map((r) => r.range.start);
    const expected: { line: number; character: number }[] = [];
    for (let i = SEED_TEXT.indexOf('联防联控'); i >= 0; i = SEED_TEXT.indexOf('联防联控', i + 1)) expected.push(positionAt(SEED_TEXT, i));
    assert.equal(text.length, SEED_TEXT.length);
    assert.deepEqual(inCr.sort((a, b) => a.line - b.line || a.character - b.character), expected);
    await ctx.stillUp(3);
  });

  it('a symbolic link loop inside the corpus folder: one log line per link, nothing read twice', async () => {
    await ctx.serve({}, (c) => {
      fs.symlinkSync('..', path.join(c, 'up'), 'dir');
      fs.symlinkSync('.', path.join(c, 'self'), 'dir');
      fs.mkdirSync(path.join(c, 'sub'));
      fs.symlinkSync('..', path.join(c, 'sub', 'back'), 'dir');
    });
    for (const link of ['up', 'self', path.join('sub', 'back')]) {
      const lines = logsAbout(ctx.server!.client, path.join(ctx.corpus, link));
      assert.equal(lines.length, 1, `${link}: ${JSON.stringify(ctx.server!.client.logs)}`);
      assert.match(lines[0], /symbolic link loop/);
    }
    await ctx.stillUp(1);
  });

  it('a dangling symbolic link named .txt: one log line', async () => {
    await ctx.serve({}, (c) => fs.symlinkSync(path.join(c, 'gone.txt'), path.join(c, 'dangling.txt')));
    const lines = logsAbout(ctx.server!.client, path.join(ctx.corpus, 'dangling.txt'));
    assert.equal(lines.length, 1);
    assert.match(lines[0], /broken symbolic link/);
    await ctx.stillUp(1);
  });

  it('a file the process cannot read: one error diagnostic', async function () {
    // chmod 000 stops reads only when we are not root. As root, a symbolic link to /proc/self/mem
    // is a regular file by stat whose read fails with EIO in the server's own process.
    let how = '';
    await ctx.serve({}, (c) => {
      const file = path.join(c, 'secret.txt');
      fs.writeFileSync(file, '中共中央政治局召开会议 测试\n');
      fs.chmodSync(file, 0);
      let readable = true;
      try {
        fs.readFileSync(file);
      } catch {
        readable = false;
      }
      if (readable) {
        fs.rmSync(file);
        fs.symlinkSync('/proc/self/mem', file);
        how = '/proc/self/mem (running as root)';
      } else how = 'chmod 000';
    });
    const d = diagnosticsOf(ctx.server!.client, path.join(ctx.corpus, 'secret.txt'));
    assert.equal(d.length, 1, `${how}: ${JSON.stringify(d)}`);
    assert.equal(d[0].severity, 1);
    assert.match(d[0].message, /Could not read this file/);
    this.test!.title += ` [${how}: ${d[0].message}]`;
    await ctx.stillUp(1);
  });

  it('one line of 5 million characters: indexed, the seed answers', async function () {
    const flat = SEED_TEXT.replace(/\s+/g, '');
    const line = flat.repeat(Math.ceil(5e6 / flat.length)).slice(0, 5e6);
    const t0 = Date.now();
    await ctx.serve({ 'oneline.txt': line });
    const ms = Date.now() - t0;
    assert.ok((await ctx.symbols(path.join(ctx.corpus, 'oneline.txt'))).length <= 1);
    ctx.server!.assertHealthy();
    await assertSeedAnswers(ctx.server!.client, ctx.corpus, 24 + line.split('联防联控').length - 1);
    this.test!.title += ` [ready in ${ms} ms]`;
  });

  it('glossaries: a syntax error, 10,000 entries, a one-character term and an empty term', async function () {
    const big = ['version: 1', 'terms:'];
    for (let i = 0; i < 10000; i++) big.push(`  - term: 测试词${i}号`, `    aliases: [测试别名${i}号]`, '    category: concept', `    gloss: test ${i}`, `    zh: 定义${i}。`, `    en: Definition ${i}.`);
    const t0 = Date.now();
    await ctx.serve({
      'broken.glossary.yaml': 'version: 1\nterms:\n  - term: [unclosed\n    zh: 定义\n  - term: 其他: 错\n',
      'big.glossary.yaml': big.join('\n') + '\n',
      'short.glossary.yaml': 'terms:\n  - term: 党\n    zh: 甲\n    en: A\n  - term: ""\n    zh: 乙\n    en: B\n  - term: 六保新\n    category: concept\n    gloss: g\n    zh: 丙\n    en: C\n',
      'uses.txt': '中共中央政治局召开会议 测试词表\n\n中共中央政治局3月9日召开会议。会议强调，测试词9999号和测试别名42号，六保新。\n',
    });
    const ms = Date.now() - t0;
    const broken = diagnosticsOf(ctx.server!.client, path.join(ctx.corpus, 'broken.glossary.yaml'));
    assert.equal(broken.length, 1, JSON.stringify(broken));
    assert.match(broken[0].message, /YAML syntax error/);
    const short = diagnosticsOf(ctx.server!.client, path.join(ctx.corpus, 'short.glossary.yaml'));
    assert.deepEqual(short.map((d) => /one character/.test(d.message) || /empty or missing/.test(d.message)), [true, true], JSON.stringify(short));
    assert.deepEqual(diagnosticsOf(ctx.server!.client, path.join(ctx.corpus, 'big.glossary.yaml')), []);
    const doc = fs.readFileSync(path.join(ctx.corpus, 'uses.txt'), 'utf8');
    const uri = uriOf(path.join(ctx.corpus, 'uses.txt'));
    for (const [needle, head] of [['测试词9999号', '**测试词9999号**'], ['测试别名42号', '**测试词42号**'], ['六保新', '**六保新**']]) {
      const h = await ctx.server!.client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: positionAt(doc, doc.indexOf(needle) + 1) });
      assert.ok(hoverText(h).startsWith(head), `${needle}: ${hoverText(h).slice(0, 60)}`);
    }
    await ctx.stillUp(1);
    this.test!.title += ` [ready in ${ms} ms with 10,000 + bundled entries]`;
  });
});
