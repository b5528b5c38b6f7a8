/**
 * The fountain code in each browser engine: the pseudo-random part mixing (xoshiro on BigInt, the
 * reference's decimal rounding, SHA-256 from WebCrypto) must pick the same fragments everywhere,
 * or a phone and a kiosk in different browsers could not complete each other's transfers.
 */
import { describe, expect, it } from 'vitest';
import { TransferCollector, TransferEncoder } from './transfer';

const file = Uint8Array.from({ length: 1000 }, (_, i) => (i * 131 + (i >> 7)) & 0xff);

describe('UR transfer in the browser', () => {
  it('writes the mixed part the reference implementation writes', async () => {
    // @ngraveio/bc-ur 1.1.13: new UREncoder(UR.fromBuffer(file), 100), its 25th nextPart().
    expect(await new TransferEncoder(file, { maxFragmentLength: 100 }).part(25)).toBe(
      'ur:bytes/25-11/lpcscfbdcfaxwmcylbaebnsehdhhwfkoytkezmlfahlobdmnbymwchnycanbcnoldtpsdlprecrofrrnfpssflsggttigutbhkuohevoihvsjewyjswkktzskiaelsamldbnmybgmdcsndckoydkosdrpmdyqdenrhfnrsfwskfdsbglttghtshtuthnvliywljzwsjpykkszokbadlpynihhthk'
    );
  });

  it('completes from mixed parts when every third part is lost', async () => {
    const encoder = new TransferEncoder(file, { maxFragmentLength: 100 });
    const collector = new TransferCollector();
    let result: Uint8Array | undefined;
    for (let seqNum = 1; !result && seqNum < 60; seqNum++) {
      if (seqNum % 3 === 0) continue;
      const outcome = await collector.receive(await encoder.part(seqNum));
      if (outcome.kind === 'complete') result = outcome.file;
    }
    expect(result).toEqual(file);
  });
});
