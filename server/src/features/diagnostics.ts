// Problems as diagnostics: what the reader could not read in a corpus file, and errors in a glossary file.

import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver';
import { IndexedFile } from '../core/corpusIndex';
import { GlossaryProblem } from '../core/glossary';
import { ProblemSeverity, ReadProblem } from '../core/model';
import { LineIndex } from '../core/positions';
import { toRange } from './lsp';
import { Language, localizeProblem } from '../l10n';

const SEVERITY: Record<ProblemSeverity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/** The core's problems are in English; they are given in the client's language here, at the edge. */
function toDiagnostic(lines: LineIndex, p: ReadProblem | GlossaryProblem, language: Language): Diagnostic {
  const span = p.span ?? { start: 0, end: 0 };
  return { severity: SEVERITY[p.severity], range: toRange(lines, span), message: localizeProblem(language, p.message), source: 'corpus-study' };
}

export function fileDiagnostics(file: IndexedFile, language: Language = 'en'): Diagnostic[] {
  // One file, one message: when the bytes could not be read there is no text, and the reader's
  // notes about that empty text ("empty file") would only repeat the read error.
  const unread = file.textLength === 0 && file.problems.some((p) => p.severity === 'error');
  const problems = unread ? file.problems.filter((p) => p.severity === 'error') : file.problems;
  return problems.map((p) => toDiagnostic(file.lines, p, language));
}

/** Problems of a file read as a whole (a glossary, a dataset), against its text. */
export function textDiagnostics(text: string, problems: readonly (GlossaryProblem | ReadProblem)[], language: Language = 'en'): Diagnostic[] {
  if (problems.length === 0) return [];
  const lines = new LineIndex(text);
  return problems.map((p) => toDiagnostic(lines, p, language));
}

export const glossaryDiagnostics: (text: string, problems: readonly GlossaryProblem[], language?: Language) => Diagnostic[] = textDiagnostics;
