import { describe, expect, it } from 'vitest';
import { CANDIDATES, CHOSEN, PLAIN_JSQR, type DecoderRow } from './decoder-suite';
import { DECODER_TABLE_HEADER, decoderVerdict, formatDecoderRuntime } from './decoders';
import { FRAME_CLASSES, synthFrame, syntheticPayload } from './qr-frames';

const row = (decoder: string, ms720: number, overall: number): DecoderRow => ({
  decoder,
  medianMs: { '640x480': ms720 / 2, '1280x720': ms720 },
  success: Object.fromEntries(FRAME_CLASSES.map((c) => [c, overall])) as DecoderRow['success'],
  overall
});

describe('decoder table', () => {
  it('has a row per candidate with times per size and success per class', () => {
    const markdown = formatDecoderRuntime({
      runtime: 'node',
      version: 'v20',
      frames: 96,
      rows: [row(PLAIN_JSQR, 40, 0.7), row(CHOSEN, 8, 0.75)]
    });
    const lines = markdown.split('\n');
    expect(lines).toContain(DECODER_TABLE_HEADER);
    expect(DECODER_TABLE_HEADER.split('|').length - 2).toBe(1 + 2 + FRAME_CLASSES.length + 1);
    expect(lines).toContain(`| **${CHOSEN}** | 4.00 | 8.00 | ${FRAME_CLASSES.map(() => '75 %').join(' | ')} | 75 % |`);
  });

  it('says whether the chosen pipeline meets both targets against plain jsQR on 720p', () => {
    expect(decoderVerdict({ frames: 1, rows: [row(PLAIN_JSQR, 40, 0.7), row(CHOSEN, 8, 0.75)] })).toMatch(
      /5\.0× faster \(target ≥ 4×: met\), success 75 % vs 70 % \(target ≥: met\)/
    );
    expect(decoderVerdict({ frames: 1, rows: [row(PLAIN_JSQR, 40, 0.7), row(CHOSEN, 20, 0.6)] })).toMatch(
      /2\.0× faster \(target ≥ 4×: NOT met\), success 60 % vs 70 % \(target ≥: NOT met\)/
    );
  });
});

describe('synthetic frames', () => {
  it('are the same for the same seed, and every candidate reads a clean one', () => {
    const text = syntheticPayload(300, 42);
    expect(text).toHaveLength(300);
    const a = synthFrame({ text, width: 640, height: 480, frameClass: 'clean', seed: 42 });
    const b = synthFrame({ text, width: 640, height: 480, frameClass: 'clean', seed: 42 });
    expect(Buffer.from(a.data).equals(Buffer.from(b.data))).toBe(true);
    const big = synthFrame({ text, width: 1280, height: 720, frameClass: 'clean', seed: 3 });
    expect(CANDIDATES[CHOSEN]!(big)).toBe(text);
    expect(CANDIDATES[PLAIN_JSQR]!(big)).toBe(text);
  });
});
