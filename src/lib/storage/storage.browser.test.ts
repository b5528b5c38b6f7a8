import { describe, inject } from 'vitest';
import { storageSuite } from './storage-cases';

describe('storage on Chromium IndexedDB', () => storageSuite(() => inject('storageArtifacts')));
