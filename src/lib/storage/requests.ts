/**
 * LicenseSpring requests composed on this device. The `.lic` answer names its `request_id`; the
 * verifier matches it to the request and the hardware id it was made for.
 */
import { announce, commit, withDb, type RequestRecord } from './db';

export async function rememberRequest(request: RequestRecord): Promise<void> {
  await withDb(async (db) => {
    const tx = db.transaction('requests', 'readwrite');
    await commit(tx, () => tx.store.put(request));
  });
  announce('requests');
}

/** Every remembered request by `request_id`, as `VerifyContext.requests` takes them. */
export async function knownRequests(): Promise<Map<string, { hardwareId: string }>> {
  const requests = await withDb((db) => db.getAll('requests'));
  return new Map(requests.map((r) => [r.requestId, { hardwareId: r.hardwareId }]));
}
