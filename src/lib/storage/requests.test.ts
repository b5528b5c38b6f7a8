import 'fake-indexeddb/auto';
import { beforeEach, expect, it } from 'vitest';
import { knownRequests, rememberRequest } from './requests';
import { freshDatabase } from '../../../tests/support/storage-cases';

beforeEach(freshDatabase);

it('remembers composed requests by request id, for matching the .lic answers', async () => {
  expect(await knownRequests()).toEqual(new Map());
  const base = { product: 'demoapp', request: 'activation', createdAt: 1, fileName: 'ls_activation.req' } as const;
  await rememberRequest({ ...base, requestId: 'r1', hardwareId: 'HW-A' });
  await rememberRequest({ ...base, requestId: 'r2', hardwareId: 'HW-B' });
  await rememberRequest({ ...base, requestId: 'r1', hardwareId: 'HW-C' });
  expect(await knownRequests()).toEqual(
    new Map([
      ['r1', { hardwareId: 'HW-C' }],
      ['r2', { hardwareId: 'HW-B' }]
    ])
  );
});
