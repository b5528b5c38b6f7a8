import 'fake-indexeddb/auto';
import { describe } from 'vitest';
import { storageSuite } from '../../../tests/support/storage-cases';
import { mintStorageArtifacts } from '../../../tests/support/test-artifacts';

const artifacts = mintStorageArtifacts();

describe('storage on fake-indexeddb', () => storageSuite(() => artifacts));
