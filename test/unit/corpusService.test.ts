// The service's order of work around the end of an indexing (the wiring of the core, no protocol).

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CorpusService, ProgressHandle } from '../../server/src/corpusService';
import { DEFAULT_SETTINGS } from '../../server/src/workspaceFiles';

const REPO = path.resolve(__dirname, '..', '..', '..');

describe('corpus service', () => {
  let folder: string;
  before(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'corpus-service-'));
    fs.copyFileSync(path.join(REPO, 'corpus', '000_0e5442cdf73d87c8.txt'), path.join(folder, 'seed.txt'));
  });
  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('lets the end of its progress out before the work that follows an indexing', async () => {
    // vscode-jsonrpc writes a message on a later turn of the event loop: whatever runs before that
    // turn delays the client's news of the ready index. Word lists are made after an indexing
    // (see CorpusIndex.deferWordLists); none may be made before the turn that follows the end.
    let pendingOnNextTurn: number | undefined;
    let service: CorpusService | undefined = undefined;
    const progress: ProgressHandle = {
      report: () => undefined,
      done: () => setImmediate(() => (pendingOnNextTurn = service!.index.allFiles().filter((f) => f.wordsPending).length)),
    };
    service = new CorpusService(
      { progressBegin: () => progress, publishFileProblems: () => undefined, publishGlossaryProblems: () => undefined, log: () => undefined },
      path.join(REPO, 'corpus', 'glossary.yaml'),
      undefined,
      { segmentThreads: 0 },
    );
    try {
      await service.start([folder], DEFAULT_SETTINGS);
      assert.equal(pendingOnNextTurn, 1, 'the file was listed under its words before the next turn');
      assert.ok(service.index.allFiles().every((f) => !f.wordsPending), 'listed once the indexing work was over');
    } finally {
      await service.dispose();
    }
  });
});
