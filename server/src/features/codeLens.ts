// CodeLens over each meeting title: its most distinctive terms, with a command that opens the full
// table; and what changed against the last document of its kind, which opens the compare view.

import { CodeLens } from 'vscode-languageserver';
import { CorpusIndex } from '../core/corpusIndex';
import { distinctiveTermSteps } from '../core/study/distinctive';
import { compareSteps } from '../core/study/compare';
import { findMeeting } from '../core/study/query';
import { Steps } from '../core/study/slices';
import { fileRange } from './lsp';
import { Language, labelOf, translate } from '../l10n';

const SHOWN = 5;

/** The command the lens runs: the client opens the distinctive-terms table for (uri, meeting index). */
export const DISTINCTIVE_COMMAND = 'corpusStudy.distinctiveTerms';
/** The command of the compare lens: the client opens the compare view for (uri, meeting index). */
export const COMPARE_COMMAND = 'corpusStudy.compare';

/** What a compare lens carries until it is resolved: its title costs a comparison, made only for lenses the editor shows. */
export interface CompareLensData {
  compare: { uri: string; meeting: number };
}

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
    const range = fileRange(file, m.meeting.titleSpan);
    lenses.push({ range, command: { title, command: DISTINCTIVE_COMMAND, arguments: [uri, m.indexInFile] } });
    const data: CompareLensData = { compare: { uri, meeting: m.indexInFile } };
    lenses.push({ range, data });
    yield;
  }
  return lenses;
}

/** Resolves a compare lens: the counts of new and dropped formulations against the document's predecessor. */
export function* resolveCompareLensSteps(index: CorpusIndex, lens: CodeLens, language: Language = 'en'): Steps<CodeLens> {
  const data = (lens.data as Partial<CompareLensData> | undefined)?.compare;
  const target = data && typeof data.uri === 'string' && typeof data.meeting === 'number' ? findMeeting(index, data.uri, data.meeting) : undefined;
  if (!target) return lens;
  const c = yield* compareSteps(index, target);
  const title = c.against
    ? translate(language, 'lens.compare', c.against.date ?? '', labelOf(language, 'kind', c.against.kind), c.items.filter((i) => i.status === 'new').length, c.items.filter((i) => i.status === 'dropped').length)
    : translate(language, 'lens.compareFirst');
  return { range: lens.range, command: { title, command: COMPARE_COMMAND, arguments: [target.uri, target.indexInFile] } };
}
