import 'fake-indexeddb/auto';
import { deleteDB } from 'idb';
import { beforeEach, describe, expect, it } from 'vitest';
import { closeVerifierDb, DB_NAME, openVerifierDb } from './db';
import { browserHardwareId, forgetCredentials, rememberCredentials, rememberedCredentials } from './composer';

beforeEach(async () => {
  await closeVerifierDb();
  await deleteDB(DB_NAME);
});

describe("this browser's hardware id", () => {
  it('is 32 random bytes in hex, created once and kept across connections', async () => {
    const id = await browserHardwareId();
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(await browserHardwareId()).toBe(id);
    await closeVerifierDb();
    expect(await browserHardwareId()).toBe(id);
    expect(await (await openVerifierDb()).get('meta', 'deviceId')).toBe(id);
  });

  it('differs between browsers (fresh databases)', async () => {
    const first = await browserHardwareId();
    await closeVerifierDb();
    await deleteDB(DB_NAME);
    expect(await browserHardwareId()).not.toBe(first);
  });

  it('two tabs asking at once get the same id', async () => {
    const [a, b] = await Promise.all([browserHardwareId(), browserHardwareId()]);
    expect(a).toBe(b);
  });

  it('replaces a stored value that is not such an id', async () => {
    await (await openVerifierDb()).put('meta', 'not-an-id', 'deviceId');
    const id = await browserHardwareId();
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(await browserHardwareId()).toBe(id);
  });
});

describe('remembered credentials', () => {
  it('are absent until the user asks, then kept exactly, then forgotten', async () => {
    expect(await rememberedCredentials()).toBeUndefined();
    await rememberCredentials({ apiKey: 'api', sharedKey: 'shared secret' });
    expect(await rememberedCredentials()).toEqual({ apiKey: 'api', sharedKey: 'shared secret' });
    await forgetCredentials();
    expect(await rememberedCredentials()).toBeUndefined();
    expect(await (await openVerifierDb()).get('meta', 'licenseSpringCredentials')).toBeUndefined();
  });

  it('keep only the credential fields, never anything else passed along', async () => {
    const options = {
      product: 'demoapp',
      hardwareId: 'HW',
      password: 'user password',
      clientId: 'client',
      clientSecret: 'secret',
      apiKey: ''
    };
    await rememberCredentials(options);
    expect(await rememberedCredentials()).toEqual({ clientId: 'client', clientSecret: 'secret' });
  });

  it('a later remember replaces the earlier one; remembering nothing removes them', async () => {
    await rememberCredentials({ apiKey: 'a', sharedKey: 'b' });
    await rememberCredentials({ clientId: 'c', clientSecret: 'd' });
    expect(await rememberedCredentials()).toEqual({ clientId: 'c', clientSecret: 'd' });
    await rememberCredentials({ apiKey: '' });
    expect(await rememberedCredentials()).toBeUndefined();
  });

  it('ignore a stored value of the wrong shape', async () => {
    await (await openVerifierDb()).put('meta', 'shared-key-as-text', 'licenseSpringCredentials');
    expect(await rememberedCredentials()).toBeUndefined();
    await (await openVerifierDb()).put('meta', { apiKey: 42, sharedKey: 'k' }, 'licenseSpringCredentials');
    expect(await rememberedCredentials()).toEqual({ sharedKey: 'k' });
  });
});
