import { describe, inject } from 'vitest';
import { storageSuite } from '../../../tests/support/storage-cases';

describe("storage on the browser's IndexedDB", () => storageSuite(() => inject('storageArtifacts')));
