// A segmentation worker's batch (see segmentWorker.ts): every text that has arrived is cut by
// jieba first, then each is answered (its words numbered, its candidates found). jieba's working
// set (a dictionary of tens of MB) and the vocabulary's tables evict each other from the CPU's
// caches: alternating the two once per file instead of once per batch cost the workers of a cold
// start some 7 % more CPU.

import { TokenArrays } from './core/segmenter';

/**
 * Cuts `jobs` in turn, then answers each. jieba failing on a text leaves its instance in an
 * unknown state: that text is reported, and the texts after it are neither cut nor answered (the
 * pool hands them to the worker that replaces this one). False when that happened.
 */
export function cutBatch<J extends { text: string }>(
  jobs: readonly J[],
  cut: (text: string, job: J) => TokenArrays,
  answer: (job: J, tokens: TokenArrays) => void,
  fail: (job: J, error: unknown) => void,
): boolean {
  const tokens: TokenArrays[] = [];
  let failure: unknown;
  for (const job of jobs) {
    try {
      tokens.push(cut(job.text, job));
    } catch (e) {
      failure = e;
      break;
    }
  }
  tokens.forEach((t, k) => {
    try {
      answer(jobs[k], t);
    } catch (e) {
      fail(jobs[k], e);
    }
  });
  if (tokens.length === jobs.length) return true;
  fail(jobs[tokens.length], failure);
  return false;
}
