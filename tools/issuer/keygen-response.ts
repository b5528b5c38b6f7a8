/**
 * Mint signed Keygen API responses as Keygen's server does (`signature_headers.rb`): `Date`
 * (IMF-fixdate), `Digest: sha-256=<std base64>` of the raw body, and `Keygen-Signature` over the
 * four-line signing string; or the legacy `X-Signature` over the raw body. Wrapped in the app's
 * envelope or in a HAR file, the two forms a technician brings.
 */
import { createHash, type KeyObject } from 'node:crypto';
import { demoKeyFor, demoKeys, sign } from './keys';
import { demoConfig } from './demo-trust';
import { demoLicenseFacts, type LicenseFacts } from './datasets';

export type ResponseAlgorithm = 'ed25519' | 'rsa-pss-sha256' | 'rsa-sha256';

/** One request and Keygen's answer, headers named as Keygen sends them. */
export interface SignedResponse {
  method: string;
  path: string;
  host: string;
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface ValidationFacts {
  valid: boolean;
  code: string;
  detail: string;
  /** Server time of the validation (ISO). */
  ts: string;
  /** The fingerprint the validation was scoped to, echoed in `meta.scope`. */
  fingerprint?: string;
}

const DETAILS: Record<string, string> = {
  VALID: 'is valid',
  EXPIRED: 'is expired',
  SUSPENDED: 'is suspended',
  NO_MACHINE: 'fingerprint is not activated (has no associated machine)',
  FINGERPRINT_SCOPE_MISMATCH: 'fingerprint is not activated (does not match any associated machines)',
  PRODUCT_SCOPE_MISMATCH: 'product scope does not match'
};

/** A license key in Keygen's default shape, derived from the license id so it is stable. */
const licenseKeyFor = (licenseId: string) => {
  const hex = licenseId.replace(/-/g, '').toUpperCase();
  return [0, 6, 12, 18, 24].map((i) => hex.slice(i, i + 6)).join('-') + '-V3';
};

/** A validate-key body: `meta` with the result, `data` the license resource (compact JSON, as Rails writes it). */
export function validateKeyBody(
  facts: LicenseFacts = demoLicenseFacts(),
  validation: Partial<ValidationFacts> = {}
): string {
  const code = validation.code ?? 'VALID';
  const ts = validation.ts ?? new Date().toISOString();
  const account = `/v1/accounts/${facts.accountId}`;
  const self = `${account}/licenses/${facts.licenseId}`;
  const expired = facts.expiry !== null && Date.parse(facts.expiry) < Date.parse(ts);
  const relation = (name: string, type: string, id: string | null) => ({
    links: { related: `${self}/${name}` },
    data: id && { type, id }
  });
  return JSON.stringify({
    meta: {
      ts,
      valid: validation.valid ?? code === 'VALID',
      detail: validation.detail ?? DETAILS[code] ?? code.toLowerCase().replace(/_/g, ' '),
      code,
      ...(validation.fingerprint ? { scope: { fingerprint: validation.fingerprint } } : {})
    },
    data: {
      id: facts.licenseId,
      type: 'licenses',
      attributes: {
        name: 'Demo License',
        key: licenseKeyFor(facts.licenseId),
        expiry: facts.expiry,
        status: expired ? 'EXPIRED' : 'ACTIVE',
        uses: 0,
        suspended: code === 'SUSPENDED',
        scheme: null,
        encrypted: false,
        strict: false,
        floating: false,
        protected: true,
        maxMachines: 1,
        maxProcesses: null,
        maxCores: null,
        maxUses: null,
        requireHeartbeat: false,
        requireCheckIn: false,
        lastValidated: ts,
        lastCheckIn: null,
        nextCheckIn: null,
        metadata: facts.email ? { email: facts.email } : {},
        created: facts.created,
        updated: ts
      },
      relationships: {
        account: { links: { related: account }, data: { type: 'accounts', id: facts.accountId } },
        product: relation('product', 'products', facts.productId),
        policy: relation('policy', 'policies', facts.policyId),
        group: relation('group', 'groups', null),
        user: relation('user', 'users', null),
        machines: { links: { related: `${self}/machines` }, meta: { cores: 0, count: validation.fingerprint ? 1 : 0 } },
        entitlements: { links: { related: `${self}/entitlements` } }
      },
      links: { self }
    }
  });
}

export interface MintResponseOptions {
  algorithm: ResponseAlgorithm;
  /** Default: a VALID validate-key body for the demo license, validated at `date`. */
  body?: string;
  /** Default POST (validate-key). */
  method?: string;
  /** Default `/v1/accounts/<demo slug>/licenses/actions/validate-key`, exactly as sent. */
  path?: string;
  host?: string;
  status?: number;
  /** Signed time (ms or Date); default now. */
  date?: number | Date;
  /** Default the demo account id. */
  keyid?: string;
  privateKey?: KeyObject;
}

const httpDate = (date: number | Date | undefined) => new Date(date ?? Date.now()).toUTCString();
const digestOf = (body: string) => `sha-256=${createHash('sha256').update(body, 'utf8').digest('base64')}`;

function defaultRequest() {
  const account = demoConfig().account!;
  return {
    method: 'POST',
    path: `/v1/accounts/${account.slug ?? account.id}/licenses/actions/validate-key`,
    host: 'api.keygen.sh',
    keyid: account.id
  };
}

/** A response signed with `Keygen-Signature`, as Keygen answers a request that asked for `algorithm`. */
export function mintResponse(options: MintResponseOptions): SignedResponse {
  const defaults = defaultRequest();
  const method = options.method ?? defaults.method;
  const path = options.path ?? defaults.path;
  const host = options.host ?? defaults.host;
  const date = httpDate(options.date);
  const body = options.body ?? validateKeyBody(demoLicenseFacts(), { ts: new Date(Date.parse(date)).toISOString() });
  const digest = digestOf(body);
  const signing = `(request-target): ${method.toLowerCase()} ${path}\nhost: ${host}\ndate: ${date}\ndigest: ${digest}`;
  const signature = sign(options.algorithm, options.privateKey ?? demoKeyFor(options.algorithm), signing).toString(
    'base64'
  );
  const keyid = options.keyid ?? defaults.keyid;
  return {
    method,
    path,
    host,
    status: options.status ?? 200,
    headers: {
      'Content-Type': 'application/vnd.api+json; charset=utf-8',
      Date: date,
      Digest: digest,
      'Keygen-Signature': `keyid="${keyid}", algorithm="${options.algorithm}", signature="${signature}", headers="(request-target) host date digest"`,
      'Keygen-Date': date,
      'Keygen-Digest': digest
    },
    body
  };
}

/** A response of an account from before 2021-06-11: `X-Signature`, RSA PKCS#1 v1.5 SHA-256 over the raw body. */
export function mintLegacyResponse(options: Omit<MintResponseOptions, 'algorithm' | 'keyid'> = {}): SignedResponse {
  const defaults = defaultRequest();
  const date = httpDate(options.date);
  const body = options.body ?? validateKeyBody(demoLicenseFacts(), { ts: new Date(Date.parse(date)).toISOString() });
  return {
    method: options.method ?? defaults.method,
    path: options.path ?? defaults.path,
    host: options.host ?? defaults.host,
    status: options.status ?? 200,
    headers: {
      'Content-Type': 'application/vnd.api+json; charset=utf-8',
      Date: date,
      'X-Signature': sign('rsa-sha256', options.privateKey ?? demoKeys().rsa, body).toString('base64')
    },
    body
  };
}

/**
 * The envelope text the app reads for a cached response (`keygen-response/1`), header names in
 * lower case. Written here, not with the core, so the issuer stays an independent implementation.
 */
export function responseEnvelope(response: SignedResponse): string {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    const key = name.toLowerCase();
    if (key in headers && headers[key] !== value) throw new Error(`two different "${name}" headers`);
    headers[key] = value;
  }
  const { method, path, host, status, body } = response;
  return JSON.stringify(
    { format: 'keygen-response/1', request: { method, path, host }, response: { status, headers, body } },
    null,
    2
  );
}

/**
 * A HAR 1.2 file holding `responses` in order (oldest first), as a browser's "Save all as HAR
 * with content" writes it. `base64` stores the bodies base64-encoded, as browsers do for some types.
 */
export function responseHar(responses: SignedResponse[], options: { base64?: boolean; port?: number } = {}): string {
  const entries = responses.map((r) => {
    const started = new Date(Date.parse(r.headers.Date ?? '') || Date.now()).toISOString();
    const requested = /algorithm="([^"]+)"/.exec(r.headers['Keygen-Signature'] ?? '')?.[1];
    return {
      startedDateTime: started,
      time: 84,
      request: {
        method: r.method,
        url: `https://${r.host}${options.port ? `:${options.port}` : ''}${r.path}`,
        httpVersion: 'HTTP/1.1',
        headers: [
          { name: 'Host', value: r.host },
          { name: 'Accept', value: 'application/vnd.api+json' },
          ...(requested ? [{ name: 'Keygen-Accept-Signature', value: `algorithm="${requested}"` }] : [])
        ],
        queryString: [],
        cookies: [],
        headersSize: -1,
        bodySize: -1
      },
      response: {
        status: r.status,
        statusText: r.status === 200 ? 'OK' : '',
        httpVersion: 'HTTP/1.1',
        headers: Object.entries(r.headers).map(([name, value]) => ({ name, value })),
        cookies: [],
        content: {
          size: Buffer.byteLength(r.body),
          mimeType: 'application/vnd.api+json',
          ...(options.base64
            ? { text: Buffer.from(r.body, 'utf8').toString('base64'), encoding: 'base64' }
            : { text: r.body })
        },
        redirectURL: '',
        headersSize: -1,
        bodySize: -1
      },
      cache: {},
      timings: { send: 1, wait: 80, receive: 3 }
    };
  });
  return JSON.stringify(
    { log: { version: '1.2', creator: { name: 'Offline Verifier demo issuer', version: '1' }, entries } },
    null,
    2
  );
}
