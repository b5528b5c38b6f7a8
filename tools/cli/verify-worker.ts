/**
 * One thread of `cli verify`'s pool: its own trust store (keys imported here), batches of items
 * in, their printed verdicts out as one text, in the batch's order: one string crosses threads
 * and is written at once, where a line each cost a clone and a write call per verdict.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { VerifyContext } from '../../src/lib/core/context';
import type { BatchItem } from '../../src/lib/batch/items';
import { verifyItem } from '../../src/lib/batch/rows';
import { printable } from './printable';
import { cliTrustStore } from './trust';

export interface PoolSetup {
  config: string | undefined;
  publicKeys: string[];
  defaultConfig: string;
  /** The context without its trust store (a store cannot cross threads). */
  context: Omit<VerifyContext, 'trust'>;
}

export interface PoolBatch {
  seq: number;
  items: BatchItem[];
}

export interface PoolResult {
  seq: number;
  /** One JSON verdict a line, joined by newlines (no newline after the last). */
  text: string;
  lines: number;
  /** How many of them are not valid (for the exit code). */
  notValid: number;
}

const setup = workerData as PoolSetup;
const ctx: VerifyContext = {
  ...setup.context,
  trust: await cliTrustStore(setup.config, setup.publicKeys, setup.defaultConfig)
};

parentPort!.on('message', async ({ seq, items }: PoolBatch) => {
  const verdicts = await Promise.all(items.map((item) => verifyItem(item, ctx)));
  const result: PoolResult = {
    seq,
    text: verdicts.map((v, i) => JSON.stringify(printable(v, items[i]!.source))).join('\n'),
    lines: verdicts.length,
    notValid: verdicts.filter((v) => v.status !== 'valid').length
  };
  parentPort!.postMessage(result);
});
parentPort!.postMessage('ready');
