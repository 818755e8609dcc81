// A segmentation worker: its own jieba-wasm, the dictionary words the pool sends (always before
// the texts that need them: messages arrive in order), texts in, token arrays out (transferred).

import { parentPort } from 'node:worker_threads';
import { JiebaSegmenter } from './core/segmenter';
import { analyzeTokens } from './core/corpusIndex';
import { cutToUtf16, FromWorker, ToWorker } from './segmenterPool';

interface JiebaCut {
  cut(text: string, hmm?: boolean | null): string[];
}

const segmenter = new JiebaSegmenter();
// eslint-disable-next-line @typescript-eslint/no-require-imports
const jieba = require('jieba-wasm') as JiebaCut;

parentPort?.on('message', (m: ToWorker) => {
  if (m.type === 'words') {
    segmenter.addWords(m.words);
    return;
  }
  try {
    const tokens = m.text.length === 0 ? segmenter.segment(m.text) : (cutToUtf16(m.text, jieba.cut(m.text, true)) ?? segmenter.segment(m.text));
    const result = analyzeTokens(m.text, tokens);
    const reply: FromWorker = { type: 'segmented', id: m.id, result };
    parentPort!.postMessage(reply, [result.tokens.starts.buffer, result.tokens.ends.buffer, result.wordOfToken.buffer] as ArrayBuffer[]);
  } catch (e) {
    parentPort!.postMessage({ type: 'failed', id: m.id, message: String((e as Error)?.message ?? e) } satisfies FromWorker);
  }
});
