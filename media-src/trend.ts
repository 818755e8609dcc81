// Trends: mentions per meeting on a date axis (raw or per 10,000 characters), and a dispersion
// plot of where in each meeting the hits fall. Chart.js is bundled into this script; colours come
// from the theme's CSS variables and follow theme changes.

import { Chart, LineController, LineElement, PointElement, LinearScale, ScatterController, Tooltip, Legend, Plugin, ChartEvent, ActiveElement } from 'chart.js';
import type { TrendStrings } from '../client/src/views/webviewStrings';
import { fmt, format, h, isObject, onThemeChange, pageStrings, themeColor, vscode } from './common';

Chart.register(LineController, LineElement, PointElement, LinearScale, ScatterController, Tooltip, Legend);

interface MeetingInfo {
  uri: string;
  index: number;
  date: string | null;
  title: string;
  kind: string;
  chars: number;
}
interface Series {
  query: string;
  term?: string;
  counts: number[];
  per10k: number[];
  total: number;
  dispersion: { position: number }[][];
}
interface TrendData {
  meetings: MeetingInfo[];
  series: Series[];
}

const app = document.getElementById('app')!;
const S = pageStrings<TrendStrings>();
const termsInput = h('input', { attrs: { type: 'text', 'aria-label': S.termsLabel, placeholder: '联防联控, 复工复产' } });
const rateSelect = h('select', { attrs: { 'aria-label': S.measure } }, h('option', { attrs: { value: 'raw' } }, S.mentions), h('option', { attrs: { value: 'per10k' } }, S.per10k));
const summary = h('span', { className: 'summary' });
const trendCanvas = h('canvas', { attrs: { role: 'img', 'aria-label': S.trendChartLabel } });
const dispersionCanvas = h('canvas', { attrs: { role: 'img', 'aria-label': S.dispersionChartLabel } });
const dispersionBox = h('div', { className: 'chart dispersion' }, dispersionCanvas);

const form = h(
  'form',
  { className: 'toolbar' },
  termsInput,
  h('button', { attrs: { type: 'submit' } }, S.show),
  rateSelect,
  h('button', { attrs: { type: 'button' }, title: S.exportTitle, onclick: () => vscode.postMessage({ type: 'exportCsv' }) }, S.exportCsv),
  h('button', { attrs: { type: 'button' }, title: S.savePngTitle, onclick: () => savePng(trendChart) }, S.savePng),
  h('button', { attrs: { type: 'button' }, title: S.saveDispersionTitle, onclick: () => savePng(dispersionChart) }, S.saveDispersion),
  summary,
);
form.addEventListener('submit', (e) => {
  e.preventDefault();
  const terms = termsInput.value.split(/[,，、;；]/).map((s) => s.trim()).filter(Boolean);
  if (terms.length > 0) vscode.postMessage({ type: 'query', terms });
});
rateSelect.addEventListener('change', () => data && render(data));

app.append(form, h('h2', {}, S.mentionsPerMeeting), h('div', { className: 'chart trend' }, trendCanvas), h('h2', {}, S.dispersionHeading), dispersionBox);

let data: TrendData | undefined;
let trendChart: Chart | undefined;
let dispersionChart: Chart | undefined;

const PALETTE = ['--vscode-charts-blue', '--vscode-charts-red', '--vscode-charts-green', '--vscode-charts-orange', '--vscode-charts-purple', '--vscode-charts-yellow'];
const FALLBACK = ['#3794ff', '#f14c4c', '#89d185', '#d18616', '#b180d7', '#cca700'];
const colour = (i: number) => themeColor(PALETTE[i % PALETTE.length], FALLBACK[i % FALLBACK.length]);

/** Paints the editor background under the chart, so a saved PNG is readable outside the editor too. */
const background: Plugin = {
  id: 'themeBackground',
  beforeDraw(chart) {
    const ctx = chart.ctx;
    ctx.save();
    ctx.fillStyle = themeColor('--vscode-editor-background', '#ffffff');
    ctx.fillRect(0, 0, chart.width, chart.height);
    ctx.restore();
  },
};

function themeDefaults(): void {
  Chart.defaults.color = themeColor('--vscode-foreground', '#333');
  Chart.defaults.borderColor = themeColor('--vscode-editorWidget-border', 'rgba(128,128,128,0.35)');
  Chart.defaults.font.family = themeColor('--vscode-font-family', 'sans-serif');
}

const dateLabel = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function render(d: TrendData): void {
  themeDefaults();
  const dated = d.meetings.map((m, i) => ({ m, i, x: m.date ? Date.parse(m.date) : NaN })).filter((p) => Number.isFinite(p.x));
  const raw = rateSelect.value === 'raw';
  summary.textContent = d.series.map((s) => `${s.term ?? s.query}: ${s.total}`).join(' · ') + format(S.meetingsCount, d.meetings.length);
  trendChart?.destroy();
  trendChart = new Chart(trendCanvas, {
    type: 'line',
    data: {
      datasets: d.series.map((s, k) => ({
        label: s.term ?? s.query,
        data: dated.map((p) => ({ x: p.x, y: raw ? s.counts[p.i] : s.per10k[p.i], meeting: p.i })),
        borderColor: colour(k),
        backgroundColor: colour(k),
        pointRadius: 4,
        pointHoverRadius: 7,
        tension: 0, // straight lines: nothing happens between two meetings
      })),
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      interaction: { mode: 'nearest', intersect: false },
      scales: {
        x: { type: 'linear', ticks: { callback: (v) => dateLabel(Number(v)), maxRotation: 0, autoSkip: true }, title: { display: true, text: S.dateAxis } },
        y: { beginAtZero: true, title: { display: true, text: raw ? S.mentions : S.per10kAxis } },
      },
      plugins: {
        tooltip: {
          callbacks: {
            title: (items) => {
              const m = d.meetings[(items[0]?.raw as { meeting: number }).meeting];
              return m ? `${m.date ?? S.undated} · ${m.title}` : '';
            },
            label: (item) => {
              const s = d.series[item.datasetIndex];
              const i = (item.raw as { meeting: number }).meeting;
              return format(S.pointLabel, s.term ?? s.query, s.counts[i], fmt(s.per10k[i]));
            },
          },
        },
      },
      onClick: (_e: ChartEvent, els: ActiveElement[]) => {
        const el = els[0];
        if (!el) return;
        const p = trendChart!.data.datasets[el.datasetIndex].data[el.index] as unknown as { meeting: number };
        vscode.postMessage({ type: 'openMeeting', meeting: p.meeting });
      },
    },
    plugins: [background],
  });

  // Dispersion: one row per meeting (newest at the bottom), a mark per hit.
  dispersionBox.classList.toggle('tall', d.meetings.length > 12);
  dispersionChart?.destroy();
  dispersionChart = new Chart(dispersionCanvas, {
    type: 'scatter',
    data: {
      datasets: d.series.map((s, k) => ({
        label: s.term ?? s.query,
        data: s.dispersion.flatMap((hits, i) => hits.map((hit, j) => ({ x: hit.position, y: i + (k - (d.series.length - 1) / 2) * 0.15, meeting: i, hit: j }))),
        borderColor: colour(k),
        backgroundColor: colour(k),
        pointStyle: 'line',
        rotation: 90,
        pointRadius: 6,
        pointHoverRadius: 9,
        borderWidth: 2,
      })),
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: {
        x: { type: 'linear', min: 0, max: 1, title: { display: true, text: S.positionAxis } },
        y: {
          type: 'linear',
          reverse: true,
          min: -0.5,
          max: d.meetings.length - 0.5,
          // One tick per meeting, labelled with its date (the default ticks fall between the rows).
          afterBuildTicks: (axis) => {
            axis.ticks = d.meetings.map((_, i) => ({ value: i }));
          },
          ticks: { autoSkip: false, callback: (v) => d.meetings[Number(v)]?.date ?? '' },
        },
      },
      plugins: {
        tooltip: {
          callbacks: {
            title: (items) => {
              const m = d.meetings[(items[0]?.raw as { meeting: number }).meeting];
              return m ? `${m.date ?? S.undated} · ${m.title}` : '';
            },
            label: (item) => format(S.hitAt, d.series[item.datasetIndex].term ?? d.series[item.datasetIndex].query, Math.round((item.raw as { x: number }).x * 100)),
          },
        },
      },
      onClick: (_e: ChartEvent, els: ActiveElement[]) => {
        const el = els[0];
        if (!el) return;
        const p = dispersionChart!.data.datasets[el.datasetIndex].data[el.index] as unknown as { meeting: number; hit: number };
        vscode.postMessage({ type: 'openHit', series: el.datasetIndex, meeting: p.meeting, hit: p.hit });
      },
    },
    plugins: [background],
  });
}

function savePng(chart: Chart | undefined): void {
  if (!chart) return;
  vscode.postMessage({ type: 'png', dataUrl: chart.toBase64Image('image/png', 1) });
}

onThemeChange(() => data && render(data));

window.addEventListener('message', (e: MessageEvent) => {
  const m = e.data;
  if (!isObject(m)) return;
  if (m.type === 'result' && isObject(m.trend) && Array.isArray(m.trend.meetings) && Array.isArray(m.trend.series)) {
    data = m.trend as unknown as TrendData;
    termsInput.value = data.series.map((s) => s.query).join(', ');
    render(data);
  } else if (m.type === 'error' && typeof m.message === 'string') {
    summary.textContent = m.message;
  }
});

vscode.postMessage({ type: 'ready' });
