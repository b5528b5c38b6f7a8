/**
 * Global setup of the `browser` test project (runs in Node): mints the storage tests' artifacts
 * with the demo issuer and hands them to the browser tests through `inject('storageArtifacts')`.
 */
import type { TestProject } from 'vitest/node';
import { mintStorageArtifacts, type StorageArtifacts } from './test-artifacts';

declare module 'vitest' {
  export interface ProvidedContext {
    storageArtifacts: StorageArtifacts;
  }
}

export default function setup(project: TestProject): void {
  project.provide('storageArtifacts', mintStorageArtifacts());
}
