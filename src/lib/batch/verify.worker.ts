/**
 * One worker of the batch pool: its own trust store (keys imported here, once), batches of items
 * from the reader's port in, compact rows out to the page, and an acknowledgement back to the
 * reader so it can deal the next batch.
 */
import { buildTrustStore, parseConfig } from '../core/config';
import type { VerifyContext } from '../core/context';
import { batchRow, verifyItem, type BatchRow } from './rows';
import type { BatchItem } from './items';

export interface VerifierSetup {
  /** The embedded trust configuration, as the build validated it. */
  config: unknown;
  /** The batch's context without its trust store (a store of CryptoKeys is rebuilt here). */
  context: Omit<VerifyContext, 'trust'>;
  port: MessagePort;
}

/** What the page keeps of an item to open its verdict card later: the input and its secrets. */
export type KeptInput = Pick<BatchItem, 'input' | 'licenseKey' | 'fingerprint'>;

export interface VerifiedBatch {
  seq: number;
  rows: BatchRow[];
  inputs: KeptInput[];
}

onmessage = async (event: MessageEvent<VerifierSetup>) => {
  const { config, context, port } = event.data;
  const ctx: VerifyContext = { ...context, trust: await buildTrustStore(parseConfig(config)) };
  port.onmessage = async ({ data }: MessageEvent<{ seq: number; items: BatchItem[] }>) => {
    const verdicts = await Promise.all(data.items.map((item) => verifyItem(item, ctx)));
    const batch: VerifiedBatch = {
      seq: data.seq,
      rows: verdicts.map((v, i) => batchRow(data.items[i]!, v)),
      inputs: data.items.map(({ input, licenseKey, fingerprint }) => ({ input, ...(licenseKey ? { licenseKey } : {}), ...(fingerprint ? { fingerprint } : {}) }))
    };
    postMessage(batch);
    port.postMessage(data.seq);
  };
};
