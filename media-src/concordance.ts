// Concordance (KWIC) with collocates beside it. The extension sends results; this script renders
// them with text nodes only and sends back what the user asks for (a new query, a row to open).

import type { ConcordanceRow } from '../server/src/core/study/concordance';
import type { Collocate } from '../server/src/core/study/collocates';
import type { ConcordanceStrings } from '../client/src/views/webviewStrings';
import { clear, fmt, format, h, isObject, pageStrings, vscode } from './common';

// The shapes the server sends, shared with it (type-only imports: nothing of the server is bundled).
type Row = Omit<ConcordanceRow, 'start' | 'end'>;
interface Result {
  query: { query: string; sort: string; kinds: string[]; dateFrom: string; dateTo: string; window: number };
  concordance: { matchedAs: string; term?: string; total: number; unfiltered: number; rows: Row[] };
  collocates: { hits: number; window: number; collocates: Collocate[] };
  kinds: string[];
}

const app = document.getElementById('app')!;
const S = pageStrings<ConcordanceStrings>();

const queryInput = h('input', { attrs: { type: 'text', 'aria-label': S.queryLabel, placeholder: S.queryPlaceholder } });
const sortSelect = h('select', { attrs: { 'aria-label': S.sortLabel } }, h('option', { attrs: { value: 'date' } }, S.sortDate), h('option', { attrs: { value: 'left' } }, S.sortLeft), h('option', { attrs: { value: 'right' } }, S.sortRight));
const kindSelect = h('select', { attrs: { 'aria-label': S.kindLabel } }, h('option', { attrs: { value: '' } }, S.allKinds));
const fromInput = h('input', { attrs: { type: 'date', 'aria-label': S.fromLabel } });
const toInput = h('input', { attrs: { type: 'date', 'aria-label': S.toLabel } });
const windowInput = h('input', { attrs: { type: 'number', min: '1', max: '50', value: '5', 'aria-label': S.windowLabel } });
const summary = h('span', { className: 'summary' });
const kwicBody = h('tbody');
const collocBody = h('tbody');
const collocInfo = h('div', { className: 'summary' });

let last: Result | undefined;
let collocSort: keyof Collocate = 'g2';

function send(): void {
  const query = queryInput.value.trim();
  if (!query) return;
  vscode.postMessage({
    type: 'query',
    query,
    sort: sortSelect.value,
    kinds: kindSelect.value ? [kindSelect.value] : [],
    dateFrom: fromInput.value,
    dateTo: toInput.value,
    window: Number(windowInput.value) || 5,
  });
  summary.textContent = S.searching;
}

const form = h(
  'form',
  { className: 'toolbar' },
  queryInput,
  h('button', { attrs: { type: 'submit' } }, S.search),
  sortSelect,
  kindSelect,
  h('label', {}, S.from, fromInput),
  h('label', {}, S.to, toInput),
  h('button', { attrs: { type: 'button' }, title: S.exportTitle, onclick: () => vscode.postMessage({ type: 'exportCsv' }) }, S.exportCsv),
  summary,
);
form.addEventListener('submit', (e) => {
  e.preventDefault();
  send();
});
for (const el of [sortSelect, kindSelect, fromInput, toInput]) el.addEventListener('change', send);
windowInput.addEventListener('change', send);

const kwicTable = h(
  'table',
  { className: 'kwic' },
  h('thead', {}, h('tr', {}, h('th', { className: 'date' }, S.date), h('th', { className: 'meeting' }, S.meeting), h('th', { className: 'left' }, S.left), h('th', { className: 'hit' }, S.hit), h('th', { className: 'right' }, S.right))),
  kwicBody,
);

const collocColumns: [keyof Collocate, string, string][] = [
  ['word', S.word, ''],
  ['freq', S.freq, S.freqTitle],
  ['left', S.leftShort, S.leftTitle],
  ['right', S.rightShort, S.rightTitle],
  ['mi', 'MI', S.miTitle],
  ['g2', 'G²', S.g2Title],
  ['logDice', 'logDice', S.logDiceTitle],
];
const collocHead = h('tr');
const collocTable = h('table', { className: 'colloc' }, h('thead', {}, collocHead), collocBody);

function renderCollocHead(): void {
  clear(collocHead);
  for (const [key, label, title] of collocColumns) {
    collocHead.append(
      h('th', { title: title ? format(S.clickToSortTitle, title) : S.clickToSort, className: key === collocSort ? 'sorted' : '', onclick: () => ((collocSort = key), renderCollocHead(), renderCollocates()) }, label),
    );
  }
}

app.append(
  form,
  h(
    'div',
    { className: 'split' },
    h('section', { className: 'pane wide' }, kwicTable),
    h('section', { className: 'pane narrow' }, h('h2', {}, S.collocates), h('label', { className: 'summary' }, S.windowWords, windowInput), collocInfo, collocTable),
  ),
);
renderCollocHead();

function renderRows(r: Result): void {
  clear(kwicBody);
  const c = r.concordance;
  summary.textContent =
    format(c.total === 1 ? S.hitsOne : S.hitsMany, c.total) +
    (c.total !== c.unfiltered ? format(S.ofTotal, c.unfiltered) : '') +
    (c.term ? format(S.termNote, c.term) : c.matchedAs === 'string' ? S.plainString : '') +
    (c.rows.length < c.total ? format(S.showing, c.rows.length) : '');
  c.rows.forEach((row, i) => {
    const tr = h(
      'tr',
      { title: row.meeting ? `${row.meeting.date ?? S.undated} · ${row.meeting.title}` : '', onclick: () => vscode.postMessage({ type: 'open', row: i }) },
      h('td', { className: 'date' }, row.meeting?.date ?? ''),
      h('td', { className: 'meeting' }, row.meeting?.title ?? ''),
      // The span keeps the text left-to-right while the cell overflows to the left (see views.css).
      h('td', { className: 'left' }, h('span', {}, row.left)),
      h('td', { className: 'hit' }, row.hit),
      h('td', { className: 'right' }, row.right),
    );
    tr.tabIndex = 0;
    tr.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') vscode.postMessage({ type: 'open', row: i });
    });
    kwicBody.append(tr);
  });
}

function renderCollocates(): void {
  clear(collocBody);
  if (!last) return;
  const cs = [...last.collocates.collocates];
  cs.sort((a, b) => (collocSort === 'word' ? a.word.localeCompare(b.word, 'zh') : (b[collocSort] as number) - (a[collocSort] as number)));
  collocInfo.textContent = format(S.collocatesSummary, last.collocates.hits, last.collocates.window, cs.length);
  for (const c of cs) {
    collocBody.append(
      h(
        'tr',
        { title: format(S.concordanceOf, c.word), onclick: () => ((queryInput.value = c.word), send()) },
        h('td', {}, c.word),
        h('td', { className: 'num' }, c.freq),
        h('td', { className: 'num' }, c.left),
        h('td', { className: 'num' }, c.right),
        h('td', { className: 'num' }, fmt(c.mi)),
        h('td', { className: 'num' }, fmt(c.g2, 1)),
        h('td', { className: 'num' }, fmt(c.logDice)),
      ),
    );
  }
}

function setKinds(kinds: string[], selected: string): void {
  while (kindSelect.options.length > 1) kindSelect.remove(1);
  for (const k of kinds) kindSelect.append(h('option', { attrs: { value: k } }, S.kinds[k] ?? k.replace(/-/g, ' ')));
  kindSelect.value = kinds.includes(selected) ? selected : '';
}

window.addEventListener('message', (e: MessageEvent) => {
  const m = e.data;
  if (!isObject(m)) return;
  if (m.type === 'result' && isObject(m.result)) {
    const r = m.result as unknown as Result;
    last = r;
    queryInput.value = r.query.query;
    sortSelect.value = r.query.sort;
    setKinds(r.kinds, r.query.kinds[0] ?? '');
    fromInput.value = r.query.dateFrom;
    toInput.value = r.query.dateTo;
    windowInput.value = String(r.query.window);
    renderRows(r);
    renderCollocates();
  } else if (m.type === 'error' && typeof m.message === 'string') {
    summary.textContent = m.message;
  }
});

vscode.postMessage({ type: 'ready' });
