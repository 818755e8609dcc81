// Shared by the webview scripts: the VS Code API handle and a DOM builder that only ever sets
// text through text nodes. Corpus text never goes through innerHTML, so it cannot become markup.

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

export const vscode = acquireVsCodeApi();

/**
 * The page's words, in the editor's language: the extension writes them into the page (the
 * `data-strings` attribute of <main>, see webviewStrings.ts); the page never asks for them.
 */
export function pageStrings<T>(): T {
  return JSON.parse(document.getElementById('app')?.dataset.strings ?? '{}') as T;
}

/** Fills `{0}`, `{1}` … of a string from the table. */
export function format(template: string, ...args: (string | number)[]): string {
  return template.replace(/\{(\d+)\}/g, (m, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : m));
}

type Child = Node | string | number | null | undefined | false;
interface Props {
  className?: string;
  title?: string;
  onclick?: (e: MouseEvent) => void;
  attrs?: Record<string, string>;
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props.className) el.className = props.className;
  if (props.title) el.title = props.title;
  const onclick = props.onclick;
  if (onclick) el.addEventListener('click', (e) => onclick(e as MouseEvent));
  for (const [k, v] of Object.entries(props.attrs ?? {})) {
    if (/^on/i.test(k) || k === 'style') continue; // no inline handlers or styles: the CSP forbids them anyway
    el.setAttribute(k, v);
  }
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
  return el;
}

export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A theme colour from VS Code's CSS variables, with a fallback. */
export function themeColor(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

/** Calls `f` when the user switches between light, dark and high-contrast themes. */
export function onThemeChange(f: () => void): void {
  new MutationObserver(f).observe(document.body, { attributes: true, attributeFilter: ['class'] });
}

export function fmt(x: number, digits = 2): string {
  if (!Number.isFinite(x)) return '';
  const f = 10 ** digits;
  return String(Math.round(x * f) / f);
}
