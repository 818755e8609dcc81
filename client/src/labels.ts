// Names of the server's ids as the user reads them: glossary categories, meeting kinds, candidate
// reasons, date sources. In English an id reads as its words; other languages come from the l10n bundle.
// Each string is a literal `vscode.l10n.t` call so that the bundle test finds it.

import * as vscode from 'vscode';

function categories(): Record<string, string> {
  return {
    'numbered-formula': vscode.l10n.t('numbered formula'),
    slogan: vscode.l10n.t('slogan'),
    body: vscode.l10n.t('body'),
    mechanism: vscode.l10n.t('mechanism'),
    policy: vscode.l10n.t('policy'),
    campaign: vscode.l10n.t('campaign'),
    document: vscode.l10n.t('document'),
    law: vscode.l10n.t('law'),
    'place-group': vscode.l10n.t('place group'),
    concept: vscode.l10n.t('concept'),
    event: vscode.l10n.t('event'),
    'public-health': vscode.l10n.t('public health'),
  };
}

function kinds(): Record<string, string> {
  return {
    'standing-committee': vscode.l10n.t('standing committee'),
    politburo: vscode.l10n.t('politburo'),
    commission: vscode.l10n.t('commission'),
    inspection: vscode.l10n.t('inspection'),
    speech: vscode.l10n.t('speech'),
    symposium: vscode.l10n.t('symposium'),
    conference: vscode.l10n.t('conference'),
    report: vscode.l10n.t('report'),
    document: vscode.l10n.t('document'),
    communique: vscode.l10n.t('communiqué'),
    letter: vscode.l10n.t('letter'),
    commentary: vscode.l10n.t('commentary'),
    profile: vscode.l10n.t('profile'),
    news: vscode.l10n.t('news'),
    other: vscode.l10n.t('other'),
  };
}

function reasons(): Record<string, string> {
  return {
    'numbered-formula': vscode.l10n.t('numbered formula'),
    quoted: vscode.l10n.t('quoted'),
    'parallel-list': vscode.l10n.t('parallel list'),
  };
}

function dateSources(): Record<string, string> {
  return {
    stated: vscode.l10n.t('stated'),
    'inferred-year': vscode.l10n.t('inferred-year'),
    'inferred-month': vscode.l10n.t('inferred-month'),
    inferred: vscode.l10n.t('inferred'),
    'file-name': vscode.l10n.t('file name'),
    'front-matter': vscode.l10n.t('front matter'),
    metadata: vscode.l10n.t('dataset field'),
    none: vscode.l10n.t('none'),
  };
}

const words = (id: string) => id.replace(/-/g, ' ');

export const categoryLabel = (id: string): string => categories()[id] ?? words(id);
export const kindLabel = (id: string): string => kinds()[id] ?? words(id);
export const reasonLabel = (id: string): string => reasons()[id] ?? words(id);
export const dateSourceLabel = (id: string): string => dateSources()[id] ?? id;

/** All the kind and category names at once, for a webview's string table. */
export const kindLabels = kinds;
export const categoryLabels = categories;

export const undated = (): string => vscode.l10n.t('undated');
/** The list separator of the display language: 、 in Chinese, a comma in English. */
export const listSeparator = (): string => vscode.l10n.t(', ');
