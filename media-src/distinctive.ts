// Distinctive terms of one meeting: a sortable table; a click on a word opens its concordance.

import type { DistinctiveItem } from '../server/src/core/study/distinctive';
import type { DistinctiveStrings } from '../client/src/views/webviewStrings';
import { clear, fmt, format, h, isObject, pageStrings, vscode } from './common';

type Item = DistinctiveItem;
interface Data {
  meeting: { uri: string; index: number; date: string | null; title: string; kind: string };
  tokens: number;
  restTokens: number;
  complete: boolean;
  items: Item[];
}
interface MeetingChoice {
  uri: string;
  index: number;
  label: string;
}

const app = document.getElementById('app')!;
const S = pageStrings<DistinctiveStrings>();
const meetingSelect = h('select', { attrs: { 'aria-label': S.meetingLabel } });
const minInput = h('input', { attrs: { type: 'number', min: '1', value: '3', 'aria-label': S.minLabel } });
const heading = h('h2');
const summary = h('div', { className: 'summary' });
const head = h('tr');
const body = h('tbody');
let data: Data | undefined;
let choices: MeetingChoice[] = [];
let sortKey: keyof Item = 'g2';

const columns: [keyof Item, string, string][] = [
  ['text', S.text, ''],
  ['category', S.kind, S.kindTitle],
  ['count', S.here, S.hereTitle],
  ['rest', S.elsewhere, S.elsewhereTitle],
  ['rate', S.rate, S.rateTitle],
  ['restRate', S.restRate, S.restRateTitle],
  ['g2', 'G²', S.g2Title],
  ['logRatio', S.logRatio, S.logRatioTitle],
];

function send(): void {
  const c = choices[Number(meetingSelect.value)];
  if (c) vscode.postMessage({ type: 'query', uri: c.uri, meeting: c.index, minFrequency: Number(minInput.value) || 3 });
}
meetingSelect.addEventListener('change', send);
minInput.addEventListener('change', send);

app.append(
  h('div', { className: 'toolbar' }, meetingSelect, h('label', {}, S.minFrequency, minInput), h('button', { attrs: { type: 'button' }, onclick: () => vscode.postMessage({ type: 'exportCsv' }) }, S.exportCsv)),
  heading,
  summary,
  h('table', { className: 'distinctive' }, h('thead', {}, head), body),
);

function renderHead(): void {
  clear(head);
  for (const [key, label, title] of columns) {
    head.append(h('th', { title: title ? format(S.clickToSortTitle, title) : S.clickToSort, className: key === sortKey ? 'sorted' : '', onclick: () => ((sortKey = key), renderHead(), render()) }, label));
  }
}

function render(): void {
  clear(body);
  if (!data) return;
  const d = data;
  heading.textContent = `${d.meeting.date ?? S.undated} · ${d.meeting.title}`;
  summary.textContent = format(S.summary, d.items.length, d.tokens, d.restTokens) + (d.complete ? '' : S.incomplete);
  const items = [...d.items];
  if (sortKey === 'text' || sortKey === 'category') items.sort((a, b) => String(a[sortKey] ?? a.kind).localeCompare(String(b[sortKey] ?? b.kind), 'zh'));
  else items.sort((a, b) => (b[sortKey] as number) - (a[sortKey] as number));
  for (const it of items) {
    body.append(
      h(
        'tr',
        { title: format(S.concordanceOf, it.text), onclick: () => vscode.postMessage({ type: 'concordance', term: it.text }) },
        h('td', { className: it.kind === 'term' ? 'term' : '' }, it.text),
        h('td', {}, it.category ? (S.categories[it.category] ?? it.category.replace(/-/g, ' ')) : S.word),
        h('td', { className: 'num' }, it.count),
        h('td', { className: 'num' }, it.rest),
        h('td', { className: 'num' }, fmt(it.rate, 1)),
        h('td', { className: 'num' }, fmt(it.restRate, 1)),
        h('td', { className: 'num' }, fmt(it.g2, 1)),
        h('td', { className: 'num' }, fmt(it.logRatio, 2)),
      ),
    );
  }
}

window.addEventListener('message', (e: MessageEvent) => {
  const m = e.data;
  if (!isObject(m)) return;
  if (m.type === 'result' && isObject(m.data) && Array.isArray(m.meetings)) {
    data = m.data as unknown as Data;
    choices = m.meetings as MeetingChoice[];
    clear(meetingSelect);
    choices.forEach((c, i) => meetingSelect.append(h('option', { attrs: { value: String(i) } }, c.label)));
    const at = choices.findIndex((c) => c.uri === data!.meeting.uri && c.index === data!.meeting.index);
    meetingSelect.value = String(Math.max(0, at));
    if (typeof m.minFrequency === 'number') minInput.value = String(m.minFrequency);
    render();
  } else if (m.type === 'error' && typeof m.message === 'string') {
    summary.textContent = m.message;
  }
});

renderHead();
vscode.postMessage({ type: 'ready' });
