/**
 * Scanned codes on their way to a verdict: an ordinary code is passed on as it is; UR parts
 * (a file shown as an animated sequence of codes) are collected until the file is whole. The
 * transfer code is loaded only when the first part is seen, so a plain scan never pays for it.
 */
import { isUrPart, partLabel } from '../core/ur/sniff';
import type { TransferCollector } from '../core/ur/transfer';

export type CodeOutcome =
  /**
   * Text to verify: an ordinary code, or the file a completed transfer carried (`file`, its bytes
   * as sent, for whoever saves it; artifacts are text, so bytes that are not UTF-8 become
   * replacement characters in `text` and fail verification).
   */
  | { kind: 'code'; text: string; transfer: false }
  | { kind: 'code'; text: string; transfer: true; file: Uint8Array }
  /** One more part of a transfer; `progress` of the file is known (0–1). */
  | { kind: 'part'; progress: number }
  /** A part that could not be used: damaged, of another kind of UR, or over the size limit (`tooLarge`). */
  | { kind: 'ignored'; progress: number | null; tooLarge?: true };

export interface CodeCollector {
  accept(code: string): Promise<CodeOutcome>;
  /** Forgets any transfer under way. */
  reset(): void;
  /** The progress of the transfer under way, null when there is none. */
  readonly progress: number | null;
}

export function createCodeCollector(): CodeCollector {
  let collector: Promise<TransferCollector> | undefined;
  let progress: number | null = null;
  return {
    async accept(code) {
      if (!isUrPart(code)) return { kind: 'code', text: code, transfer: false };
      collector ??= import('../core/ur/transfer').then((module) => new module.TransferCollector());
      const transfers = await collector;
      const outcome = await transfers.receive(code);
      progress = transfers.progress;
      switch (outcome.kind) {
        case 'complete':
          progress = null;
          return { kind: 'code', text: new TextDecoder().decode(outcome.file), transfer: true, file: outcome.file };
        case 'progress':
        case 'duplicate':
          return { kind: 'part', progress: outcome.progress };
        case 'rejected':
          return outcome.reason === 'too-large'
            ? { kind: 'ignored', progress, tooLarge: true }
            : { kind: 'ignored', progress };
        default:
          return { kind: 'ignored', progress };
      }
    },
    reset() {
      progress = null;
      void collector?.then((transfers) => transfers.reset());
    },
    get progress() {
      return progress;
    }
  };
}

/** What the scanner says to a part of a transfer over `MAX_TRANSFER_BYTES` (equal by test). */
export const TOO_LARGE_STATUS = 'This animated code carries a file over 256 KiB, more than the app reads.';

/** "58 % — keep the code in view": what the scanner says while a transfer is under way. */
export const transferStatus = (progress: number): string => `${Math.floor(progress * 100)} % — keep the code in view`;

/**
 * The text a photo's code stands for: the code itself, or the file of a single-part UR. A part of
 * a multi-part transfer is not enough on its own: a `PartError` says so.
 */
export class PartError extends Error {
  override name = 'PartError';
}

export async function photoCode(code: string, fileName: string): Promise<string> {
  const outcome = await createCodeCollector().accept(code);
  if (outcome.kind === 'code') return outcome.text;
  const part = partLabel(code);
  throw new PartError(
    part
      ? `The QR code in ${fileName} is ${part} of an animated code: a file shown as a sequence of codes. Scan the animated code with the camera while it plays.`
      : `The QR code in ${fileName} is a damaged or unsupported animated-code part.`
  );
}
