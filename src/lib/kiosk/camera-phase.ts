/** The kiosk camera's state, and what the operator is told when it is not live. */
import type { CameraProblem } from '../scan/camera';

export type KioskCameraPhase = 'starting' | 'live' | 'paused' | CameraProblem;

/** A short note for whoever looks after the kiosk; visitors are told to use the scanner. */
export const CAMERA_NOTE: Record<KioskCameraPhase, string> = {
  starting: '',
  live: '',
  paused: '',
  absent: 'No camera found: scanner only.',
  denied: 'The camera is blocked in the browser settings: scanner only.',
  'in-use': 'Another app is using the camera: scanner only.',
  unavailable: 'This browser offers no camera: scanner only.'
};
