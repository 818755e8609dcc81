// A real JSON-RPC client for the server bundle over stdio, for protocol tests and the benchmark.

import { ChildProcess, spawn } from 'node:child_process';
import { PassThrough } from 'node:stream';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  InitializeRequest,
  ProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  WorkDoneProgressCreateRequest,
  ConfigurationRequest,
  RegistrationRequest,
  InitializedNotification,
  ShutdownRequest,
  ExitNotification,
  PublishDiagnosticsNotification,
  PublishDiagnosticsParams,
  DidOpenTextDocumentNotification,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';

export const REPO = path.resolve(__dirname, '..', '..', '..');
export const SERVER = path.join(REPO, 'server', 'out', 'server.js');

export interface StartOptions {
  folder: string;
  initializationOptions?: Record<string, unknown>;
  /**
   * Settings returned for workspace/configuration (section corpusStudy), and also sent with
   * initialize as the extension's client does (unless `settingsAtInitialize` is false).
   */
  settings?: Record<string, unknown>;
  settingsAtInitialize?: boolean;
  /** Awaited before each workspace/configuration answer (a client slow to answer). */
  beforeConfiguration?: (client: LspTestClient) => Promise<void>;
  /** Awaited before each window/workDoneProgress/create answer (which may come before `start` has returned the client). */
  beforeProgressCreate?: (client: LspTestClient) => Promise<void>;
  /** Called with each work-done progress value as it arrives (a test can act at a given moment of the indexing). */
  onProgress?: (value: { kind: string; message?: string; title?: string }, client: LspTestClient) => void;
  execArgv?: string[];
  /** Arguments after the server's path (as the extension's client passes them). */
  args?: string[];
  /** The client's display language, sent as initialize's `locale` (VS Code sends e.g. `zh-cn`). */
  locale?: string;
}

export class LspTestClient {
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  readonly progress: { token: string | number; value: { kind: string; message?: string; title?: string }; at: number }[] = [];
  readonly logs: string[] = [];
  private ended = 0;
  private endWaiters: { count: number; resolve: () => void }[] = [];
  private versions = new Map<string, number>();

  private constructor(
    readonly process: ChildProcess,
    readonly connection: ProtocolConnection,
  ) {}

  static async start(options: StartOptions): Promise<LspTestClient> {
    const child = spawn(process.execPath, [...(options.execArgv ?? []), SERVER, '--stdio', ...(options.args ?? [])], { stdio: ['pipe', 'pipe', 'pipe'] });
    child.stderr!.on('data', () => undefined);
    // A server that has already exited (after shutdown) makes a late write fail: that is not a test
    // failure. Messages go through a pass-through piped to the server's stdin: once the server is
    // gone, the pipe ends and a late message (a reply, a last notification) is dropped, not thrown.
    child.stdin!.on('error', () => undefined);
    const input = new PassThrough();
    input.pipe(child.stdin!);
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(input));
    const client = new LspTestClient(child, connection);
    connection.onRequest(WorkDoneProgressCreateRequest.type, async () => {
      await options.beforeProgressCreate?.(client);
      return null;
    });
    connection.onRequest(ConfigurationRequest.type, async (p) => {
      await options.beforeConfiguration?.(client);
      return p.items.map(() => options.settings ?? null);
    });
    connection.onRequest(RegistrationRequest.type, () => null);
    connection.onNotification('$/progress', (p: { token: string | number; value: { kind: string; message?: string } }) => {
      client.progress.push({ ...p, at: Date.now() });
      options.onProgress?.(p.value, client);
      if (p.value.kind === 'end') {
        client.ended++;
        for (const w of client.endWaiters.filter((w) => w.count <= client.ended)) w.resolve();
        client.endWaiters = client.endWaiters.filter((w) => w.count > client.ended);
      }
    });
    connection.onNotification(PublishDiagnosticsNotification.type, (p) => client.diagnostics.set(p.uri, p));
    connection.onNotification('window/logMessage', (p: { message: string }) => client.logs.push(p.message));
    connection.listen();
    const folderUri = pathToFileURL(options.folder).toString();
    await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      locale: options.locale,
      rootUri: folderUri,
      workspaceFolders: [{ uri: folderUri, name: path.basename(options.folder) }],
      initializationOptions: { ...(options.settingsAtInitialize === false ? {} : { settings: options.settings ?? {} }), ...options.initializationOptions },
      capabilities: {
        window: { workDoneProgress: true },
        workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } },
        textDocument: { hover: { contentFormat: ['markdown', 'plaintext'] }, documentSymbol: { hierarchicalDocumentSymbolSupport: true } },
      },
    });
    await connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  /** Resolves when the n-th indexing run has ended (work-done progress `end`). */
  waitForIndex(n = 1, timeoutMs = 120000): Promise<void> {
    if (this.ended >= n) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`index not ready after ${timeoutMs} ms`)), timeoutMs);
      this.endWaiters.push({ count: n, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  async open(uri: string, text: string, languageId = 'corpus-text'): Promise<void> {
    this.versions.set(uri, 1);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
  }

  async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<void> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest(ShutdownRequest.type), new Promise((r) => setTimeout(r, 2000))]);
      if (this.process.exitCode === null && this.process.signalCode === null) await this.connection.sendNotification(ExitNotification.type);
    } catch {
      // already gone
    }
    this.connection.dispose();
    if (this.process.exitCode === null) this.process.kill();
  }
}
