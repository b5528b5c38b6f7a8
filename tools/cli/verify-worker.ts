/**
 * One thread of `cli verify`'s pool: its own trust store (keys imported here), batches of items
 * in, their printed verdicts out, in the batch's order.
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
  lines: string[];
  /** How many of them are not valid (for the exit code). */
  notValid: number;
}

const setup = workerData as PoolSetup;
const ctx: VerifyContext = { ...setup.context, trust: await cliTrustStore(setup.config, setup.publicKeys, setup.defaultConfig) };

parentPort!.on('message', async ({ seq, items }: PoolBatch) => {
  const verdicts = await Promise.all(items.map((item) => verifyItem(item, ctx)));
  const result: PoolResult = {
    seq,
    lines: verdicts.map((v, i) => JSON.stringify(printable(v, items[i]!.source))),
    notValid: verdicts.filter((v) => v.status !== 'valid').length
  };
  parentPort!.postMessage(result);
});
parentPort!.postMessage('ready');
