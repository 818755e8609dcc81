// Segmentation in worker threads: each worker loads its own jieba-wasm and gets the same
// dictionary words, in the same order, before any text. Results come back as transferred
// typed arrays. When workers cannot start (no worker script next to this module, a sandbox
// without threads), the pool segments in this thread with the segmenter it was given.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { JiebaImage, partStarts, Segmenter, TokenArrays } from './core/segmenter';
import { runUntil } from './core/steps';
import { whitespaceTokens } from './core/text/presegmented';
import { imageFileName, jiebaBuildKey, pruneJiebaImages, writeJiebaImage } from './jiebaImageFile';
import { analyzeTokens, joinSegmentedSteps, placeSegmented, SegmentedText } from './core/corpusIndex';
import type { GlossaryFile } from './core/glossary';
import { yieldToRequests } from './yieldToRequests';

/** Messages to a worker. */
export type ToWorker =
  | { type: 'words'; words: string[] }
  /** `offset`: where this part begins in the whole text; the reply is placed there (`placeSegmented`). */
  | { type: 'segment'; id: number; text: string; encode?: boolean; offset?: number; presegmented?: boolean }
  /**
   * How to start jieba: from this copy of a built dictionary, or (none) by building it; with
   * `share`, then send a copy of the built state back.
   */
  | { type: 'image'; image?: JiebaImage; share?: boolean; file?: { path: string; key: string } };
/** How a segmentation worker starts its jieba (workerData). */
export interface WorkerStart {
  /** Wait for an `image` message before starting jieba (otherwise it builds its dictionary at once). */
  awaitImage?: boolean;
}
/** Messages from a worker. */
export type FromWorker =
  | {
      type: 'segmented';
      id: number;
      tokens: TokenArrays;
      wordOfToken: Uint32Array;
      /** The file's distinct words as numbers in the worker's vocabulary. */
      fileWords: Uint32Array;
      /** Words new to the worker's vocabulary, numbered on from the ones it sent before. */
      newWords: string[];
      candidates: SegmentedText['candidates'];
      /** The encoded cache entry, when asked for. */
      entry?: Uint8Array;
    }
  | { type: 'failed'; id: number; message: string }
  | { type: 'image'; image?: JiebaImage }
  | { type: 'image-rejected' }
  /** A waiting worker started: from the copy, or (none came) by building its own. */
  | { type: 'image-applied'; restored: boolean };

/** Moved to the core segmenter (the one segmentation path); re-exported for existing callers. */
export { cutToUtf16 } from './core/segmenter';

export interface PoolOptions {
  /** Number of worker threads; 0 segments in this thread. Default: see `defaultPoolSize`. */
  size?: number;
  /** The worker script; default `segmentWorker.js` beside this module. */
  workerScript?: string;
  /**
   * Workers end after this long without work (each holds a jieba dictionary, ~110 MB); the next
   * text starts one worker again. Default: never.
   */
  idleCloseMs?: number;
  /** Folder where jieba's built dictionary is kept between runs (global storage); none, not kept. */
  imageDir?: string;
}

/**
 * On 2 cores, two workers beat one worker plus the main thread: the main thread's share
 * (reading, matching, storing) is small and interleaves with the workers' segmenting.
 */
export function defaultPoolSize(): number {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, Math.min(cores, 8));
}

/**
 * Texts a worker holds at most: a worker takes every text it holds as one batch (jieba cuts them
 * all, then each is analyzed: see segmentWorker.ts), so while many texts wait, each worker gets up
 * to IN_FLIGHT_MAX at a time; as the queue runs short, fewer, down to IN_FLIGHT, so the last texts
 * still spread over every worker.
 */
const IN_FLIGHT = 2;
const IN_FLIGHT_MAX = 16;
/** Texts at least this long (UTF-16 units) are segmented in parts, one per worker. */
const SPLIT_MIN = 1 << 19;
/** How long the server thread joins a long text's parts before letting requests in. */
const JOIN_SLICE_MS = 8;
/** Workers replaced after a jieba failure before the pool stops using workers. */
const MAX_RECYCLED = 8;
// CORPUS_STUDY_WORKER_YOUNG_MB: for measuring only (the benchmark); not a user setting.
const WORKER_YOUNG_MB = Number(process.env.CORPUS_STUDY_WORKER_YOUNG_MB) || 4;

interface Job {
  id: number;
  text: string;
  encode: boolean;
  /** Where the text begins in the whole one it is a part of (0: it is whole). */
  offset: number;
  /** Already segmented with spaces (`ParsedFile.presegmented`): its words are taken as written, not cut by jieba. */
  presegmented: boolean;
  resolve: (r: SegmentedText) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  jobs: Map<number, Job>;
  /** Mirror of the worker's vocabulary (its words in the order it numbered them). */
  vocabulary: string[];
}

export class SegmenterPool {
  private readonly slots: Slot[] = [];
  private readonly words: string[] = [];
  private readonly wordSet = new Set<string>();
  private readonly queue: Job[] = [];
  private nextId = 1;
  private failed = false;
  private recycled = 0;
  private started = false;
  private size: number;
  private readonly configuredSize: number;
  private readonly script: string;
  private readonly idleCloseMs?: number;
  private idleTimer?: NodeJS.Timeout;
  /** Workers that started from a copy of jieba's built dictionary (for tests and status). */
  workersFromImage = 0;
  /** Whether the last copy handed out came from the image on disk. */
  imageFromDisk = false;
  private pruned = false;
  /** Workers waiting for a copy of jieba's built dictionary. */
  private awaitingImage: Slot[] = [];
  private readonly imageDir?: string;
  private imageKey?: string | null;
  private imageWrite?: Promise<void>;

  constructor(
    /** Used when no worker runs: the same jieba wrapper the index uses for open documents. */
    private readonly fallback: Segmenter,
    options: PoolOptions = {},
  ) {
    this.size = this.configuredSize = options.size ?? defaultPoolSize();
    this.idleCloseMs = options.idleCloseMs;
    this.imageDir = options.imageDir;
    this.script = options.workerScript ?? path.join(__dirname, 'segmentWorker.js');
    if (this.size <= 0 || !fs.existsSync(this.script)) this.failed = true;
  }

  /**
   * Workers start with the first text, not before: each loads jieba and its dictionary (a few
   * hundred ms of CPU), which a start served entirely from the cache never needs.
   */
  private startWorkers(): void {
    if (this.started || this.failed) return;
    this.started = true;
    try {
      // Workers start jieba from a copy of its built dictionary (building it is the bulk of a
      // worker's start-up): the copy on disk when there is a good one, else one worker builds it
      // and shares it, instead of all of them building it at once on the same cores.
      for (let i = 0; i < this.size; i++) this.slots.push(this.spawn(this.script, { awaitImage: true }));
      this.awaitingImage = [...this.slots];
      void this.provideImage();
    } catch {
      this.abandonWorkers();
    }
  }

  /**
   * Starts the workers now, before any text: their jieba start-up (wasm and default dictionary)
   * then overlaps the server's discovery and glossary parsing. For a start that will segment.
   */
  prestart(): void {
    this.startWorkers();
    this.scheduleIdleClose();
  }

  /** Ends the workers now if they have nothing to do (after bulk indexing); the next text starts one again. */
  closeIdle(): void {
    if (this.idleCloseMs === undefined) return;
    this.scheduleIdleClose(0);
  }

  /** Worker threads in use or to be used (0: segmenting in this thread). */
  get threads(): number {
    return this.failed ? 0 : this.configuredSize;
  }

  /** Ends idle workers after `idleCloseMs`; restarted ones are a single worker (edits, changed files). */
  private scheduleIdleClose(delay = this.idleCloseMs): void {
    if (this.idleCloseMs === undefined || this.failed || !this.started) return;
    if (this.queue.length > 0 || this.slots.some((s) => s.jobs.size > 0)) return;
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      if (this.failed || this.queue.length > 0 || this.slots.some((s) => s.jobs.size > 0)) return;
      const slots = this.slots.splice(0);
      this.started = false;
      this.size = 1;
      for (const s of slots) {
        s.worker.removeAllListeners('exit');
        s.worker.removeAllListeners('error');
        s.worker.on('error', () => undefined);
        void s.worker.terminate().catch(() => undefined);
      }
    }, delay);
    this.idleTimer.unref();
  }

  private imageFile(): { file: string; key: string } | undefined {
    if (!this.imageDir) return undefined;
    if (this.imageKey === undefined) this.imageKey = jiebaBuildKey(this.script) ?? null;
    return this.imageKey ? { file: imageFileName(this.imageDir, this.imageKey), key: this.imageKey } : undefined;
  }

  /**
   * The image on disk for every waiting worker (each reads it straight into its own jieba), else
   * the first builds and shares one (kept on disk for next time).
   */
  private async provideImage(): Promise<void> {
    const disk = this.imageFile();
    if (disk && (await fs.promises.stat(disk.file).then((st) => st.isFile(), () => false))) {
      this.imageFromDisk = true;
      for (const s of this.awaitingImage.splice(0)) s.worker.postMessage({ type: 'image', file: { path: disk.file, key: disk.key } } satisfies ToWorker);
      // Once per server: what an earlier extension build or an interrupted write left beside it.
      if (!this.pruned) {
        this.pruned = true;
        void pruneJiebaImages(disk.file);
      }
      return;
    }
    this.imageFromDisk = false;
    const builder = this.awaitingImage.shift();
    builder?.worker.postMessage({ type: 'image', share: this.awaitingImage.length > 0 || disk !== undefined } satisfies ToWorker);
  }

  /** Hands a jieba copy (or undefined: build your own) to the workers waiting for one. */
  private shareImage(image: JiebaImage | undefined): void {
    for (const s of this.awaitingImage.splice(0)) s.worker.postMessage({ type: 'image', image } satisfies ToWorker);
  }

  /** A worker built and shared jieba's dictionary: to the others, and to disk for the next start. */
  private imageBuilt(image: JiebaImage | undefined): void {
    this.shareImage(image);
    const disk = this.imageFile();
    if (image && disk) this.imageWrite = writeJiebaImage(disk.file, disk.key, image);
  }

  /** Waits until the image is on disk (tests; a pool that closes does not wait). */
  async flushImage(): Promise<void> {
    await this.imageWrite;
  }

  /** A worker refused a copy: a damaged or foreign image on disk goes, so the next start builds a good one. */
  private imageRejected(slot: Slot): void {
    const disk = this.imageFile();
    if (this.imageFromDisk && disk) void fs.promises.rm(disk.file, { force: true }).catch(() => undefined);
    this.recycle(slot);
    // Its texts went back to the queue: on to the replacement.
    this.pump();
  }

  private spawn(script: string, start: WorkerStart = {}): Slot {
    // A small young generation: a worker's garbage (one string per token from jieba) is collected
    // often instead of growing the heap; jieba's own memory is wasm, outside these limits.
    const worker = new Worker(script, { resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB }, workerData: start });
    const slot: Slot = { worker, jobs: new Map(), vocabulary: [] };
    worker.on('message', (m: FromWorker) => {
      if (m.type === 'image') return this.imageBuilt(m.image);
      if (m.type === 'image-rejected') return this.imageRejected(slot);
      if (m.type === 'image-applied') {
        if (m.restored) this.workersFromImage++;
        return;
      }
      // Every reply extends the mirror, in order, even one whose job is gone.
      if (m.type === 'segmented') for (const w of m.newWords) slot.vocabulary.push(w);
      const job = slot.jobs.get(m.id);
      if (!job) return;
      slot.jobs.delete(m.id);
      if (m.type === 'segmented') {
        const space = slot.vocabulary;
        const ids = m.fileWords;
        let words: string[] | undefined;
        job.resolve({
          tokens: m.tokens,
          // Made only when asked for: the index reads the words from the worker's vocabulary
          // (`source`); a list of strings per file was 2-3 % of a cold start's work on this thread.
          get words() {
            return (words ??= Array.from(ids, (id) => space[id]));
          },
          wordOfToken: m.wordOfToken,
          candidates: m.candidates,
          encoded: m.entry,
          source: { space, ids },
        });
      } else {
        job.reject(new Error(m.message));
        // jieba threw (a wasm trap leaves its instance in an unknown state): this worker is
        // replaced by a fresh one, its other texts go back to the queue.
        this.recycle(slot);
      }
      this.pump();
    });
    const lost = () => {
      // Workers waiting for this one's jieba copy build their own.
      this.shareImage(undefined);
      // A worker that dies takes its jobs with it: redo them here and stop using workers.
      const orphans = [...slot.jobs.values()];
      slot.jobs.clear();
      this.abandonWorkers();
      for (const j of orphans) this.runHere(j);
      this.pump();
    };
    worker.on('error', lost);
    worker.on('exit', (code) => {
      if (code !== 0 || slot.jobs.size > 0) lost();
    });
    worker.unref();
    if (this.words.length > 0) worker.postMessage({ type: 'words', words: this.words } satisfies ToWorker);
    return slot;
  }

  /** Replaces a worker whose jieba failed; after a few failures, workers are given up (the fallback segments). */
  private recycle(slot: Slot): void {
    const at = this.slots.indexOf(slot);
    if (at < 0 || this.failed) return;
    this.awaitingImage = this.awaitingImage.filter((s) => s !== slot);
    // If it was to share its jieba copy, it never will: the others build their own.
    this.shareImage(undefined);
    this.queue.unshift(...slot.jobs.values());
    slot.jobs.clear();
    slot.worker.removeAllListeners('exit');
    slot.worker.removeAllListeners('error');
    slot.worker.removeAllListeners('message');
    slot.worker.on('error', () => undefined);
    void slot.worker.terminate().catch(() => undefined);
    if (++this.recycled > MAX_RECYCLED) {
      this.slots.splice(at, 1);
      this.abandonWorkers();
      return;
    }
    try {
      this.slots[at] = this.spawn(this.script);
    } catch {
      this.slots.splice(at, 1);
      this.abandonWorkers();
    }
  }

  private abandonWorkers(): void {
    if (this.failed) return;
    this.failed = true;
    for (const s of this.slots) void s.worker.terminate().catch(() => undefined);
  }

  /** Adds words to every worker's dictionary (not the fallback's: its owner gives it words). Words are never removed: jieba cannot. */
  addWords(words: readonly string[]): void {
    const fresh = words.filter((w) => w.length > 0 && !this.wordSet.has(w));
    if (fresh.length === 0) return;
    for (const w of fresh) {
      this.wordSet.add(w);
      this.words.push(w);
    }
    if (this.failed) return;
    for (const s of this.slots) s.worker.postMessage({ type: 'words', words: fresh } satisfies ToWorker);
  }


  /**
   * Segments `text`; with `encode`, the result carries its encoded cache entry. A long text (one
   * big file) is cut at line breaks into a part per worker, segmented side by side and joined.
   */
  segment(text: string, encode = false, presegmented = false): Promise<SegmentedText> {
    if (!encode && text.length >= SPLIT_MIN && this.size > 1 && !this.failed) {
      const starts = partStarts(text, this.size);
      if (starts.length > 1) {
        const parts = starts.map((s, k) => this.segmentWhole(text.slice(s, k + 1 < starts.length ? starts[k + 1] : text.length), false, s, presegmented));
        // Joined over turns of its own (requests first): a few million tokens are tens of milliseconds of work.
        return Promise.all(parts).then(async (segs) => {
          const join = joinSegmentedSteps(segs);
          for (;;) {
            await yieldToRequests();
            const joined = runUntil(join, performance.now() + JOIN_SLICE_MS);
            if (joined) return joined.value;
          }
        });
      }
    }
    return this.segmentWhole(text, encode, 0, presegmented);
  }

  private segmentWhole(text: string, encode: boolean, offset = 0, presegmented = false): Promise<SegmentedText> {
    return new Promise((resolve, reject) => {
      const job: Job = { id: this.nextId++, text, encode, offset, presegmented, resolve, reject };
      clearTimeout(this.idleTimer);
      this.startWorkers();
      if (this.failed || this.slots.length === 0) return this.runHere(job);
      this.queue.push(job);
      this.pump();
    });
  }

  /**
   * Hands queued texts to workers: a worker always has its next text while the main thread stores
   * the last result, and files of uneven size spread evenly. A worker is topped up once it has
   * used half of what it may hold, so that texts reach it together and make one batch.
   */
  private pump(): void {
    if (this.failed) {
      for (const j of this.queue.splice(0)) this.runHere(j);
      return;
    }
    const limit = Math.max(IN_FLIGHT, Math.min(IN_FLIGHT_MAX, Math.ceil(this.queue.length / (2 * Math.max(1, this.slots.length)))));
    const open = this.slots.filter((s) => s.jobs.size <= limit / 2);
    // Round by round: every worker gets a text before any gets a second (the parts of one long text go to different workers).
    for (let level = 1; level <= limit; level++) {
      for (const s of open) {
        if (s.jobs.size >= level || this.queue.length === 0) continue;
        const job = this.queue.shift()!;
        s.jobs.set(job.id, job);
        s.worker.postMessage({ type: 'segment', id: job.id, text: job.text, encode: job.encode, offset: job.offset, presegmented: job.presegmented } satisfies ToWorker);
      }
    }
    this.scheduleIdleClose();
  }

  private runHere(job: Job): void {
    try {
      job.resolve(placeSegmented(analyzeTokens(job.text, job.presegmented ? whitespaceTokens(job.text) : this.fallback.segment(job.text)), job.offset));
    } catch (e) {
      job.reject(e instanceof Error ? e : new Error(String(e)));
    }
  }

  async close(): Promise<void> {
    clearTimeout(this.idleTimer);
    const slots = this.slots.splice(0);
    this.failed = true;
    // Ending on purpose: their jobs are not redone here (that loads jieba in this thread at shutdown).
    for (const s of slots) {
      s.worker.removeAllListeners('exit');
      s.worker.removeAllListeners('error');
      s.worker.on('error', () => undefined);
    }
    await Promise.all(slots.map((s) => s.worker.terminate().catch(() => undefined)));
  }
}

/**
 * Parses glossary texts in a short-lived worker thread (the segmentation worker's script in its
 * glossary role, without jieba), so the YAML parse of a large glossary (~100 ms in one call) never
 * blocks the server thread. Resolves undefined when no worker can run: the caller parses here.
 */
export function parseGlossariesOffThread(
  files: { text: string; path: string }[],
  workerScript = path.join(__dirname, 'segmentWorker.js'),
): Promise<GlossaryFile[] | undefined> {
  if (files.length === 0) return Promise.resolve([]);
  if (!fs.existsSync(workerScript)) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(workerScript, { workerData: { role: 'glossary' } });
    } catch {
      resolve(undefined);
      return;
    }
    const out: GlossaryFile[] = [];
    let settled = false;
    const finish = (r: GlossaryFile[] | undefined) => {
      if (settled) return;
      settled = true;
      worker.removeAllListeners();
      worker.on('error', () => undefined);
      void worker.terminate().catch(() => undefined);
      resolve(r);
    };
    worker.on('message', (m: { ok: true; file: GlossaryFile } | { ok: false; message: string }) => {
      if (!m.ok) return finish(undefined);
      out.push(m.file);
      if (out.length === files.length) finish(out);
    });
    worker.on('error', () => finish(undefined));
    worker.on('exit', () => finish(undefined));
    for (const f of files) worker.postMessage(f);
  });
}
