// The words of each webview, in the editor's language. The client puts them into the page (see
// webviewHtml); the page only reads them (it fetches nothing). `{0}`, `{1}` … are filled in by the
// page's `format`; vscode.l10n.t leaves them as they are when it is given no arguments.
// Statistics keep their notation in every language (MI, G², logDice), so they are not here.

import * as vscode from 'vscode';
import { categoryLabels, kindLabels, undated } from '../labels';

function common() {
  return {
    undated: undated(),
    exportCsv: vscode.l10n.t('Export CSV'),
    clickToSort: vscode.l10n.t('Click to sort'),
    clickToSortTitle: vscode.l10n.t('{0} — click to sort'),
    concordanceOf: vscode.l10n.t('Concordance of {0}'),
  };
}

export function concordanceStrings() {
  return {
    ...common(),
    kinds: kindLabels(),
    queryLabel: vscode.l10n.t('Term, word or string'),
    queryPlaceholder: vscode.l10n.t('term, word or string'),
    sortLabel: vscode.l10n.t('Sort rows'),
    sortDate: vscode.l10n.t('by date'),
    sortLeft: vscode.l10n.t('by word to the left'),
    sortRight: vscode.l10n.t('by word to the right'),
    kindLabel: vscode.l10n.t('Meeting kind'),
    allKinds: vscode.l10n.t('all kinds'),
    fromLabel: vscode.l10n.t('From date'),
    toLabel: vscode.l10n.t('To date'),
    windowLabel: vscode.l10n.t('Collocation window (words each side)'),
    searching: vscode.l10n.t('Searching…'),
    search: vscode.l10n.t('Search'),
    from: vscode.l10n.t('from '),
    to: vscode.l10n.t('to '),
    exportTitle: vscode.l10n.t('Save the rows as CSV (UTF-8 with BOM)'),
    date: vscode.l10n.t('Date'),
    meeting: vscode.l10n.t('Meeting'),
    left: vscode.l10n.t('Left'),
    hit: vscode.l10n.t('Hit'),
    right: vscode.l10n.t('Right'),
    word: vscode.l10n.t('Word'),
    freq: vscode.l10n.t('Freq'),
    freqTitle: vscode.l10n.t('Co-occurrences within the window'),
    leftShort: vscode.l10n.t('L'),
    leftTitle: vscode.l10n.t('On the left'),
    rightShort: vscode.l10n.t('R'),
    rightTitle: vscode.l10n.t('On the right'),
    miTitle: vscode.l10n.t('Pointwise mutual information (log2 observed / expected)'),
    g2Title: vscode.l10n.t('Log-likelihood: how sure the association is'),
    logDiceTitle: vscode.l10n.t('14 + log2 Dice: strength, comparable across corpora'),
    collocates: vscode.l10n.t('Collocates'),
    windowWords: vscode.l10n.t('± words '),
    hitsOne: vscode.l10n.t('{0} hit'),
    hitsMany: vscode.l10n.t('{0} hits'),
    ofTotal: vscode.l10n.t(' (of {0})'),
    termNote: vscode.l10n.t(' · term {0}'),
    plainString: vscode.l10n.t(' · plain string'),
    showing: vscode.l10n.t(' · showing {0}'),
    collocatesSummary: vscode.l10n.t('{0} hits, ±{1} words, {2} collocates'),
  };
}

export function distinctiveStrings() {
  return {
    ...common(),
    categories: categoryLabels(),
    meetingLabel: vscode.l10n.t('Meeting'),
    minLabel: vscode.l10n.t('Minimum frequency in the meeting'),
    minFrequency: vscode.l10n.t('min. frequency '),
    text: vscode.l10n.t('Word or term'),
    kind: vscode.l10n.t('Kind'),
    kindTitle: vscode.l10n.t('Glossary category, or "word" for a segmented word'),
    here: vscode.l10n.t('Here'),
    hereTitle: vscode.l10n.t('Count in this meeting'),
    elsewhere: vscode.l10n.t('Elsewhere'),
    elsewhereTitle: vscode.l10n.t('Count in the rest of the corpus'),
    rate: vscode.l10n.t('Per 10k words'),
    rateTitle: vscode.l10n.t('Rate in this meeting, per 10,000 words'),
    restRate: vscode.l10n.t('Elsewhere per 10k'),
    restRateTitle: vscode.l10n.t('Rate in the rest of the corpus'),
    g2Title: vscode.l10n.t('Log-likelihood: 3.84 ≈ p < 0.05, 10.83 ≈ p < 0.001'),
    logRatio: vscode.l10n.t('Log ratio'),
    logRatioTitle: vscode.l10n.t('Effect size: +1 = twice as frequent as elsewhere'),
    word: vscode.l10n.t('word'),
    summary: vscode.l10n.t('{0} words and terms over-represented against the rest of the corpus ({1} words here, {2} elsewhere)'),
    incomplete: vscode.l10n.t(' · segmentation still running: figures may change'),
  };
}

export function trendStrings() {
  return {
    ...common(),
    termsLabel: vscode.l10n.t('Terms, separated by commas'),
    measure: vscode.l10n.t('Measure'),
    mentions: vscode.l10n.t('mentions'),
    per10k: vscode.l10n.t('per 10,000 characters'),
    trendChartLabel: vscode.l10n.t('Mentions per meeting over time'),
    dispersionChartLabel: vscode.l10n.t('Where in each meeting the terms occur'),
    show: vscode.l10n.t('Show'),
    exportTitle: vscode.l10n.t('Save the counts as CSV (UTF-8 with BOM)'),
    savePngTitle: vscode.l10n.t('Save the trend chart as PNG'),
    savePng: vscode.l10n.t('Save PNG'),
    saveDispersionTitle: vscode.l10n.t('Save the dispersion plot as PNG'),
    saveDispersion: vscode.l10n.t('Save dispersion PNG'),
    mentionsPerMeeting: vscode.l10n.t('Mentions per meeting'),
    dispersionHeading: vscode.l10n.t('Dispersion: where in each meeting (0 = title, 1 = end)'),
    meetingsCount: vscode.l10n.t(' · {0} meetings'),
    dateAxis: vscode.l10n.t('date'),
    per10kAxis: vscode.l10n.t('mentions per 10,000 characters'),
    pointLabel: vscode.l10n.t('{0}: {1} ({2} per 10k chars)'),
    positionAxis: vscode.l10n.t('position in the meeting'),
    hitAt: vscode.l10n.t('{0} at {1}%'),
  };
}

export type ConcordanceStrings = ReturnType<typeof concordanceStrings>;
export function compareStrings() {
  return {
    ...common(),
    kinds: kindLabels(),
    documentLabel: vscode.l10n.t('Document'),
    againstLabel: vscode.l10n.t('Compared with'),
    against: vscode.l10n.t('against '),
    lastOfKind: vscode.l10n.t('the last one of its kind'),
    newHeading: vscode.l10n.t('New'),
    droppedHeading: vscode.l10n.t('Dropped'),
    keptHeading: vscode.l10n.t('Kept'),
    formulation: vscode.l10n.t('Formulation'),
    kind: vscode.l10n.t('Kind'),
    here: vscode.l10n.t('Here'),
    before: vscode.l10n.t('Before'),
    change: vscode.l10n.t('Change'),
    term: vscode.l10n.t('term'),
    candidate: vscode.l10n.t('candidate'),
    phrase: vscode.l10n.t('phrase'),
    itemTitle: vscode.l10n.t('{0}: {1} here, {2} before — click to go to it'),
    goTo: vscode.l10n.t('Click to go to it'),
    firstInCorpus: vscode.l10n.t('first in corpus'),
    firstInCorpusTitle: vscode.l10n.t('No earlier document of the corpus has it'),
    summary: vscode.l10n.t('Compared with {0}: {1} new · {2} dropped · {3} kept'),
    nothingBefore: vscode.l10n.t('No earlier document to compare with.'),
    incomplete: vscode.l10n.t(' · segmentation still running: phrases may change'),
  };
}

export type CompareStrings = ReturnType<typeof compareStrings>;
export type DistinctiveStrings = ReturnType<typeof distinctiveStrings>;
export type TrendStrings = ReturnType<typeof trendStrings>;
