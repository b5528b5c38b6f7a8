import { describe, inject } from 'vitest';
import { storageSuite } from './storage-cases';

describe("storage on the browser's IndexedDB", () => storageSuite(() => inject('storageArtifacts')));
