// A worker's batch of texts: jieba cuts them all, then each is answered; a text jieba fails on is
// reported and the texts after it are left to the pool (the worker is replaced).

import * as assert from 'node:assert/strict';
import { cutBatch } from '../../server/src/segmentBatch';
import { TokenArrays } from '../../server/src/core/segmenter';

const tokensOf = (text: string): TokenArrays => ({ starts: Uint32Array.of(0), ends: Uint32Array.of(text.length) });

describe('a segmentation worker\'s batch', () => {
  it('cuts every text before answering any, and answers each in order', () => {
    const events: string[] = [];
    const ok = cutBatch(
      ['甲', '乙乙', '丙丙丙'].map((text) => ({ text })),
      (text) => (events.push(`cut ${text}`), tokensOf(text)),
      (job, t) => events.push(`answer ${job.text} ${t.ends[0]}`),
      (job) => events.push(`fail ${job.text}`),
    );
    assert.equal(ok, true);
    assert.deepEqual(events, ['cut 甲', 'cut 乙乙', 'cut 丙丙丙', 'answer 甲 1', 'answer 乙乙 2', 'answer 丙丙丙 3']);
  });

  it('stops at the text jieba fails on: the texts before it are answered, it is reported, the ones after are left alone', () => {
    const events: string[] = [];
    const ok = cutBatch(
      ['a', 'b', 'trap', 'c', 'd'].map((text) => ({ text })),
      (text) => {
        events.push(`cut ${text}`);
        if (text === 'trap') throw new Error('RuntimeError: unreachable');
        return tokensOf(text);
      },
      (job) => events.push(`answer ${job.text}`),
      (job, e) => events.push(`fail ${job.text}: ${(e as Error).message}`),
    );
    assert.equal(ok, false);
    assert.deepEqual(events, ['cut a', 'cut b', 'cut trap', 'answer a', 'answer b', 'fail trap: RuntimeError: unreachable']);
  });

  it('a text whose answer fails (not jieba) is reported alone; the batch goes on', () => {
    const events: string[] = [];
    const ok = cutBatch(
      ['a', 'b', 'c'].map((text) => ({ text })),
      tokensOf,
      (job) => {
        if (job.text === 'b') throw new Error('analysis failed');
        events.push(`answer ${job.text}`);
      },
      (job, e) => events.push(`fail ${job.text}: ${(e as Error).message}`),
    );
    assert.equal(ok, true);
    assert.deepEqual(events, ['answer a', 'fail b: analysis failed', 'answer c']);
  });
});
