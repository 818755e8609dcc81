// CodeLens over each meeting title: its most distinctive terms, with a command that opens the full table.

import { CodeLens } from 'vscode-languageserver';
import { CorpusIndex } from '../core/corpusIndex';
import { distinctiveTermSteps } from '../core/study/distinctive';
import { Steps } from '../core/study/slices';
import { fileRange } from './lsp';
import { Language, translate } from '../l10n';

const SHOWN = 5;

/** The command the lens runs: the client opens the distinctive-terms table for (uri, meeting index). */
export const DISTINCTIVE_COMMAND = 'corpusStudy.distinctiveTerms';

/**
 * The lenses, in steps: the word counts under them are a pass over every token the first time (a
 * few hundred ms on a corpus of 10 MB; after an edit, over the meetings it changed), then the
 * keyness of each meeting's words. The server runs them a slice at a time, so that requests
 * behind them are answered in between.
 */
export function* codeLensSteps(index: CorpusIndex, uri: string, language: Language = 'en'): Steps<CodeLens[]> {
  const file = index.file(uri);
  // Before segmentation the word counts are not there yet; a lens then would only mislead.
  if (!file || !file.segmented || index.meetingsChronological().length < 2) return [];
  const lenses: CodeLens[] = [];
  for (const m of file.meetings) {
    const d = yield* distinctiveTermSteps(index, uri, m.indexInFile, { limit: SHOWN });
    const words = d?.items.map((i) => i.text) ?? [];
    const title = words.length > 0 ? translate(language, 'lens.distinctive', words.join(' · ')) : translate(language, 'lens.nothing');
    lenses.push({
      range: fileRange(file, m.meeting.titleSpan),
      command: { title, command: DISTINCTIVE_COMMAND, arguments: [uri, m.indexInFile] },
    });
    yield;
  }
  return lenses;
}
