// A segmentation worker: its own jieba-wasm, the dictionary words the pool sends (always before
// the texts that need them: messages arrive in order), texts in, token arrays out (transferred).

import { constants, getPriority, setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { captureJiebaImage, JiebaSegmenter, loadJiebaModule, restoreJiebaImage, TokenArrays } from './core/segmenter';
import { parseGlossary } from './core/glossary';
import { analyzeTokens, placeSegmented, WordInterner } from './core/corpusIndex';
import { FromWorker, ToWorker, WorkerStart } from './segmenterPool';
import { encodeEntry } from './indexCache';
import { restoreJiebaFromFile } from './jiebaImageFile';
import { cutBatch } from './segmentBatch';
import { whitespaceTokens } from './core/text/presegmented';

if ((workerData as { role?: string } | undefined)?.role === 'glossary') {
  // A glossary parser (no jieba): the YAML parse of a large glossary is one ~100 ms call, which
  // here keeps off the server thread. The result is plain data (structured clone).
  parentPort?.on('message', (m: { text: string; path: string }) => {
    try {
      parentPort!.postMessage({ ok: true, file: parseGlossary(m.text, m.path) });
    } catch (e) {
      parentPort!.postMessage({ ok: false, message: String((e as Error)?.message ?? e) });
    }
  });
} else startSegmenter();

/**
 * Segmentation is bulk background work: below the server thread's priority, a request (or the
 * editor itself) gets a core at once instead of sharing it with a busy worker. On Linux a nice
 * value is per thread, so this lowers this worker's thread only; elsewhere it would lower the
 * whole server, so it is left alone.
 */
function yieldCpuToRequests(): void {
  if (process.platform !== 'linux') return;
  try {
    // Relative to the server's own (inherited) value, 0 unless the server itself was started niced.
    setPriority(Math.min(constants.priority.PRIORITY_LOW, getPriority() + 10));
  } catch {
    // Not permitted (a sandbox): the worker runs at normal priority.
  }
}

function startSegmenter(): void {
  yieldCpuToRequests();
  const segmenter = new JiebaSegmenter();
  const vocabulary = new WordInterner();
  let sent = 0;
  // Texts are taken in batches (see segmentBatch.ts): those that have arrived are cut together.
  let batch: Extract<ToWorker, { type: 'segment' }>[] = [];
  let scheduled = false;
  /** jieba failed on a text: its state is unknown, so this worker cuts nothing more (the pool replaces it). */
  let broken = false;
  const data = workerData as WorkerStart | undefined;
  if (data?.awaitImage) {
    // jieba starts as the pool says (from a copy of a built dictionary, or by building one);
    // messages that come first (words, texts) wait for it, in order.
    const early: ToWorker[] = [];
    let started = false;
    parentPort?.on('message', (m: ToWorker) => {
      if (started) return handle(m);
      if (m.type !== 'image') return void early.push(m);
      const copy = m.image !== undefined || m.file !== undefined;
      if (copy && !(m.file ? restoreJiebaFromFile(m.file.path, m.file.key) : restoreJiebaImage(m.image!))) {
        // This jieba is now in an unknown state: the pool replaces this worker by a fresh one.
        parentPort!.postMessage({ type: 'image-rejected' } satisfies FromWorker);
        return;
      }
      started = true;
      if (!copy) {
        segmenter.segment('预热');
        // Before any word is added: the copy is the default dictionary, which every worker then extends alike.
        if (m.share) parentPort!.postMessage({ type: 'image', image: captureJiebaImage() } satisfies FromWorker);
      }
      parentPort!.postMessage({ type: 'image-applied', restored: copy } satisfies FromWorker);
      for (const e of early.splice(0)) handle(e);
    });
    // The wasm module compiles while the copy is on its way.
    loadJiebaModule();
    return;
  }
  // jieba builds its default dictionary on first use (~0.3 s): do it now, while the server thread
  // is still discovering files and parsing the glossary, not when the first words arrive.
  segmenter.segment('预热');
  parentPort?.on('message', handle);

  function handle(m: ToWorker): void {
    if (m.type === 'image') return;
    if (m.type === 'words') {
      // Texts sent before these words are cut without them, as they would have been one by one.
      runBatch();
      segmenter.addWords(m.words);
      return;
    }
    batch.push(m);
    if (!scheduled) {
      scheduled = true;
      // After the messages already queued have been delivered: they join this batch.
      setImmediate(runBatch);
    }
  }

  function runBatch(): void {
    scheduled = false;
    if (batch.length === 0 || broken) return;
    const jobs = batch;
    batch = [];
    // The same path as the server thread's: pieces of at most MAX_PIECE characters.
    // Text already segmented with spaces keeps its writer's words.
    broken = !cutBatch(jobs, (text, job) => (job.presegmented ? whitespaceTokens(text) : segmenter.segment(text)), reply, (m, e) => {
      parentPort!.postMessage({ type: 'failed', id: m.id, message: String((e as Error)?.message ?? e) } satisfies FromWorker);
    });
  }

  function reply(m: Extract<ToWorker, { type: 'segment' }>, tokens: TokenArrays): void {
    // Words are numbered by this worker's vocabulary: each distinct word crosses once, later
    // files send its number, and the pool hands the index the same string objects (hashed once).
    const result = analyzeTokens(m.text, tokens, vocabulary);
    // The cache entry is encoded here, off the server thread, which only writes it.
    const entry = m.encode ? new Uint8Array(encodeEntry(result, m.text)) : undefined;
    // A part of a long text: placed here, side by side with the other parts, not on the server thread.
    placeSegmented(result, m.offset ?? 0);
    const fileWords = result.ids;
    const newWords = vocabulary.words.slice(sent);
    sent = vocabulary.words.length;
    const message: FromWorker = { type: 'segmented', id: m.id, tokens: result.tokens, wordOfToken: result.wordOfToken, fileWords, newWords, candidates: result.candidates, entry };
    const transfer = [result.tokens.starts.buffer, result.tokens.ends.buffer, result.wordOfToken.buffer, fileWords.buffer];
    if (entry) transfer.push(entry.buffer);
    parentPort!.postMessage(message, transfer as ArrayBuffer[]);
  }
}
