/**
 * Reading a QR code with the camera or from a photo, as Verify and Compose both offer it: one
 * decoder worker (started by the first scan, kept for the next), whether the camera view is open,
 * and the hidden photo chooser. What a code means is the screen's business. The scanning code (the
 * worker's handle, the camera view) loads with the first scan: a screen that never scans never
 * downloads it.
 */
import type { FrameDecoder } from '../scan/frame-decoder';
import { decodePhoto, PhotoError } from '../scan/image';
import type ScannerScreen from './Scanner.svelte';

/** The code read from a photo, or a sentence saying why none was. */
export type PhotoReading = { code: string } | { problem: string };

export class QrScan {
  /** The camera view is open. */
  cameraOpen = $state(false);
  decoder = $state.raw<FrameDecoder>();
  /** The camera view's component, once loaded. */
  Screen = $state.raw<typeof ScannerScreen>();
  /** The hidden `<input type="file" accept="image/*">`, bound by the screen. */
  photoInput = $state<HTMLInputElement>();
  readonly #onPhoto: (file: File) => void;

  /** `onPhoto` receives each photo the user chooses. */
  constructor(onPhoto: (file: File) => void) {
    this.#onPhoto = onPhoto;
  }

  async openCamera(): Promise<void> {
    this.cameraOpen = true;
    const [, screen] = await Promise.all([this.#startDecoder(), import('./Scanner.svelte')]);
    this.Screen = screen.default;
  }

  async #startDecoder(): Promise<FrameDecoder> {
    if (this.decoder) return this.decoder;
    const { startFrameDecoder } = await import('../scan/frame-decoder');
    this.decoder ??= startFrameDecoder();
    return this.decoder;
  }

  closeCamera(): void {
    this.cameraOpen = false;
  }

  /** Opens the photo chooser; call it inside the click that asked for it, or the browser refuses. */
  choosePhoto(): void {
    this.cameraOpen = false;
    this.photoInput?.click();
  }

  /** The chooser's change handler. Its value is cleared so that choosing the same photo again scans it again. */
  readonly photoChosen = (event: Event & { currentTarget: HTMLInputElement }): void => {
    const file = event.currentTarget.files?.[0];
    if (file) this.#onPhoto(file);
    event.currentTarget.value = '';
  };

  /** `otherwise` ends the sentence when no code is found: "or paste the key". */
  async readPhoto(file: File, otherwise: string): Promise<PhotoReading> {
    // Loaded with the first photo, like the decoder: it tells a file's code from one animated part.
    const { PartError, photoCode } = await import('../scan/parts');
    try {
      const code = await decodePhoto(file, await this.#startDecoder());
      // A single-part animated code is the file it carries; one part of several is not enough.
      if (code !== null) return { code: await photoCode(code, file.name) };
      return {
        problem: `No QR code could be read in ${file.name}. Try a sharper photo in which the code fills more of the picture, ${otherwise}.`
      };
    } catch (err) {
      if (err instanceof PhotoError || err instanceof PartError) return { problem: err.message };
      return { problem: `The photo could not be scanned: ${err instanceof Error ? err.message : String(err)}` };
    }
  }

  /** Ends the decoder worker; the screen calls it when it goes away. */
  close(): void {
    this.decoder?.close();
  }
}
