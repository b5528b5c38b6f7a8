/** Demo samples ("Try a sample"): minted by the demo issuer at build time, only in demo builds. */
import type { ArtifactKind, Status } from '../core/verdict';

export interface DemoSample {
  /** Stable id, e.g. `signed-key-ed25519-forged`. */
  id: string;
  kind: ArtifactKind;
  label: string;
  text: string;
  /** The status the sample is minted to produce (genuine samples: `valid`). */
  expected: Status;
  /** Secrets a technician would type for this sample (an encrypted file's license key, …). */
  licenseKey?: string;
  fingerprint?: string;
}

export interface SampleGroup {
  kind: ArtifactKind;
  samples: DemoSample[];
}

/** Samples grouped by artifact kind, in the order the kinds first appear. */
export function groupSamples(samples: readonly DemoSample[]): SampleGroup[] {
  const groups = new Map<ArtifactKind, DemoSample[]>();
  for (const sample of samples) {
    const group = groups.get(sample.kind);
    if (group) group.push(sample);
    else groups.set(sample.kind, [sample]);
  }
  return [...groups].map(([kind, list]) => ({ kind, samples: list }));
}
