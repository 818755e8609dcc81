// "Add 「X」 to the glossary": a WorkspaceEdit that appends an entry skeleton to a glossary file.
// It inserts at the end and touches nothing else; the client applies it, so it is undoable.

import { CodeAction, CodeActionKind, Position, Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import { CorpusIndex } from '../core/corpusIndex';
import { LineIndex } from '../core/positions';
import { Language, translate } from '../l10n';

export interface GlossaryTarget {
  uri: string;
  /** Current text of the file, or undefined when the file does not exist yet. */
  text?: string;
}

/**
 * The term as a YAML scalar. Candidate terms come from corpus text, so they may hold YAML syntax
 * (`**重点**` is an alias, `[防控](x)` a list, `a: b` a mapping): anything but plain letters,
 * digits and marks is written double-quoted, which JSON's escaping makes valid YAML.
 */
export function yamlScalar(term: string): string {
  const plain = /^[\p{L}\p{N}][\p{L}\p{N}\p{M}]*$/u.test(term) && !/^(?:true|false|null|yes|no|on|off|y|n)$/i.test(term);
  return plain ? term : JSON.stringify(term);
}

export function glossaryEntrySkeleton(term: string, indent: string): string {
  const i = indent;
  return [
    `${i}- term: ${yamlScalar(term)}`,
    `${i}  aliases: []`,
    `${i}  category: concept`,
    `${i}  gloss: ""`,
    `${i}  zh: ""`,
    `${i}  en: ""`,
    '',
  ].join('\n');
}

export function addToGlossaryEdit(term: string, target: GlossaryTarget): WorkspaceEdit {
  if (target.text === undefined) {
    const text = `version: 1\nterms:\n${glossaryEntrySkeleton(term, '  ')}`;
    return {
      documentChanges: [
        { kind: 'create', uri: target.uri, options: { ignoreIfExists: true } },
        { textDocument: { uri: target.uri, version: null }, edits: [TextEdit.insert(Position.create(0, 0), text)] },
      ],
    };
  }
  const lines = new LineIndex(target.text);
  const end = lines.positionAt(target.text.length);
  const indent = /^([ \t]*)- term:/m.exec(target.text)?.[1] ?? '  ';
  const needsNewline = target.text.length > 0 && !/[\r\n]$/.test(target.text);
  const hasTerms = /^terms:/m.test(target.text);
  const insert = (needsNewline ? '\n' : '') + (hasTerms ? '' : 'terms:\n') + glossaryEntrySkeleton(term, indent);
  return { changes: { [target.uri]: [TextEdit.insert(end, insert)] } };
}

export function provideCodeActions(index: CorpusIndex, uri: string, range: Range, target: GlossaryTarget | undefined, language: Language = 'en'): CodeAction[] {
  const file = index.file(uri);
  if (!file || !target) return [];
  const t = index.targetAt(uri, file.lines.offsetAt(range.start));
  if (!t) return [];
  const key = t.kind === 'term' ? t.term.key : t.word;
  if (t.kind === 'term' && t.term.kind === 'glossary') return [];
  return [
    {
      title: translate(language, 'action.addToGlossary', key),
      kind: CodeActionKind.QuickFix,
      edit: addToGlossaryEdit(key, target),
      command: { title: translate(language, 'action.openEntry'), command: 'corpusStudy.revealGlossaryEntry', arguments: [target.uri, key] },
    },
  ];
}
