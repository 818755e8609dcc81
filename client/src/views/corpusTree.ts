// The Corpus view in the sidebar: meetings by date → sections; glossary terms by category with
// their mention counts; candidate terms, best first, a page at a time. Everything comes from the
// server's study requests.

import * as vscode from 'vscode';
import { CandidatePage, CandidateRow, GlossaryCategory, OutlineMeetingResult, StudyApi } from './studyApi';
import { categoryLabel, dateSourceLabel, kindLabel, listSeparator, reasonLabel, undated } from '../labels';

type Range = OutlineMeetingResult['range'];
type SectionResult = OutlineMeetingResult['sections'][number];

export type CorpusNode =
  | { kind: 'root'; root: 'meetings' | 'glossary' | 'candidates' }
  | { kind: 'meeting'; meeting: OutlineMeetingResult }
  | { kind: 'section'; uri: string; section: SectionResult }
  | { kind: 'category'; category: GlossaryCategory }
  | { kind: 'term'; term: string; count: number; meetings: number; detail: string; candidate: boolean }
  | { kind: 'moreCandidates'; shown: number; total: number };

const toRange = (r: Range) => new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);

export class CorpusTreeProvider implements vscode.TreeDataProvider<CorpusNode> {
  private readonly changed = new vscode.EventEmitter<CorpusNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private outline?: Promise<OutlineMeetingResult[]>;
  private glossary?: Promise<GlossaryCategory[]>;
  /** The candidate pages loaded so far: the first on opening, the next ones by "more…". */
  private candidates?: Promise<CandidatePage>;

  constructor(private readonly api: StudyApi) {}

  refresh(): void {
    this.outline = this.glossary = this.candidates = undefined;
    this.changed.fire(undefined);
  }

  getTreeItem(n: CorpusNode): vscode.TreeItem {
    switch (n.kind) {
      case 'root': {
        const label = { meetings: vscode.l10n.t('Meetings'), glossary: vscode.l10n.t('Glossary terms'), candidates: vscode.l10n.t('Candidate terms') }[n.root];
        const item = new vscode.TreeItem(label, n.root === 'meetings' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
        item.contextValue = `corpusRoot.${n.root}`;
        return item;
      }
      case 'meeting': {
        const m = n.meeting;
        const item = new vscode.TreeItem(m.title || vscode.l10n.t('(untitled)'), m.sections.length > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
        item.description = `${m.date ?? undated()} · ${kindLabel(m.kind)}`;
        item.tooltip = `${m.date ?? undated()}${m.dateSource !== 'stated' ? ` (${dateSourceLabel(m.dateSource)})` : ''} · ${kindLabel(m.kind)}\n${m.title}\n${vscode.l10n.t('{0} characters', m.chars)}`;
        item.iconPath = new vscode.ThemeIcon('calendar');
        item.contextValue = 'corpusMeeting';
        item.command = { command: 'corpusStudy.openMeeting', title: vscode.l10n.t('Open'), arguments: [m.uri, m.range] };
        return item;
      }
      case 'section': {
        const s = n.section;
        const item = new vscode.TreeItem(s.name, s.children.length > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon(s.kind === 'point' ? 'comment' : 'symbol-namespace');
        item.command = { command: 'corpusStudy.openMeeting', title: vscode.l10n.t('Open'), arguments: [n.uri, s.range] };
        return item;
      }
      case 'category': {
        const total = n.category.terms.reduce((a, t) => a + t.count, 0);
        const item = new vscode.TreeItem(categoryLabel(n.category.category), vscode.TreeItemCollapsibleState.Collapsed);
        item.description = vscode.l10n.t('{0} terms · {1} mentions', n.category.terms.length, total);
        item.iconPath = new vscode.ThemeIcon('symbol-folder');
        return item;
      }
      case 'moreCandidates': {
        const item = new vscode.TreeItem(vscode.l10n.t('more… ({0} of {1})', n.shown, n.total), vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon('ellipsis');
        item.command = { command: 'corpusStudy.moreCandidates', title: vscode.l10n.t('More candidate terms') };
        return item;
      }
      case 'term': {
        const item = new vscode.TreeItem(n.term, vscode.TreeItemCollapsibleState.None);
        item.description = n.meetings === 1 ? vscode.l10n.t('{0} in {1} meeting', n.count, n.meetings) : vscode.l10n.t('{0} in {1} meetings', n.count, n.meetings);
        item.tooltip = n.detail ? `${n.term} · ${n.detail}` : n.term;
        item.iconPath = new vscode.ThemeIcon(n.candidate ? 'lightbulb' : 'symbol-keyword');
        item.contextValue = n.candidate ? 'corpusCandidate' : 'corpusTerm';
        item.command = { command: 'corpusStudy.concordance', title: vscode.l10n.t('Concordance'), arguments: [n.term] };
        return item;
      }
    }
  }

  async getChildren(n?: CorpusNode): Promise<CorpusNode[]> {
    try {
      if (!n) return (['meetings', 'glossary', 'candidates'] as const).map((root) => ({ kind: 'root', root }));
      if (n.kind === 'root' && n.root === 'meetings') return (await (this.outline ??= this.api.outline())).map((meeting) => ({ kind: 'meeting', meeting }));
      if (n.kind === 'root' && n.root === 'glossary') return (await (this.glossary ??= this.api.glossaryTerms())).map((category) => ({ kind: 'category', category }));
      if (n.kind === 'root' && n.root === 'candidates') {
        const page = await (this.candidates ??= this.api.candidates());
        const nodes: CorpusNode[] = page.items.map((c) => ({ kind: 'term', term: c.term, count: c.count, meetings: c.meetings, detail: candidateDetail(c), candidate: true }));
        if (page.items.length < page.total) nodes.push({ kind: 'moreCandidates', shown: page.items.length, total: page.total });
        return nodes;
      }
      if (n.kind === 'meeting') return n.meeting.sections.map((section) => ({ kind: 'section', uri: n.meeting.uri, section }));
      if (n.kind === 'section') return n.section.children.map((section) => ({ kind: 'section', uri: n.uri, section }));
      if (n.kind === 'category') return n.category.terms.map((t) => ({ kind: 'term', term: t.term, count: t.count, meetings: t.meetings, detail: t.gloss, candidate: false }));
    } catch {
      // The server is still starting: the view fills in on the next refresh.
    }
    return [];
  }

  /** The next page of candidate terms under the ones shown ("more…"). */
  moreCandidates(): void {
    const shown = this.candidates;
    if (!shown) return;
    this.candidates = shown.then(async (page) => {
      const next = await this.api.candidates(page.items.length);
      return { ...next, items: [...page.items, ...next.items] };
    });
    this.changed.fire(undefined);
  }
}

function candidateDetail(c: CandidateRow): string {
  return vscode.l10n.t('candidate · {0} · {1} meetings over {2} months or years', c.reasons.map(reasonLabel).join(listSeparator()), c.meetings, c.periods);
}

export { toRange };
