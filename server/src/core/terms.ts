// The term table: glossary entries, the parts of numbered formulas, and undefined candidates,
// each with the surface forms that count as a mention of it. A form belongs to one term only.
// The candidates are the top of the ranking (candidateRanking.ts), at most `maxCandidates` of
// them: the forms below the cut are counted but never matched.

import { CandidateReason } from './candidates';
import { Glossary, GlossaryEntry } from './glossary';

export type TermKind = 'glossary' | 'part' | 'candidate';

/** Shortest part of a numbered formula that is matched as a term of its own. */
const MIN_PART = 3;

export interface Term {
  /** The term as it is written in the glossary (or found in the text, for candidates). */
  key: string;
  kind: TermKind;
  /** The term and its aliases: every string whose occurrence is a mention of this term. */
  forms: string[];
  entry?: GlossaryEntry;
  /** Numbered formulas this term is a part of (四个意识 for 政治意识). */
  partOf: string[];
  /** Why a candidate was proposed. */
  reasons: CandidateReason[];
}

export class TermTable {
  readonly terms: Term[] = [];
  private readonly byKey = new Map<string, Term>();
  private readonly byForm = new Map<string, Term>();

  constructor(glossary: Glossary, candidateForms: ReadonlyMap<string, Iterable<CandidateReason>> = new Map()) {
    for (const entry of glossary.entries) {
      const forms = [entry.term, ...entry.aliases.filter((a) => glossary.entry(a) === entry)];
      this.add({ key: entry.term, kind: 'glossary', forms, entry, partOf: [], reasons: [] });
    }
    for (const entry of glossary.entries) {
      for (const part of entry.parts) {
        // A two-character part is an everyday word (民主 of the core socialist values, 农业 of
        // 三农): listed in the formula's hover, never matched on its own across the corpus.
        if ([...part].length < MIN_PART && !glossary.entry(part)) continue;
        const owner = this.byForm.get(part) ?? this.add({ key: part, kind: 'part', forms: [part], partOf: [], reasons: [] });
        if (owner !== this.byKey.get(entry.term) && !owner.partOf.includes(entry.term)) owner.partOf.push(entry.term);
      }
    }
    for (const [form, reasons] of candidateForms) {
      if (this.byForm.has(form)) continue;
      this.add({ key: form, kind: 'candidate', forms: [form], partOf: [], reasons: [...reasons].sort() });
    }
  }

  private add(term: Term): Term {
    this.terms.push(term);
    this.byKey.set(term.key, term);
    for (const f of term.forms) if (!this.byForm.has(f)) this.byForm.set(f, term);
    return term;
  }

  get(key: string): Term | undefined {
    return this.byKey.get(key);
  }

  /** The term a surface form is a mention of. */
  ofForm(form: string): Term | undefined {
    return this.byForm.get(form);
  }

  /** All forms, and for each the index of its term in `terms`, for building the matcher. */
  formList(): { forms: string[]; termOfForm: Int32Array } {
    const forms = [...this.byForm.keys()];
    const index = new Map(this.terms.map((t, i) => [t, i]));
    return { forms, termOfForm: Int32Array.from(forms.map((f) => index.get(this.byForm.get(f)!)!)) };
  }
}
