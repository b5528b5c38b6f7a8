/**
 * How large an animated code's parts may be: for each part size, the share of synthetic camera
 * frames (qr-frames.ts: clean, blurred, noisy; the code 65–95 % of the aim square of a 720p
 * frame) that the camera's first way of reading (decoder.ts) reads, and how long a read takes.
 * The app shows parts of the largest size every class still reads at least 90 % of the time.
 *   npx tsx tools/bench/ur-density.ts
 */
import QRCode from 'qrcode';
import { TransferEncoder } from '../../src/lib/core/ur/transfer';
import { cameraWay, decodeFrame } from '../../src/lib/scan/decoder';
import { centredSquare } from '../../src/lib/scan/aim';
import { synthFrame, type FrameClass } from './qr-frames';

const SIZES = [100, 200, 250, 300, 350, 400];
const CLASSES: FrameClass[] = ['clean', 'blurred', 'noisy'];
const SEEDS = 30;

const file = Uint8Array.from({ length: 6500 }, (_, i) => (i * 131 + (i >> 7)) & 0xff);
console.log('part bytes  chars  QR version  ' + CLASSES.map((c) => `${c.padEnd(8)} ms`).join('   '));
for (const size of SIZES) {
  const encoder = new TransferEncoder(file, { maxFragmentLength: size });
  const text = (await encoder.part(encoder.seqLength + 1)).toUpperCase();
  const version = QRCode.create(text, { errorCorrectionLevel: 'M' }).version;
  const cells: string[] = [];
  for (const frameClass of CLASSES) {
    let read = 0;
    let ms = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
      const frame = synthFrame({ text, width: 1280, height: 720, frameClass, seed });
      const { reach, ...way } = cameraWay(0);
      const started = performance.now();
      const out = decodeFrame(frame, { ...way, region: centredSquare(frame.width, frame.height, reach) });
      ms += performance.now() - started;
      if (out?.toUpperCase() === text) read++;
    }
    cells.push(
      `${String(Math.round((100 * read) / SEEDS)).padStart(3)} %  ${String(Math.round(ms / SEEDS)).padStart(4)}`
    );
  }
  console.log(
    `${String(size).padStart(10)}  ${String(text.length).padStart(5)}  ${String(version).padStart(10)}  ${cells.join('   ')}`
  );
}
