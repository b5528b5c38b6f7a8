import 'fake-indexeddb/auto';
import { describe } from 'vitest';
import { storageSuite } from './storage-cases';
import { mintStorageArtifacts } from './test-artifacts';

const artifacts = mintStorageArtifacts();

describe('storage on fake-indexeddb', () => storageSuite(() => artifacts));
