// CodeLens over each meeting title: its most distinctive terms, with a command that opens the full table.

import { CodeLens } from 'vscode-languageserver';
import { CorpusIndex } from '../core/corpusIndex';
import { distinctiveTerms } from '../core/study/distinctive';
import { fileRange } from './lsp';

const SHOWN = 5;

/** The command the lens runs: the client opens the distinctive-terms table for (uri, meeting index). */
export const DISTINCTIVE_COMMAND = 'corpusStudy.distinctiveTerms';

export function provideCodeLenses(index: CorpusIndex, uri: string): CodeLens[] {
  const file = index.file(uri);
  // Before segmentation the word counts are not there yet; a lens then would only mislead.
  if (!file || !file.segmented || index.meetingsChronological().length < 2) return [];
  return file.meetings.map((m) => {
    const d = distinctiveTerms(index, uri, m.indexInFile, { limit: SHOWN });
    const words = d?.items.map((i) => i.text) ?? [];
    const title = words.length > 0 ? `Distinctive: ${words.join(' · ')}` : 'Distinctive: nothing stands out';
    return {
      range: fileRange(file, m.meeting.titleSpan),
      command: { title, command: DISTINCTIVE_COMMAND, arguments: [uri, m.indexInFile] },
    };
  });
}
