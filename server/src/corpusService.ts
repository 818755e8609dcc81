// The corpus service: keeps the index in step with the workspace (disk files, open documents,
// glossary files) and schedules the work so that requests are never stuck behind indexing.
// It knows nothing of the protocol: the server hands it a small host interface.

import * as path from 'node:path';
import { CorpusIndex, IndexedFile } from './core/corpusIndex';
import { Glossary, GlossaryFile, parseGlossary } from './core/glossary';
import { GlobSet } from './core/glob';
import { JiebaSegmenter, Segmenter } from './core/segmenter';
import { ReadProblem } from './core/model';
import { CorpusSettings, DEFAULT_SETTINGS, discover, readCorpusFile, readTextFile, toPath, toUri } from './workspaceFiles';

export interface ServiceHost {
  progressBegin(title: string, message: string): Promise<ProgressHandle>;
  publishFileProblems(uri: string, file: IndexedFile | undefined): void;
  publishGlossaryProblems(uri: string, text: string, glossary: GlossaryFile): void;
  log(message: string): void;
}

export interface ProgressHandle {
  report(message: string, percentage?: number): void;
  done(): void;
}

export interface ServiceStatus {
  phase: 'starting' | 'structure' | 'segmenting' | 'ready';
  files: number;
  segmentedFiles: number;
  meetings: number;
  terms: number;
  structureReadyMs?: number;
  readyMs?: number;
}

/** A yield to the event loop, so pending requests are answered between units of indexing work. */
const yieldToRequests = () => new Promise<void>((resolve) => setImmediate(resolve));

export function normalizeUri(uri: string): string {
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

  constructor(
    private readonly host: ServiceHost,
    private readonly bundledGlossary: string | undefined,
    segmenter: Segmenter = new JiebaSegmenter(),
  ) {
    this.index = new CorpusIndex(segmenter);
  }

  getStatus(): ServiceStatus {
    const files = this.index.allFiles();
    return {
      ...this.status,
      files: files.length,
      segmentedFiles: files.filter((f) => f.segmented).length,
      meetings: this.index.meetingsChronological().length,
      terms: this.index.terms().terms.length,
    };
  }

  whenReady(): Promise<void> {
    if (this.status.phase === 'ready') return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  isCorpusUri(uri: string): boolean {
    return this.corpusUris.has(normalizeUri(uri));
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
    const progress = await this.host.progressBegin('Indexing corpus', 'finding files');
    try {
      const found = { corpus: [] as string[], glossaries: [] as string[] };
      for (const folder of folders) {
        const d = await discover(folder, settings);
        found.corpus.push(...d.corpusFiles);
        found.glossaries.push(...d.glossaryFiles);
        for (const s of d.skipped) this.host.log(`Skipped ${s.path}: ${s.reason}`);
      }
      const configured = settings.glossaryFiles.map((g) => (path.isAbsolute(g) ? g : path.join(folders[0] ?? '.', g)));
      await this.loadGlossaries([...found.glossaries, ...configured]);
      this.status.phase = 'structure';
      const total = found.corpus.length;
      for (let i = 0; i < total; i++) {
        await this.readFromDisk(found.corpus[i]);
        progress.report(`Indexing corpus ${i + 1}/${total}`, Math.round(((i + 1) / Math.max(1, total)) * 50));
        await yieldToRequests();
      }
      this.status.structureReadyMs = Date.now() - this.startedAt;
      this.host.log(`Structure and mentions ready: ${total} files in ${this.status.structureReadyMs} ms`);
      await this.segmentPending(progress);
    } finally {
      progress.done();
    }
    this.status.phase = 'ready';
    this.status.readyMs = Date.now() - this.startedAt;
    this.host.log(`Index ready in ${this.status.readyMs} ms`);
    for (const w of this.readyWaiters.splice(0)) w();
  }

  private async segmentPending(progress?: ProgressHandle): Promise<void> {
    if (this.segmenting) return;
    this.segmenting = true;
    this.status.phase = this.status.phase === 'ready' ? 'ready' : 'segmenting';
    try {
      for (;;) {
        const pending = this.index.unsegmentedFiles();
        if (pending.length === 0) break;
        const total = pending.length;
        for (let i = 0; i < pending.length; i++) {
          this.index.segmentFile(pending[i].uri);
          progress?.report(`Segmenting ${i + 1}/${total}`, 50 + Math.round(((i + 1) / total) * 50));
          await yieldToRequests();
        }
      }
    } finally {
      this.segmenting = false;
    }
  }

  private async readFromDisk(file: string): Promise<void> {
    const uri = toUri(file);
    this.corpusUris.add(uri);
    if (this.openDocs.has(uri)) return;
    const r = await readCorpusFile(file, this.settings);
    this.upsert(uri, file, r.text, r.problems, false);
  }

  private upsert(uri: string, file: string, text: string, problems: ReadProblem[], open: boolean): IndexedFile {
    const f = this.index.upsertFile({ uri, path: file, text, problems, open });
    this.host.publishFileProblems(uri, f);
    return f;
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
    for (const g of order) {
      const uri = toUri(g);
      const text = this.openDocs.get(uri) ?? (await readTextFile(g));
      if (text === undefined) {
        if (g !== this.bundledGlossary) this.host.log(`Glossary file not found: ${g}`);
        continue;
      }
      this.parseGlossaryFile(g, text);
    }
    this.applyGlossary();
  }

  private parseGlossaryFile(file: string, text: string): void {
    const parsed = parseGlossary(text, toUri(file));
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

  /** An open document changed (or opened): its text replaces the disk version at once. */
  documentChanged(uri: string, text: string): void {
    uri = normalizeUri(uri);
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
    this.upsert(uri, file, text, [], true);
    // Re-segment the open document now: only the lines the edit touched cost anything.
    this.index.segmentFile(uri);
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
    } else if (this.isCorpusUri(uri)) {
      await this.readFromDisk(file);
      await this.segmentPending();
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
      if (!/\.txt$/i.test(file) || !this.inCorpus(file)) continue;
      if (c.type === 'deleted') {
        this.corpusUris.delete(uri);
        this.index.removeFile(uri);
        this.host.publishFileProblems(uri, undefined);
      } else if (!this.openDocs.has(uri)) {
        await this.readFromDisk(file);
      }
    }
    if (glossaryTouched) this.applyGlossary();
    await this.segmentPending();
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
