/**
 * One worker of the batch pool: its own trust store (keys imported here, once), batches of items
 * from the reader's port in, rows packed by column out to the page, and an acknowledgement back to the
 * reader so it can deal the next batch.
 */
import { buildTrustStore, parseConfig } from '../core/config';
import type { VerifyContext } from '../core/context';
import { batchRow, verifyItem } from './rows';
import type { BatchItem } from './items';
import { packRows, packedBuffers } from './wire';

export interface VerifierSetup {
  /** The embedded trust configuration, as the build validated it. */
  config: unknown;
  /** The batch's context without its trust store (a store of CryptoKeys is rebuilt here). */
  context: Omit<VerifyContext, 'trust'>;
  port: MessagePort;
}

onmessage = async (event: MessageEvent<VerifierSetup>) => {
  const { config, context, port } = event.data;
  const ctx: VerifyContext = { ...context, trust: await buildTrustStore(parseConfig(config)) };
  port.onmessage = async ({ data }: MessageEvent<{ seq: number; items: BatchItem[] }>) => {
    const verdicts = await Promise.all(data.items.map((item) => verifyItem(item, ctx)));
    const packed = packRows(
      data.seq,
      verdicts.map((v, i) => batchRow(data.items[i]!, v)),
      data.items
    );
    postMessage(packed, { transfer: packedBuffers(packed) });
    port.postMessage(data.seq);
  };
};
