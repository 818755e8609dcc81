// Compare: new and dropped formulations side by side, the kept ones below. A click on an item
// opens its place in the document (or, for a dropped one, in the earlier document).

import type { CompareItemResult, ComparisonResult } from '../server/src/features/studyRequests';
import type { CompareStrings } from '../client/src/views/webviewStrings';
import { clear, format, h, isObject, pageStrings, vscode } from './common';

interface DocumentChoice {
  uri: string;
  index: number;
  label: string;
}

const app = document.getElementById('app')!;
const S = pageStrings<CompareStrings>();
const targetSelect = h('select', { attrs: { 'aria-label': S.documentLabel } });
const againstSelect = h('select', { attrs: { 'aria-label': S.againstLabel } });
const heading = h('h2');
const summary = h('div', { className: 'summary' });
const newList = h('ol', { className: 'compare-list' });
const droppedList = h('ol', { className: 'compare-list' });
const keptBody = h('tbody');
let data: ComparisonResult | undefined;
let choices: DocumentChoice[] = [];

function send(): void {
  vscode.postMessage({ type: 'query', target: Number(targetSelect.value), against: againstSelect.value === '' ? undefined : Number(againstSelect.value) });
}
targetSelect.addEventListener('change', () => ((againstSelect.value = ''), send()));
againstSelect.addEventListener('change', send);

app.append(
  h('div', { className: 'toolbar' }, targetSelect, h('label', {}, S.against, againstSelect), h('button', { attrs: { type: 'button' }, onclick: () => vscode.postMessage({ type: 'exportCsv' }) }, S.exportCsv)),
  heading,
  summary,
  h('div', { className: 'compare-columns' }, h('section', { className: 'compare-new' }, h('h3', {}, S.newHeading), newList), h('section', { className: 'compare-dropped' }, h('h3', {}, S.droppedHeading), droppedList)),
  h('h3', {}, S.keptHeading),
  h('table', { className: 'compare-kept' }, h('thead', {}, h('tr', {}, h('th', {}, S.formulation), h('th', {}, S.kind), h('th', {}, S.here), h('th', {}, S.before), h('th', {}, S.change))), keptBody),
);

const reveal = (item: number, range = 0) => vscode.postMessage({ type: 'reveal', item, range });

function label(it: CompareItemResult, index: number): HTMLElement {
  const count = it.status === 'dropped' ? it.againstCount : it.count;
  return h(
    'li',
    { className: `compare-item kind-${it.kind}`, title: format(S.itemTitle, S[it.kind], it.count, it.againstCount), onclick: () => reveal(index) },
    h('span', { className: 'compare-text' }, it.text),
    count > 1 ? h('span', { className: 'compare-count' }, ` ×${count}`) : null,
    it.firstInCorpus ? h('span', { className: 'badge', title: S.firstInCorpusTitle }, S.firstInCorpus) : null,
  );
}

function render(): void {
  clear(newList);
  clear(droppedList);
  clear(keptBody);
  if (!data) return;
  const d = data;
  heading.textContent = `${d.meeting.date ?? S.undated} · ${d.meeting.title}`;
  const counts = { new: 0, dropped: 0, kept: 0 };
  d.items.forEach((it, i) => {
    counts[it.status]++;
    if (it.status === 'new') newList.append(label(it, i));
    else if (it.status === 'dropped') droppedList.append(label(it, i));
    else {
      const change = it.count - it.againstCount;
      keptBody.append(
        h(
          'tr',
          { title: S.goTo, onclick: () => reveal(i) },
          h('td', { className: it.kind === 'term' ? 'term' : '' }, it.text),
          h('td', {}, S[it.kind]),
          h('td', { className: 'num' }, it.count),
          h('td', { className: 'num' }, it.againstCount),
          h('td', { className: 'num' }, change > 0 ? `+${change}` : String(change)),
        ),
      );
    }
  });
  summary.textContent = d.against
    ? format(S.summary, `${d.against.date ?? S.undated} · ${d.against.title}`, counts.new, counts.dropped, counts.kept) + (d.complete ? '' : S.incomplete)
    : S.nothingBefore;
}

window.addEventListener('message', (e: MessageEvent) => {
  const m = e.data;
  if (!isObject(m)) return;
  if (m.type === 'result' && isObject(m.data) && Array.isArray(m.documents)) {
    data = m.data as unknown as ComparisonResult;
    choices = m.documents as DocumentChoice[];
    for (const select of [targetSelect, againstSelect]) clear(select);
    againstSelect.append(h('option', { attrs: { value: '' } }, S.lastOfKind));
    choices.forEach((c, i) => {
      targetSelect.append(h('option', { attrs: { value: String(i) } }, c.label));
      againstSelect.append(h('option', { attrs: { value: String(i) } }, c.label));
    });
    const at = (x: { uri: string; index: number } | null) => (x ? choices.findIndex((c) => c.uri === x.uri && c.index === x.index) : -1);
    targetSelect.value = String(Math.max(0, at(data.meeting)));
    const against = at(data.against);
    againstSelect.value = against >= 0 ? String(against) : '';
    render();
  } else if (m.type === 'error' && typeof m.message === 'string') {
    summary.textContent = m.message;
  }
});

vscode.postMessage({ type: 'ready' });
