/**
 * The animated-code camera scenes made by the CLI (camera-setup.ts writes them): a 16 KB machine
 * file as `cli qr show` draws it, all frames and with every third frame missing, and two transfers
 * interleaved with damaged parts among them.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import { issueCommand } from '../../../tools/cli/issue';
import { codeModules, qrCommand } from '../../../tools/cli/qr';
import { frameTexts, FRAMES_PER_SECOND } from '../../../src/lib/core/ur/show';
import { CAMERA_FIXTURES_DIR, cameraFixture } from './camera-fixtures';
import { gridFromPng, sequenceY4m, type ModuleGrid } from './y4m';

/** Pixels per module of the CLI's PNGs here: the frame fits the 640×480 camera's aim square as drawn. */
const MODULE_PX = 4;

/** Eight entitlements make the demo machine file about 16 KB, a realistic size with its license included. */
const ENTITLEMENTS = Array.from({ length: 8 }, (_, i) => ['--entitlement', `FEATURE_${i + 1}`]).flat();

export const withoutEveryThird = <T>(frames: readonly T[]): T[] => frames.filter((_, i) => i % 3 !== 2);

/** What `cli issue …` prints: artifacts valid now. */
export async function issue(args: string[]): Promise<string> {
  const lines: string[] = [];
  await issueCommand(args, (line) => lines.push(line));
  return lines.join('\n');
}

async function cliFrames(file: string, out: string): Promise<ModuleGrid[]> {
  const written: string[] = [];
  await qrCommand(['show', '--out', out, '--module-px', String(MODULE_PX), file], (line) => written.push(line));
  return written.map((png) => gridFromPng(PNG.sync.read(readFileSync(png)), MODULE_PX));
}

/** A part with one bytewords letter pair changed to another valid pair: only its CRC tells. */
export function tamperedPart(part: string): string {
  const at = part.length - 20;
  const pair = part.slice(at, at + 2) === 'AD' ? 'AE' : 'AD';
  return part.slice(0, at) + pair + part.slice(at + 2);
}

export async function writeUrScenes(): Promise<void> {
  const dir = path.join(CAMERA_FIXTURES_DIR, 'ur');
  mkdirSync(dir, { recursive: true });
  const machine = await issue(['machine-file', ...ENTITLEMENTS]);
  const machineFile = path.join(dir, 'machine.lic');
  writeFileSync(machineFile, machine);
  const frames = await cliFrames(machineFile, path.join(dir, 'machine-frames'));
  writeFileSync(cameraFixture('ur-machine'), sequenceY4m(frames, FRAMES_PER_SECOND));
  writeFileSync(cameraFixture('ur-machine-drop'), sequenceY4m(withoutEveryThird(frames), FRAMES_PER_SECOND));
  // A third of the rate: a transfer that surely outlasts the kiosk's 3-second reset.
  writeFileSync(cameraFixture('ur-machine-slow'), sequenceY4m(frames, FRAMES_PER_SECOND / 3));
  for (const scene of ['ur-machine', 'ur-machine-drop', 'ur-machine-slow'] as const)
    writeFileSync(cameraFixture(scene, 'txt'), machine);

  // Two transfers in turns, and each part of the license file first shown damaged.
  const license = await issue(['license-file']);
  const [a, b] = await Promise.all([
    frameTexts(new TextEncoder().encode(license)),
    frameTexts(new TextEncoder().encode(machine))
  ]);
  const mixed: ModuleGrid[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i]) mixed.push(codeModules(tamperedPart(a[i]!)), codeModules(a[i]!));
    if (b[i]) mixed.push(codeModules(b[i]!));
  }
  writeFileSync(cameraFixture('ur-mixed'), sequenceY4m(mixed, FRAMES_PER_SECOND));
  writeFileSync(cameraFixture('ur-mixed', 'txt'), JSON.stringify([license, machine]));
}
