// The corpus service: keeps the index in step with the workspace (disk files, open documents,
// glossary files) and schedules the work so that requests are never stuck behind indexing.
// It knows nothing of the protocol: the server hands it a small host interface.

import * as path from 'node:path';
import { CorpusIndex, IndexedFile, SegmentedText } from './core/corpusIndex';
import { Glossary, GlossaryFile, parseGlossary } from './core/glossary';
import { GlobSet } from './core/glob';
import { JiebaSegmenter, Segmenter, TokenArrays } from './core/segmenter';
import { parseGlossariesOffThread, SegmenterPool } from './segmenterPool';
import { IndexCache } from './indexCache';
import { hashText } from './checksum';
import { LoadedSnapshot, StoredFile } from './indexSnapshot';
import { yieldToRequests } from './yieldToRequests';
import { ReadProblem, textOf, Utf8Text } from './core/model';
import { takeSnapshotReadAhead } from './snapshotReadAhead';
import { CorpusSettings, DEFAULT_SETTINGS, discover, readCorpusFile, readSmallTextFile, readTextFile, toPath, toUri } from './workspaceFiles';
import type { EditorChange } from './editorDocuments';
import { t } from './l10n';
import { datasetKindOf, DatasetReading, isDatasetFile, readDatasetInSteps } from './core/datasets';
import { runUntil } from './core/steps';
import { isRecordUri, normalizeRecordUri, recordInput, RecordInput, sameMetadata } from './datasetFiles';

export interface ServiceHost {
  /** Work-done progress; the work starts at once, whenever the client has the handle ready. */
  progressBegin(title: string, message: string): ProgressHandle;
  publishFileProblems(uri: string, file: IndexedFile | undefined): void;
  publishGlossaryProblems(uri: string, text: string, glossary: GlossaryFile): void;
  /** Problems of a dataset file (CSV, JSONL, JSON) as read from `text`; none clears them. */
  publishDatasetProblems?(uri: string, text: string, problems: readonly ReadProblem[]): void;
  log(message: string): void;
}

export interface ProgressHandle {
  report(message: string, percentage?: number): void;
  done(): void;
}

export interface ServiceStatus {
  phase: 'starting' | 'discovering' | 'structure' | 'segmenting' | 'ready';
  files: number;
  segmentedFiles: number;
  meetings: number;
  terms: number;
  structureReadyMs?: number;
  readyMs?: number;
  /** Worker threads segmenting (0: in the server's thread). */
  segmentThreads?: number;
  /** Files whose segmentation came from the index cache in the last full indexing. */
  cachedFiles?: number;
  /** Of those, files put back whole (words, mentions, candidates) from the index snapshot. */
  restoredFiles?: number;
  /** Segmentation or a term-table rebuild is still under way (after an edit, a change on disk). */
  busy?: boolean;
  /** Open documents sent to a segmentation worker again after edits, since the server started. */
  documentResegmentations?: number;
  /** Files read again (a document closed, a change on disk) whose text was the one indexed: kept as they were. */
  unchangedReads?: number;
  /** Changes with every change to the index (a file's text, tokens, the term table). */
  indexVersion?: number;
  /** The last term-table rebuild (after a full indexing: the candidate terms): its time from start to commit. */
  termRebuildMs?: number;
  /** The index as it is now (unsaved documents apart) is in the snapshot on disk: a restart puts every unchanged file back from it. */
  snapshotSaved?: boolean;
  /** The last indexing restored from a snapshot whose bytes were read from the moment the process started (the client named its storage folder). */
  snapshotReadAhead?: boolean;
}

export interface ServiceOptions {
  /** Folder for the persisted index (the client's storage folder); none, no cache. */
  storagePath?: string;
  /** Storage shared by every workspace (the client's global storage): jieba's built dictionary is kept there. */
  globalStoragePath?: string;
  /** Segmentation worker threads; default: one per core. 0 segments in the server's thread. */
  segmentThreads?: number;
}

/** Segmentation workers end after this long without work. */
const IDLE_WORKER_MS = 3000;

/** Texts this long (UTF-16 units) take a turn of their own to be handed to the workers. */
const LONG_TEXT = 1 << 18;

/** Corpus files read ahead of the one being indexed during a full indexing. */
const READ_AHEAD = 4;

/** The index snapshot is written this long after the last change to the corpus. */
const SNAPSHOT_DELAY_MS = 5000;

/** Background work that can wait (the snapshot) runs once the client has been this long without sending anything. */
const QUIET_MS = 150;

/** How long one turn of background work may hold the event loop before requests get their turn. */
const SLICE_MS = 8;
/** An edited open document goes to a segmentation worker once its edits pause this long. */
const EDIT_PAUSE_MS = 150;

/**
 * The server thread's jieba is for open documents (and the no-worker fallback): its wasm and
 * dictionary load on the first text it segments, not at startup, where workers or the cache do the work.
 */
class DeferredDictionary implements Segmenter {
  private pending: string[] = [];
  constructor(private readonly inner: Segmenter) {}
  addWords(words: readonly string[]): void {
    this.pending.push(...words);
  }
  segment(text: string): TokenArrays {
    if (this.pending.length > 0) {
      this.inner.addWords(this.pending);
      this.pending = [];
    }
    return this.inner.segment(text);
  }
}

function envThreads(): number | undefined {
  // For measuring pool sizes (the benchmark); not a user setting.
  const n = Number(process.env.CORPUS_STUDY_SEGMENT_THREADS);
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}

/** Progress reports at most every 100 ms (one JSON-RPC message per file was measurable work), forced ones always. */
function throttled(inner: ProgressHandle): ProgressHandle & { report(message: string, percentage?: number, force?: boolean): void } {
  let last = -Infinity;
  return {
    report(message: string, percentage?: number, force = false) {
      const now = performance.now();
      if (!force && now - last < 100) return;
      last = now;
      inner.report(message, percentage);
    },
    done: () => inner.done(),
  };
}

export function normalizeUri(uri: string): string {
  if (isRecordUri(uri)) return normalizeRecordUri(uri);
  const p = toPath(uri);
  return p ? toUri(p) : uri;
}

export class CorpusService {
  readonly index: CorpusIndex;
  settings: CorpusSettings = DEFAULT_SETTINGS;
  private folders: string[] = [];
  private readonly corpusUris = new Set<string>();
  /** Open editor documents: their text wins over the disk. */
  private readonly openDocs = new Map<string, string>();
  /** Glossary files in override order (bundled first), with their last good parse. */
  private glossaryOrder: string[] = [];
  private readonly glossaryGood = new Map<string, GlossaryFile>();
  private readonly glossaryText = new Map<string, string>();
  private status: ServiceStatus = { phase: 'starting', files: 0, segmentedFiles: 0, meetings: 0, terms: 0 };
  private startedAt = Date.now();
  private segmenting = false;
  private readyWaiters: (() => void)[] = [];
  private readonly pool: SegmenterPool;
  private readonly cache?: IndexCache;
  private readonly sharedCache?: IndexCache;
  /** Hash of the jieba dictionary words, in the order they were added: part of every cache key. */
  private dictionaryHash = hashText('');
  private readonly dictionary: string[] = [];
  /** Open documents with a segmentation job in a worker: true when their text changed since it was sent. */
  private readonly editJobs = new Map<string, boolean>();
  /** Open documents edited within the last EDIT_PAUSE_MS, to be segmented again when the edits pause. */
  private readonly editTimers = new Map<string, NodeJS.Timeout>();
  /** Files whose last published diagnostics were not empty. */
  private readonly withProblems = new Set<string>();
  /** When the client last sent a message (see `whenQuiet`). */
  private lastActivity = -Infinity;
  /** Shutting down: pending background writes finish now. */
  private closing = false;
  /** Start of the current turn of background work (see `gate`). */
  private sliceStart = performance.now();
  private turn = 0;
  /** A full indexing is under way (its end writes the snapshot). */
  private bulkIndexing = false;
  /** During a first start's bulk indexing: the cache held nothing, so no entry is looked up. */
  private skipCacheLookups = false;
  /** During a start from the index snapshot: its files by uri, until each is read and put back. */
  private restoring?: Map<string, StoredFile>;
  /** Files put back from the snapshot by the current full indexing, and how many of them were open documents. */
  private restoredFiles = 0;
  private restoredOpen = 0;
  /** The snapshot's bytes, read ahead at construction for the first indexing. */
  private snapshotRead?: Promise<Buffer | undefined>;
  /** The index as last written to (or read from) the snapshot: its version then; a later change writes it again. */
  private snapshotVersion = -1;
  private snapshotTimer?: NodeJS.Timeout;
  /** The index version the snapshot on disk holds (-1: none, or not this index's). */
  private snapshotSaved = -1;
  /** Per corpus file, the number of the latest read from disk: an older read that ends later is dropped. */
  private readonly readGeneration = new Map<string, number>();
  /** Per dataset file (path), the URIs of its records in the index. */
  private readonly datasetRecords = new Map<string, Set<string>>();

  constructor(
    private readonly host: ServiceHost,
    private readonly bundledGlossary: string | undefined,
    segmenter: Segmenter = new JiebaSegmenter(),
    options: ServiceOptions = {},
  ) {
    const threads = options.segmentThreads ?? envThreads();
    segmenter = new DeferredDictionary(segmenter);
    // Idle workers end after a few seconds: memory goes back to the index alone between bursts of work.
    // jieba's built dictionary depends only on the jieba build: kept where every workspace finds it.
    const shared = options.globalStoragePath ?? options.storagePath;
    this.pool = new SegmenterPool(segmenter, { size: threads, idleCloseMs: IDLE_WORKER_MS, imageDir: shared ? path.join(shared, 'jieba') : undefined });
    this.cache = IndexCache.open(options.storagePath);
    // The snapshot's bytes start loading now, while the client and server finish their handshake.
    this.snapshotRead = this.cache?.readSnapshot();
    // A read started with the process for another storage folder (or for none that opened) is dropped.
    takeSnapshotReadAhead();
    // The bundled glossary's parse is the same for every workspace: kept where each finds it, so
    // a workspace's first start does not wait for a YAML parse.
    this.sharedCache = options.globalStoragePath && options.globalStoragePath !== options.storagePath ? IndexCache.open(options.globalStoragePath) : this.cache;
    // The index segments open documents line by line in this thread; whole files go to the pool.
    // Dictionary words reach both, and the cache key follows them.
    this.index = new CorpusIndex({
      addWords: (words) => {
        segmenter.addWords(words);
        this.pool.addWords(words);
        const fresh = words.filter((w) => w.length > 0 && !this.dictionary.includes(w));
        if (fresh.length > 0) {
          this.dictionary.push(...fresh);
          this.dictionaryHash = hashText(this.dictionary.join('\n'));
        }
      },
      segment: (text) => segmenter.segment(text),
    });
    this.status.segmentThreads = this.pool.threads;
  }

  /** Waits for background cache writes (at shutdown). */
  async flush(): Promise<void> {
    await this.cache?.flush();
    await this.sharedCache?.flush();
  }

  async dispose(): Promise<void> {
    // A snapshot still waiting for a quiet moment is written now: the next start needs it. So is
    // one that an indexing never got to schedule (its client busy from its end to the shutdown:
    // the work after an indexing waits for a quiet moment). Nothing is written if it is current.
    this.closing = true;
    clearTimeout(this.snapshotTimer);
    this.writeSnapshot();
    await this.flush();
    await this.pool.close();
  }

  getStatus(): ServiceStatus {
    const files = this.index.allFiles();
    return {
      ...this.status,
      files: files.length,
      segmentedFiles: files.filter((f) => f.segmented).length,
      meetings: this.index.meetingsChronological().length,
      terms: this.index.terms().terms.length,
      // 0 once the workers were given up (the server thread segments then).
      segmentThreads: this.pool.threads,
      busy: this.segmenting || this.editJobs.size > 0 || this.editTimers.size > 0 || this.index.termTableStale,
      snapshotSaved: this.snapshotSaved === this.index.indexVersion,
      indexVersion: this.index.indexVersion,
    };
  }

  /** An indexing of the whole corpus is under way (the first, or after the settings changed). */
  get indexing(): boolean {
    return this.status.phase !== 'ready';
  }

  whenReady(): Promise<void> {
    if (this.status.phase === 'ready') return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  isCorpusUri(uri: string): boolean {
    return this.corpusUris.has(normalizeUri(uri));
  }

  /**
   * A dataset file (CSV, JSONL, JSON), in the corpus or not: its records are read from disk, never
   * from an editor's text (an editor may open one before discovery says it is in the corpus).
   */
  isDatasetUri(uri: string): boolean {
    const p = toPath(normalizeUri(uri));
    return p !== undefined && isDatasetFile(p);
  }

  /** A record's text and title, for an editor that shows it (`corpus-record:` URIs). */
  recordText(uri: string): { text: string; title: string } | undefined {
    const file = this.index.file(normalizeUri(uri));
    if (!file?.metadata) return undefined;
    return { text: file.text, title: file.meetings[0]?.meeting.title ?? file.metadata.title ?? '' };
  }

  glossaryUris(): string[] {
    return this.glossaryOrder.map(toUri);
  }

  /** The glossary file that "Add to glossary" writes to: the last workspace glossary, never the bundled one. */
  writableGlossary(): { uri: string; text?: string } | undefined {
    const own = this.glossaryOrder.filter((g) => g !== this.bundledGlossary);
    const file = own[own.length - 1];
    if (file) return { uri: toUri(file), text: this.openDocs.get(toUri(file)) ?? this.glossaryText.get(file) };
    const folder = this.folders[0];
    if (!folder) return undefined;
    const corpusDir = this.index.allFiles()[0] ? path.dirname(toPath(this.index.allFiles()[0].uri) ?? folder) : folder;
    return { uri: toUri(path.join(corpusDir, 'glossary.yaml')) };
  }

  glossarySource(uri: string): string | undefined {
    const p = toPath(uri);
    return this.openDocs.get(normalizeUri(uri)) ?? (p ? this.glossaryText.get(p) : undefined);
  }

  /** Full indexing of the workspace: structure and mentions of every file first, then segmentation. */
  async start(folders: string[], settings: CorpusSettings): Promise<void> {
    this.startedAt = Date.now();
    this.folders = folders;
    this.settings = settings;
    this.index.setMaxCandidates(settings.maxCandidates);
    const stored = this.cache ? this.cache.contents() : { entries: false, snapshot: false };
    // A first start (nothing stored) segments every file: the workers start now, so their jieba
    // start-up overlaps discovery and the glossary parse. A start with a snapshot or entries may
    // need no worker at all, and leaves them to the first text.
    const nothingStored = !stored.entries && !stored.snapshot;
    // CORPUS_STUDY_PRESTART=0: for measuring the trade-off only (the benchmark); not a user setting.
    if (this.pool.threads > 0 && nothingStored && process.env.CORPUS_STUDY_PRESTART !== '0') this.pool.prestart();
    // Per-file entries are looked up only when there are some (a snapshot alone holds none).
    this.skipCacheLookups = !stored.entries;
    this.bulkIndexing = true;
    this.restoredFiles = this.restoredOpen = 0;
    // A first indexing: the index holds at most the documents the editor opened before it began
    // (restored tabs), which go back in through the snapshot too. Its bytes were read ahead.
    const firstIndexing = this.index.allFiles().every((f) => f.open);
    const snapshotBytes = this.cache && stored.snapshot && firstIndexing ? (this.snapshotRead ?? this.cache.readSnapshot()) : undefined;
    this.snapshotRead = undefined;
    const progress = throttled(this.host.progressBegin(t('progress.title'), t('progress.findingFiles')));
    try {
      this.status.phase = 'discovering';
      const found = { corpus: [] as string[], glossaries: [] as string[] };
      for (const folder of folders) {
        const d = await discover(folder, settings);
        found.corpus.push(...d.corpusFiles);
        found.glossaries.push(...d.glossaryFiles);
        for (const s of d.skipped) this.host.log(`Skipped ${s.path}: ${s.reason}`);
      }
      this.adoptOpenDocuments(found.corpus);
      // Files that no longer match (the globs changed) leave the index; open documents stay. So do
      // the records of datasets no longer found; those of the others stay until their file is read.
      const keep = new Set(found.corpus.map(toUri));
      const foundFiles = new Set(found.corpus);
      for (const [dataset, records] of this.datasetRecords) {
        if (foundFiles.has(dataset)) records.forEach((r) => keep.add(r));
        else this.forgetDataset(dataset);
      }
      for (const f of this.index.allFiles()) {
        if (keep.has(f.uri) || this.openDocs.has(f.uri)) continue;
        this.index.removeFile(f.uri);
        this.corpusUris.delete(f.uri);
        this.host.publishFileProblems(f.uri, undefined);
      }
      const configured = settings.glossaryFiles.map((g) => (path.isAbsolute(g) ? g : path.join(folders[0] ?? '.', g)));
      await this.loadGlossaries([...found.glossaries, ...configured]);
      // The glossary (parsed, or from its cache) and the term table were one piece of work; files are the next.
      await this.gate();
      // A first start in this server with a snapshot of the same dictionary and term table: its
      // files come back as they are read, unless their text changed.
      const snapshot = snapshotBytes ? this.cache!.decodeSnapshot(await snapshotBytes, this.dictionaryHash) : undefined;
      if (snapshot) {
        this.status.snapshotReadAhead = this.cache!.snapshotReadAhead;
        this.beginRestore(snapshot);
      }
      this.status.phase = 'structure';
      const total = found.corpus.length;
      // Segmentation is a background job that starts with the first file read: workers segment
      // while this thread reads the structure and mentions of the next files.
      this.index.holdTermTable(true);
      // A start from a filled cache knows each file's candidate terms only once its entry is loaded:
      // files are matched once, against the full term table, at the end (not also against the
      // glossary alone first).
      this.index.deferMatching(stored.entries && !this.restoring);
      // Files segmented now are listed under their words when this indexing is over (see below).
      this.index.deferWordLists(true);
      const segmented: Promise<void>[] = [];
      let done = 0;
      let cached = 0;
      // Texts to segment: a dataset file is as many as its records.
      let texts = total;
      const onSegmented = (fromCache: boolean) => {
        done++;
        if (fromCache) cached++;
        if (this.status.phase === 'segmenting') progress.report(t('progress.segmenting', done, texts), 50 + Math.round((done / Math.max(1, texts)) * 45));
      };
      // Reads run a few files ahead (their I/O overlaps this thread's work on the previous file);
      // files enter the index in discovery order, as before.
      const reads: ReturnType<CorpusService['beginRead']>[] = [];
      for (let i = 0; i < Math.min(READ_AHEAD, total); i++) reads.push(this.beginRead(found.corpus[i]));
      for (let i = 0; i < total; i++) {
        if (i + READ_AHEAD < total) reads.push(this.beginRead(found.corpus[i + READ_AHEAD]));
        const read = await this.finishRead(reads[i]);
        reads[i] = undefined;
        const files = Array.isArray(read) ? read : read ? [read] : [];
        if (Array.isArray(read)) texts += read.length - 1;
        for (const file of files) {
          if (file.segmented) onSegmented(true);
          else segmented.push(this.segmentInBackground(file).then(onSegmented));
        }
        progress.report(t('progress.indexing', i + 1, total), Math.round(((i + 1) / Math.max(1, total)) * 50));
        await this.gate();
      }
      if (this.restoring) {
        // Files of the snapshot not read back (gone, or no longer matched) may leave candidate terms behind.
        const unchanged = this.restoring.size === 0 && this.restoredFiles === total;
        this.restoring = undefined;
        this.index.endRestore(unchanged);
        this.snapshotVersion = this.restoredFiles === texts && !this.index.termTableStale ? this.index.indexVersion : -1;
        this.snapshotSaved = this.snapshotVersion;
      }
      this.status.structureReadyMs = Date.now() - this.startedAt;
      this.status.phase = 'segmenting';
      progress.report(t('progress.structureReady', total, done, texts), 50, true);
      this.host.log(`Structure and mentions ready: ${total} files in ${this.status.structureReadyMs} ms`);
      await Promise.all(segmented);
      // Open documents put back from the snapshot were not read from disk: counted here.
      this.status.cachedFiles = cached + this.restoredOpen;
      this.status.restoredFiles = this.restoredFiles;
      await this.segmentPending(progress);
      progress.report(t('progress.candidates'), 97);
      await this.rebuildTermsInSlices();
    } finally {
      this.skipCacheLookups = false;
      this.bulkIndexing = false;
      this.index.deferMatching(false);
      this.index.deferWordLists(false);
      this.index.holdTermTable(false);
      progress.done();
    }
    this.status.phase = 'ready';
    this.status.readyMs = Date.now() - this.startedAt;
    this.host.log(`Index ready in ${this.status.readyMs} ms (${this.pool.threads} segmentation threads, ${this.status.cachedFiles ?? 0} files from cache)`);
    for (const w of this.readyWaiters.splice(0)) w();
    // Bulk work is over: the workers' dictionaries go now (an edit starts one worker again).
    this.pool.closeIdle();
    // The progress's end is written on a later turn of the event loop (vscode-jsonrpc queues its
    // writes): a first slice of background work run now held it back 8-19 ms, so the client
    // learnt of the ready index that much later (and requests sent at once waited as long).
    await yieldToRequests();
    // Restored and just segmented files join their words' lists, and restored files their terms',
    // in the background (a word query or term count meanwhile does it at once), and restored texts
    // are decoded (a request that reads one decodes it at once).
    while (!this.index.listPending(performance.now() + SLICE_MS)) await this.whenQuiet();
    while (!this.index.decodePendingTexts(performance.now() + SLICE_MS)) await this.whenQuiet();
    // A restored table's matcher was never needed yet: built now, before an edit needs it.
    await this.whenQuiet();
    this.index.prepareMatching();
    this.scheduleSnapshot(0);
    void this.cache?.prune();
  }

  /**
   * Every discovered file is a corpus file from now on, before it is read: a document the editor
   * opens meanwhile is indexed with its text at once. One it opened earlier, when nothing said it
   * was part of the corpus (a client that opens a file as the server starts, with a language of
   * its own such as Neovim's `text`), is indexed now from its open text: its read is skipped
   * (`beginRead`), since the editor's text wins over the disk.
   */
  private adoptOpenDocuments(corpusFiles: readonly string[]): void {
    for (const file of corpusFiles) this.corpusUris.add(toUri(file));
    for (const [uri, text] of this.openDocs) {
      if (this.corpusUris.has(uri) && !this.isGlossaryUri(uri) && !this.index.file(uri)?.open) this.applyDocument(uri, text);
    }
  }

  /**
   * Writes the index snapshot `delayMs` after the last change (now, at the end of a full indexing
   * that changed anything), when nothing is pending; in slices, so requests are not held up.
   */
  private scheduleSnapshot(delayMs: number): void {
    if (!this.cache || this.closing) return;
    clearTimeout(this.snapshotTimer);
    this.snapshotTimer = setTimeout(() => this.writeSnapshot(), delayMs);
    this.snapshotTimer.unref?.();
  }

  /**
   * Writes the snapshot if the index changed since the last one, a piece at a time while the
   * editor is quiet (a burst of requests, typing, pauses it): it can wait, requests cannot.
   */
  private writeSnapshot(): void {
    this.snapshotTimer = undefined;
    if (!this.cache || this.index.indexVersion === this.snapshotVersion || this.status.phase !== 'ready') return;
    if (this.segmenting || this.editJobs.size > 0 || this.editTimers.size > 0) return this.scheduleSnapshot(SNAPSHOT_DELAY_MS);
    const version = this.index.indexVersion;
    const snapshot = this.index.exportSnapshot();
    if (!snapshot) return this.scheduleSnapshot(SNAPSHOT_DELAY_MS);
    // Open documents are in it with their text as it is now: the next start takes one back only if
    // the file (or the reopened document) still has exactly that text.
    this.snapshotVersion = version;
    void this.cache.saveSnapshot(snapshot, this.dictionaryHash, () => this.whenQuiet()).then((saved) => {
      if (saved) this.snapshotSaved = version;
      // Changed while it was written (a worker's late result, a term-table rebuild): once more, later.
      if (this.index.indexVersion !== version) this.scheduleSnapshot(SNAPSHOT_DELAY_MS);
    });
  }

  /** Runs `task` once the client has been quiet for a while (see `whenQuiet`); not when shutting down. */
  whenQuietRun(task: () => void): void {
    void this.whenQuiet().then(() => {
      if (!this.closing) task();
    });
  }

  /** The client sent something (a request, an edit): background work that can wait, waits. */
  noteActivity(): void {
    this.lastActivity = performance.now();
  }

  /**
   * Resolves once no message has come from the client for QUIET_MS (at once when shutting down),
   * and then within the shared slice budget.
   */
  private async whenQuiet(): Promise<void> {
    for (;;) {
      const since = performance.now() - this.lastActivity;
      if (this.closing || since >= QUIET_MS) break;
      await new Promise((r) => setTimeout(r, QUIET_MS - since));
    }
    await this.gate();
  }

  /**
   * Background work (reading files, storing worker results and cache entries, all of them promise
   * callbacks that may run back to back) holds the event loop at most SLICE_MS at a time: past it,
   * the next piece of work waits for a turn of the event loop, so queued requests are answered.
   */
  private async gate(): Promise<void> {
    while (performance.now() - this.sliceStart > SLICE_MS) {
      const turn = this.turn;
      await yieldToRequests();
      // The first piece of work resumed starts a new turn; the others check the budget again.
      if (this.turn === turn) {
        this.turn++;
        this.sliceStart = performance.now();
      }
    }
  }

  /** Re-matches the corpus against a new term table a slice at a time, then swaps it in. */
  private async rebuildTermsInSlices(): Promise<void> {
    for (let attempt = 0; attempt < 3 && this.index.termTableStale; attempt++) {
      const started = performance.now();
      // Building the new table and its matcher is one step of its own (after, say, a long file's words were stored).
      await yieldToRequests();
      const job = this.index.startTermRebuild();
      while (!job.step(performance.now() + SLICE_MS)) await yieldToRequests();
      if (job.commit()) {
        this.status.termRebuildMs = Math.round(performance.now() - started);
        return;
      }
    }
  }

  /** Segments a file's current text: from the cache when it holds it, else in a worker. Stores the result if the file is still current. */
  private async segmentInBackground(file: IndexedFile): Promise<boolean> {
    // During a full indexing the snapshot written at its end holds every file: no entry per file
    // (hashing, encoding and writing 400 small files was a fifth of the server thread's work).
    const lookup = this.cache !== undefined && !this.skipCacheLookups;
    const store = this.cache !== undefined && !this.bulkIndexing;
    const textHash = lookup || store ? hashText(file.text) : undefined;
    const key = textHash ? this.cache!.key(textHash, this.dictionaryHash) : undefined;
    if (this.cache && key && lookup) {
      const bytes = await this.cache.read(key);
      if (bytes) {
        await this.gate();
        const hit = this.cache.decode(bytes, file.text, textHash);
        if (hit) {
          await this.storeTokens(file, hit);
          return true;
        }
      }
    }
    let seg;
    try {
      // Handing a long text to the workers copies it (a 10 MB file: ~6 ms): not in the turn that
      // stored the file, which may have used its slice already. Short ones go at once.
      if (file.textLength >= LONG_TEXT) {
        await this.gate();
        // Replaced meanwhile (an edit, a change on disk): its successor is segmented instead.
        if (this.index.file(file.uri) !== file) return false;
      }
      seg = await this.pool.segment(file.text, store, file.parsed.presegmented);
    } catch (e) {
      this.unsegmentable(file, e);
      return false;
    }
    await this.storeTokens(file, seg);
    if (this.cache && key && store && this.index.file(file.uri) === file) this.cache.save(key, seg, file.text);
    return false;
  }

  /**
   * Stores a file's tokens if it is still the current version, over as many turns as it takes: a
   * long file's words are numbered and its postings made a slice at a time (millions of tokens).
   */
  private async storeTokens(file: IndexedFile, seg: SegmentedText): Promise<void> {
    await this.gate();
    const apply = this.index.applyTokensInSteps(file, seg);
    while (!apply.step(this.sliceStart + SLICE_MS)) await this.gate();
    apply.commit();
  }

  /**
   * jieba threw on this file: one log line, no words for it (structure and mentions stand), and a
   * warning on the file. Indexing goes on with the other files.
   */
  private unsegmentable(file: IndexedFile, e: unknown): void {
    if (this.index.file(file.uri) !== file) return;
    const why = String((e as Error)?.message ?? e);
    this.host.log(`Could not segment ${file.path} (${why}): indexed without words`);
    this.index.applyTokens(file, { tokens: { starts: new Uint32Array(0), ends: new Uint32Array(0) }, words: [], wordOfToken: new Uint32Array(0), candidates: [] });
    file.problems.push({ severity: 'warning', message: `Words not indexed: the word segmenter failed on this file (${why}). Terms, meetings and sections are indexed.` });
    this.host.publishFileProblems(file.uri, file);
    this.withProblems.add(file.uri);
  }

  private async segmentPending(progress?: ProgressHandle): Promise<void> {
    if (this.segmenting) return;
    this.segmenting = true;
    try {
      for (;;) {
        // An open document with a worker job of its own (opened or edited during the indexing) is left
        // to that job. A closed one's disk version is not: that job ends without segmenting it.
        const pending = this.index.unsegmentedFiles().filter((f) => !(f.open && (this.editJobs.has(f.uri) || this.editTimers.has(f.uri))));
        if (pending.length === 0) break;
        let n = 0;
        await Promise.all(
          pending.map((f) =>
            (f.lineTokens && this.pool.threads === 0 ? Promise.resolve(this.index.segmentFile(f.uri)) : this.segmentInBackground(f)).then(() => {
              n++;
              progress?.report(t('progress.segmenting', n, pending.length), 95);
            }),
          ),
        );
      }
      await this.rebuildTermsInSlices();
    } finally {
      this.segmenting = false;
    }
  }

  private readFromDisk(file: string): Promise<IndexedFile | IndexedFile[] | undefined> {
    return this.finishRead(this.beginRead(file));
  }

  /** Starts reading a corpus file (numbered: a later read of the same file wins); undefined for an open document. */
  private beginRead(file: string) {
    const uri = toUri(file);
    this.corpusUris.add(uri);
    if (this.openDocs.has(uri)) return undefined;
    const generation = this.bumpRead(uri);
    // While a snapshot is put back, each file's hash decides whether it comes from it; one that
    // does comes as its bytes, decoded later (`decodePendingTexts`) or when a request reads it.
    const stored = this.restoring?.get(uri);
    const read = readCorpusFile(file, this.settings, { hash: this.restoring !== undefined, unchangedIf: stored, pause: () => this.gate() });
    // Not awaited yet when read ahead: a rejection must not go unhandled meanwhile.
    read.catch(() => undefined);
    return { file, uri, generation, read };
  }

  /** Stores a started read in the index, unless a later read or a deletion came in meanwhile. */
  private async finishRead(begun: { file: string; uri: string; generation: number; read: ReturnType<typeof readCorpusFile> } | undefined): Promise<IndexedFile | IndexedFile[] | undefined> {
    if (!begun) return undefined;
    const { file, uri, generation } = begun;
    const r = await begun.read;
    // A later read (a change on disk) or a deletion came in while this one was under way: it wins.
    if (this.readGeneration.get(uri) !== generation || this.openDocs.has(uri)) return undefined;
    if (isDatasetFile(file)) return this.finishDatasetRead(begun, r);
    if (r.missing) {
      // Deleted or renamed since discovery: not a file of the corpus any more.
      this.forget(uri);
      return undefined;
    }
    const restored = this.restore(uri, file, r.text, r.problems, false, r.textHash);
    if (restored) return restored;
    // Outside a full indexing (which may read again on purpose, the globs or decoding changed), the
    // text already indexed is kept: closing an unchanged 10 MB document re-read and re-segmented it
    // (a second of both cores, its words unanswered meanwhile). Not while its edits are being segmented.
    if (!this.bulkIndexing && r.problems.length === 0 && !this.editTimers.has(uri) && !this.editJobs.has(uri)) {
      const kept = this.index.keepAsRead(uri, textOf(r.text));
      if (kept) {
        this.status.unchangedReads = (this.status.unchangedReads ?? 0) + 1;
        return kept;
      }
    }
    // Read and matched within this slice of work, and over the next ones if it is long: requests
    // are answered meanwhile.
    const job = this.index.upsertFileInSteps({ uri, path: file, text: textOf(r.text), problems: r.problems, open: false });
    while (!job.step(this.sliceStart + SLICE_MS)) {
      await this.gate();
      if (this.readGeneration.get(uri) !== generation || this.openDocs.has(uri)) return undefined;
    }
    const f = job.commit();
    this.publishProblems(uri, f);
    return f;
  }

  /**
   * A dataset file read from disk: its records into the index, each as a text of its own (see
   * datasetFiles.ts), a slice of work at a time. A record whose text and metadata are those
   * indexed stays as it is; records gone from the file leave. The file's own problems (a broken
   * line, no text field) are published on it. The records' texts are what the files holds:
   * unsaved edits of a dataset open in an editor are not followed.
   */
  private async finishDatasetRead(begun: { file: string; uri: string; generation: number }, r: Awaited<ReturnType<typeof readCorpusFile>>): Promise<IndexedFile[]> {
    const { file, uri, generation } = begun;
    const stale = () => this.readGeneration.get(uri) !== generation;
    if (r.missing) {
      this.forgetDataset(file);
      return [];
    }
    const text = textOf(r.text);
    const reading = readDatasetInSteps(text, datasetKindOf(file)!, this.settings.datasetFields);
    let read: { value: DatasetReading } | undefined;
    while (!(read = runUntil(reading, this.sliceStart + SLICE_MS))) {
      await this.gate();
      if (stale()) return [];
    }
    const { records, problems } = read.value;
    const all = [...r.problems, ...problems];
    if (all.length > 0 || this.withProblems.has(uri)) {
      this.host.publishDatasetProblems?.(uri, text, all);
      if (all.length > 0) this.withProblems.add(uri);
      else this.withProblems.delete(uri);
    }
    const before = this.datasetRecords.get(file) ?? new Set<string>();
    const now = new Set<string>();
    // Until this read is through, the records of both versions are the file's (a later read that wins removes what it lacks).
    this.datasetRecords.set(file, new Set(before));
    const out: IndexedFile[] = [];
    for (const record of records) {
      // A short record is read and matched in one step, with nothing awaited: requests get a turn here.
      await this.gate();
      if (stale()) return out;
      const input = recordInput(file, record);
      // Two records under one URI (cannot happen: numbers differ) would replace each other.
      if (now.has(input.uri)) continue;
      now.add(input.uri);
      this.datasetRecords.get(file)?.add(input.uri);
      const indexed = this.index.storedFile(input.uri);
      if (indexed && !indexed.open && indexed.text === input.text && sameMetadata(indexed.metadata, input.metadata)) {
        out.push(indexed);
        continue;
      }
      const restored = this.restore(input.uri, input.path, input.text, [], false, undefined, input.metadata);
      if (restored) {
        out.push(restored);
        continue;
      }
      const stored = await this.upsertRecord(input, stale);
      if (!stored) return out;
      out.push(stored);
    }
    for (const gone of before) if (!now.has(gone)) this.forgetRecord(gone);
    this.datasetRecords.set(file, now);
    return out;
  }

  /** A record into the index, its reading and matching a slice at a time; undefined when a later read came meanwhile. */
  private async upsertRecord(input: RecordInput, stale: () => boolean): Promise<IndexedFile | undefined> {
    const job = this.index.upsertFileInSteps({ ...input, problems: [], open: false });
    while (!job.step(this.sliceStart + SLICE_MS)) {
      await this.gate();
      if (stale()) return undefined;
    }
    const f = job.commit();
    this.publishProblems(input.uri, f);
    return f;
  }

  /** A dataset file that is gone (or no longer in the corpus): its records leave the index, its problems are cleared. */
  private forgetDataset(file: string): void {
    const uri = toUri(file);
    this.bumpRead(uri);
    this.corpusUris.delete(uri);
    for (const record of this.datasetRecords.get(file) ?? []) this.forgetRecord(record);
    this.datasetRecords.delete(file);
    if (this.withProblems.delete(uri)) this.host.publishDatasetProblems?.(uri, '', []);
  }

  private forgetRecord(uri: string): void {
    this.index.removeFile(uri);
    if (this.withProblems.delete(uri)) this.host.publishFileProblems(uri, undefined);
  }

  /**
   * Starts putting the index back from a snapshot. Documents already open (indexed as they were
   * opened, before the snapshot's vocabulary and term table) leave the index first and come back
   * through it: from the snapshot if their text is the one it holds, else indexed afresh.
   */
  private beginRestore(snapshot: LoadedSnapshot): void {
    const early = this.index.allFiles().filter((f) => f.open);
    if (early.length !== this.index.allFiles().length) return;
    for (const f of early) this.index.removeFile(f.uri);
    if (this.index.beginRestore(snapshot)) this.restoring = new Map(snapshot.files.map((f) => [f.uri, f]));
    for (const f of early) {
      if (this.restore(f.uri, f.path, f.text, [], true)) continue;
      this.upsert(f.uri, f.path, f.text, [], true);
      if (this.pool.threads > 0) this.resegmentOpen(f.uri);
      else this.index.segmentFile(f.uri);
    }
  }

  /** A file put back from the snapshot being restored, when it was made from this very text. */
  private restore(uri: string, file: string, text: string | Utf8Text, problems: ReadProblem[], open = false, knownHash?: string, metadata?: RecordInput['metadata']): IndexedFile | undefined {
    const stored = this.restoring?.get(uri);
    if (!stored || stored.textLength !== text.length) return undefined;
    this.restoring!.delete(uri);
    // Bytes come undecoded only with their hash (readCorpusFile's `unchangedIf`).
    const textHash = knownHash ?? hashText(textOf(text));
    if (stored.textHash !== textHash) return undefined;
    const f = this.index.restoreFile({ uri, path: file, text, problems, open, metadata }, stored);
    if (!f) return undefined;
    this.restoredFiles++;
    if (open) this.restoredOpen++;
    // Its own cache entry stays for a later start whose snapshot lacks it.
    this.cache?.keep(textHash, this.dictionaryHash);
    this.publishProblems(uri, f);
    return f;
  }

  private bumpRead(uri: string): number {
    const g = (this.readGeneration.get(uri) ?? 0) + 1;
    this.readGeneration.set(uri, g);
    return g;
  }

  /** A corpus file that is gone: out of the index, its diagnostics cleared. */
  private forget(uri: string): void {
    this.bumpRead(uri);
    this.corpusUris.delete(uri);
    this.index.removeFile(uri);
    this.withProblems.delete(uri);
    this.host.publishFileProblems(uri, undefined);
  }

  private upsert(uri: string, file: string, text: string, problems: ReadProblem[], open: boolean, changed?: EditorChange): IndexedFile {
    const f = this.index.upsertFile({ uri, path: file, text, problems, open, changed });
    this.publishProblems(uri, f);
    return f;
  }

  private publishProblems(uri: string, f: IndexedFile): void {
    // A clean file that had no problems published needs no (empty) diagnostics message: on a
    // large corpus those messages were a good part of the server thread's indexing work.
    if (f.problems.length > 0 || this.withProblems.has(uri)) {
      this.host.publishFileProblems(uri, f);
      if (f.problems.length > 0) this.withProblems.add(uri);
      else this.withProblems.delete(uri);
    }
  }

  // ---- glossary ----------------------------------------------------------------------------

  private async loadGlossaries(workspaceGlossaries: string[]): Promise<void> {
    const order: string[] = [];
    const add = (p: string) => {
      const key = path.resolve(p);
      if (!order.includes(key)) order.push(key);
    };
    if (this.bundledGlossary) add(this.bundledGlossary);
    workspaceGlossaries.forEach(add);
    this.glossaryOrder = order;
    // The glossaries are parsed off the server thread (a worker) or loaded from the cache: the YAML
    // parse of the bundled glossary was one ~110 ms block that requests waited behind.
    const texts: { file: string; text: string; parsed?: GlossaryFile; key?: string; cache?: IndexCache }[] = [];
    for (const g of order) {
      const uri = toUri(g);
      const text = this.openDocs.get(uri) ?? readSmallTextFile(g);
      if (text === undefined) {
        if (g !== this.bundledGlossary) this.host.log(`Glossary file not found: ${g}`);
        continue;
      }
      const cache = g === this.bundledGlossary ? this.sharedCache : this.cache;
      const key = cache?.glossaryKey(uri, text);
      const parsed = key ? cache!.loadGlossary(key, uri) : undefined;
      texts.push({ file: g, text, parsed, key, cache });
    }
    const todo = texts.filter((t) => !t.parsed);
    const parsedOff = this.pool.threads > 0 ? await parseGlossariesOffThread(todo.map((t) => ({ text: t.text, path: toUri(t.file) }))) : undefined;
    todo.forEach((t, i) => {
      t.parsed = parsedOff?.[i] ?? parseGlossary(t.text, toUri(t.file));
      if (t.key) t.cache!.saveGlossary(t.key, t.parsed);
    });
    for (const t of texts) {
      // The file may have been opened or changed while it was parsed: the latest text wins.
      const latest = this.openDocs.get(toUri(t.file));
      if (latest !== undefined && latest !== t.text) this.parseGlossaryFile(t.file, latest);
      else this.storeGlossary(t.file, t.text, t.parsed!);
    }
    this.applyGlossary();
  }

  private parseGlossaryFile(file: string, text: string): void {
    this.storeGlossary(file, text, parseGlossary(text, toUri(file)));
  }

  private storeGlossary(file: string, text: string, parsed: GlossaryFile): void {
    this.glossaryText.set(file, text);
    if (!parsed.fatal) this.glossaryGood.set(file, parsed);
    // Problems of the bundled glossary are shown only when it is part of the workspace being edited.
    this.host.publishGlossaryProblems(toUri(file), text, parsed);
  }

  private applyGlossary(): void {
    const files = this.glossaryOrder.map((g) => this.glossaryGood.get(g)).filter((g): g is GlossaryFile => g !== undefined);
    this.index.setGlossary(new Glossary(files));
  }

  isGlossaryUri(uri: string): boolean {
    const p = toPath(uri);
    return p !== undefined && this.glossaryOrder.includes(path.resolve(p));
  }

  // ---- editor documents --------------------------------------------------------------------

  /**
   * An open document changed (or opened): its text replaces the disk version at once. `change`:
   * where the editor changed it, from which text (the index compares only inside that stretch).
   */
  documentChanged(uri: string, text: string, change?: EditorChange): void {
    this.applyDocument(uri, text, change);
    // The snapshot follows (open documents are in it with their text), once typing has paused.
    this.scheduleSnapshot(SNAPSHOT_DELAY_MS);
  }

  private applyDocument(uri: string, text: string, change?: EditorChange): void {
    uri = normalizeUri(uri);
    // A record's tab shows the text indexed (read-only), and a dataset is read from disk, not from
    // an editor: neither is indexed from the editor's text.
    if (isRecordUri(uri) || this.isDatasetUri(uri)) return;
    this.openDocs.set(uri, text);
    const file = toPath(uri) ?? uri;
    if (this.isGlossaryUri(uri)) {
      this.parseGlossaryFile(path.resolve(file), text);
      this.applyGlossary();
      return;
    }
    if (!this.isCorpusUri(uri) && !this.index.file(uri)) {
      // An open file that the globs did not pick up is indexed only if it is a corpus text by its language.
      return;
    }
    const previous = this.index.file(uri);
    // Opened while the snapshot is being put back, before its file was read: from the snapshot, if it holds this text.
    if (!previous && this.restore(uri, file, text, [], true)) return;
    const current = this.upsert(uri, file, text, [], true, change);
    if (this.pool.threads === 0) {
      // No workers: re-segment now in this thread; only the lines the edit touched cost anything.
      this.index.segmentFile(uri);
      return;
    }
    // The server thread never loads jieba (a third dictionary in memory): the edited text goes to
    // a worker. Meanwhile the index carried the old tokens over, shifted past the edit, so words
    // outside the edited stretch answer at once; mentions and structure are already current.
    if (current.segmented) {
      // The same text again (an empty change, a re-open): the carried tokens are the tokens, unless
      // they were themselves a stand-in whose worker job is still out; then that job must be redone.
      const same = current.edit !== undefined && current.edit.delta === 0 && current.edit.start === current.edit.oldEnd;
      if (same && !this.editJobs.has(uri) && !this.editTimers.has(uri)) return;
      // An edit: the stand-in tokens answer meanwhile; the worker gets the text once typing pauses.
      this.resegmentWhenTypingPauses(uri);
      return;
    }
    this.resegmentOpen(uri);
  }

  /**
   * Segments an open document again once it has had no edit for EDIT_PAUSE_MS. Segmenting the
   * whole document in a worker at every keystroke kept a core busy for as long as typing went on,
   * and the server thread, the editor and that worker then shared two cores: the edits themselves
   * became slower to show (the first ones after a pause 25–45 ms instead of 6–10 ms).
   */
  private resegmentWhenTypingPauses(uri: string): void {
    clearTimeout(this.editTimers.get(uri));
    const timer = setTimeout(() => {
      this.editTimers.delete(uri);
      if (this.index.file(uri)?.open) this.resegmentOpen(uri);
    }, EDIT_PAUSE_MS);
    timer.unref?.();
    this.editTimers.set(uri, timer);
  }

  /** Segments an open document's latest text in a worker; one job per document at a time, the latest text wins. */
  private resegmentOpen(uri: string): void {
    if (this.editJobs.has(uri)) {
      this.editJobs.set(uri, true);
      return;
    }
    const file = this.index.file(uri);
    if (!file) return;
    this.editJobs.set(uri, false);
    this.status.documentResegmentations = (this.status.documentResegmentations ?? 0) + 1;
    void this.pool
      .segment(file.text, false, file.parsed.presegmented)
      .then(
        (seg) => this.storeTokens(file, seg),
        (e) => this.unsegmentable(file, e),
      )
      .finally(() => {
        const again = this.editJobs.get(uri);
        this.editJobs.delete(uri);
        const now = this.index.file(uri);
        // A closed document went back to its disk version, which the background segmentation handles.
        if (again || (now && now !== file && now.open && !now.segmented)) this.resegmentOpen(uri);
      });
  }

  /** A document the client says is a corpus text (by language), even outside the globs. */
  documentOpened(uri: string, text: string, isCorpusText: boolean): void {
    uri = normalizeUri(uri);
    if (isCorpusText && !this.isGlossaryUri(uri)) this.corpusUris.add(uri);
    this.documentChanged(uri, text);
  }

  async documentClosed(uri: string): Promise<void> {
    uri = normalizeUri(uri);
    this.openDocs.delete(uri);
    const file = toPath(uri);
    if (!file) return;
    // Unsaved edits are gone with the editor: go back to what is on disk.
    if (this.isGlossaryUri(uri)) {
      const text = await readTextFile(file);
      if (text !== undefined) this.parseGlossaryFile(path.resolve(file), text);
      this.applyGlossary();
    } else if (this.isCorpusUri(uri) && !this.isDatasetUri(uri)) {
      await this.readFromDisk(file);
      await this.segmentPending();
      this.scheduleSnapshot(SNAPSHOT_DELAY_MS);
    }
  }

  // ---- disk changes ------------------------------------------------------------------------

  async filesChanged(changes: { uri: string; type: 'created' | 'changed' | 'deleted' }[]): Promise<void> {
    let glossaryTouched = false;
    for (const c of changes) {
      const uri = normalizeUri(c.uri);
      const file = toPath(uri);
      if (!file) continue;
      if (this.isGlossaryUri(uri) || /(^|\.)glossary\.ya?ml$/i.test(path.basename(file))) {
        if (c.type === 'deleted') {
          this.glossaryGood.delete(path.resolve(file));
          if (file !== this.bundledGlossary) this.glossaryOrder = this.glossaryOrder.filter((g) => g !== path.resolve(file));
        } else {
          if (!this.glossaryOrder.includes(path.resolve(file))) this.glossaryOrder.push(path.resolve(file));
          if (!this.openDocs.has(uri)) {
            const text = await readTextFile(file);
            if (text !== undefined) this.parseGlossaryFile(path.resolve(file), text);
          }
        }
        glossaryTouched = true;
        continue;
      }
      if ((!/\.txt$/i.test(file) && !isDatasetFile(file)) || !this.inCorpus(file)) continue;
      if (c.type === 'deleted') {
        if (isDatasetFile(file)) this.forgetDataset(file);
        else this.forget(uri);
      } else if (!this.openDocs.has(uri)) {
        await this.readFromDisk(file);
      }
    }
    if (glossaryTouched) this.applyGlossary();
    await this.segmentPending();
    this.scheduleSnapshot(SNAPSHOT_DELAY_MS);
  }

  private inCorpus(file: string): boolean {
    if (this.corpusUris.has(toUri(file))) return true;
    const globs = new GlobSet(this.settings.corpusGlobs);
    return this.folders.some((folder) => {
      const rel = path.relative(folder, file);
      return !rel.startsWith('..') && globs.matches(rel.split(path.sep).join('/'));
    });
  }
}
