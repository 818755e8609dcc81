// Distinctive terms of one meeting: a sortable table; a click on a word opens its concordance.

import type { DistinctiveItem } from '../server/src/core/study/distinctive';
import { clear, fmt, h, isObject, vscode } from './common';

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
const meetingSelect = h('select', { attrs: { 'aria-label': 'Meeting' } });
const minInput = h('input', { attrs: { type: 'number', min: '1', value: '3', 'aria-label': 'Minimum frequency in the meeting' } });
const heading = h('h2');
const summary = h('div', { className: 'summary' });
const head = h('tr');
const body = h('tbody');
let data: Data | undefined;
let choices: MeetingChoice[] = [];
let sortKey: keyof Item = 'g2';

const columns: [keyof Item, string, string][] = [
  ['text', 'Word or term', ''],
  ['category', 'Kind', 'Glossary category, or "word" for a segmented word'],
  ['count', 'Here', 'Count in this meeting'],
  ['rest', 'Elsewhere', 'Count in the rest of the corpus'],
  ['rate', 'Per 10k words', 'Rate in this meeting, per 10,000 words'],
  ['restRate', 'Elsewhere per 10k', 'Rate in the rest of the corpus'],
  ['g2', 'G²', 'Log-likelihood: 3.84 ≈ p < 0.05, 10.83 ≈ p < 0.001'],
  ['logRatio', 'Log ratio', 'Effect size: +1 = twice as frequent as elsewhere'],
];

function send(): void {
  const c = choices[Number(meetingSelect.value)];
  if (c) vscode.postMessage({ type: 'query', uri: c.uri, meeting: c.index, minFrequency: Number(minInput.value) || 3 });
}
meetingSelect.addEventListener('change', send);
minInput.addEventListener('change', send);

app.append(
  h('div', { className: 'toolbar' }, meetingSelect, h('label', {}, 'min. frequency ', minInput), h('button', { attrs: { type: 'button' }, onclick: () => vscode.postMessage({ type: 'exportCsv' }) }, 'Export CSV')),
  heading,
  summary,
  h('table', { className: 'distinctive' }, h('thead', {}, head), body),
);

function renderHead(): void {
  clear(head);
  for (const [key, label, title] of columns) {
    head.append(h('th', { title: title ? `${title} — click to sort` : 'Click to sort', className: key === sortKey ? 'sorted' : '', onclick: () => ((sortKey = key), renderHead(), render()) }, label));
  }
}

function render(): void {
  clear(body);
  if (!data) return;
  const d = data;
  heading.textContent = `${d.meeting.date ?? 'undated'} · ${d.meeting.title}`;
  summary.textContent = `${d.items.length} words and terms over-represented against the rest of the corpus (${d.tokens} words here, ${d.restTokens} elsewhere)${d.complete ? '' : ' · segmentation still running: figures may change'}`;
  const items = [...d.items];
  if (sortKey === 'text' || sortKey === 'category') items.sort((a, b) => String(a[sortKey] ?? a.kind).localeCompare(String(b[sortKey] ?? b.kind), 'zh'));
  else items.sort((a, b) => (b[sortKey] as number) - (a[sortKey] as number));
  for (const it of items) {
    body.append(
      h(
        'tr',
        { title: `Concordance of ${it.text}`, onclick: () => vscode.postMessage({ type: 'concordance', term: it.text }) },
        h('td', { className: it.kind === 'term' ? 'term' : '' }, it.text),
        h('td', {}, it.category ? it.category.replace(/-/g, ' ') : 'word'),
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
