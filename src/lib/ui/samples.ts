/** Demo samples ("Try a sample"): minted by the demo issuer at build time, only in demo builds. */
import type { DemoSample } from 'virtual:demo-samples';
import type { ArtifactKind } from '../core/verdict';

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
