/**
 * LicenseSpring offline request files (`ls_activation.req` / `ls_deactivation.req`), built in the
 * layout of the vendor's C++ v2 example, which both of its HMACs were reproduced from:
 *   inner  = the request fields, `schema_version` first, then the rest in plain code-unit order;
 *            `signature` = base64 HMAC-SHA256(key, "licenseSpring\ndate: <date>\n<license_key|username>
 *            \n<hardware_id>\n<api_key|client_id>");
 *   file   = base64(`{"request":<inner>,"signature":"<hex HMAC-SHA256(key, inner bytes)>"}`) + "\n".
 * Schema 1 is the flat inner object alone. The HMAC key is the shared key, or the client secret
 * under OAuth (the docs say so; the Python SDK's use of the client id looks like a bug).
 */
import { base64Encode, hexEncode, utf8Encode } from './crypto/encoding';
import { fail } from './errors';
import { hmacSha256 } from './crypto/primitives';

/** Everything a request file carries. Every value must be printable ASCII (see the spec §2). */
export interface ComposeOptions {
  /** `activation` (default) or `deactivation`. */
  request?: 'activation' | 'deactivation';
  /** The product's short code (`product`). */
  product: string;
  /** The opaque id the server binds the license to (`hardware_id`). */
  hardwareId: string;
  /** Key-based licenses: the license key exactly as issued. Give this or `username`, not both. */
  licenseKey?: string;
  /** User-based licenses: the license user. Give this or `licenseKey`, not both. */
  username?: string;
  /** User-based activation only: the license user's password. Never sent on deactivation. */
  password?: string;
  /** API-key authorization: the API key (`api_key`), paired with `sharedKey`. */
  apiKey?: string;
  /** API-key authorization: the company shared key, the HMAC key. It is not written to the file. */
  sharedKey?: string;
  /** OAuth authorization: the client id (`client_id`), paired with `clientSecret`. */
  clientId?: string;
  /** OAuth authorization: the client secret, the HMAC key. It is not written to the file. */
  clientSecret?: string;
  /** 2 (default): the signed `{"request", "signature"}` envelope. 1: the flat object, for older portals. */
  schema?: 1 | 2;
  /** Current time in ms; gives the default `date`. Required unless `date` is given. */
  now?: number;
  /** RFC 7231 IMF-fixdate, e.g. `Fri, 29 Aug 2025 07:22:37 GMT`. Default: `new Date(now).toUTCString()`. */
  date?: string;
  /** Echoed in the `.lic` answer and matched on import. Default: `crypto.randomUUID()`. */
  requestId?: string;
  /** Operating system and version (`os_ver`). */
  osVer?: string;
  /** Host name (`os_hostname`); transliterate non-ASCII names first. */
  osHostname?: string;
  /** Local IP address (`ip_local`). */
  ipLocal?: string;
  /** MAC address (`mac_address`), free form. */
  macAddress?: string;
  /** Application version (`app_ver`). */
  appVer?: string;
  /** SDK version (`sdk_ver`). */
  sdkVer?: string;
  /** SDK language (`sdk_lang`). */
  sdkLang?: string;
  /** Device variables (`variables`), string values only, written in the order given. */
  variables?: Record<string, string>;
  /** Further top-level fields as `name=value` strings (value up to the end, may contain `=`). */
  extra?: string[];
}

export interface ComposedRequest {
  /** `ls_activation.req` or `ls_deactivation.req`. */
  fileName: string;
  /** The file: base64 of `json`, then a newline. */
  content: string;
  /** The decoded file (for schema 2 the envelope, for schema 1 the flat request). */
  json: string;
  /** The inner request object, as written. */
  request: Record<string, unknown>;
  requestId: string;
}

const OPTIONAL_FIELDS = [
  ['osVer', 'os_ver'],
  ['osHostname', 'os_hostname'],
  ['ipLocal', 'ip_local'],
  ['macAddress', 'mac_address'],
  ['appVer', 'app_ver'],
  ['sdkVer', 'sdk_ver'],
  ['sdkLang', 'sdk_lang']
] as const;

/**
 * Fields that define the request or its signing string; an extra field may not be one of them.
 * Optional fields (`os_ver`, …) may come as extras too: `put` refuses one given twice.
 */
const RESERVED = new Set([
  'schema_version',
  'request',
  'product',
  'hardware_id',
  'license_key',
  'username',
  'password',
  'api_key',
  'client_id',
  'date',
  'request_id',
  'signature',
  'variables'
]);

const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
/** Integer-like names are hoisted to the front by every JS object, so the signed order would break. */
const INTEGER_LIKE = /^(?:0|[1-9][0-9]*)$/;

function invalid(message: string): never {
  fail('ERR_COMPOSE_INVALID', message);
}

/** Printable ASCII only: nobody knows how the server canonicalizes anything else, and a newline would split the signing string. */
function ascii(field: string, value: string): string {
  const bad = /[^\x20-\x7e]/.exec(value);
  if (bad) {
    const shown =
      bad[0] < ' ' || bad[0] === '\x7f'
        ? `U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`
        : `"${bad[0]}"`;
    invalid(`The field "${field}" must be plain printable ASCII; it contains ${shown}.`);
  }
  return value;
}

function required(field: string, value: string | undefined): string {
  if (value === undefined || value.trim() === '') invalid(`The field "${field}" is required and must not be empty.`);
  return ascii(field, value);
}

function fieldName(name: string, where: string): string {
  if (INTEGER_LIKE.test(name))
    invalid(`${where} "${name}" is a number; such names change place in JSON and would break the signature.`);
  if (!FIELD_NAME.test(name))
    invalid(`${where} "${name}" must be letters, digits, "_", "." or "-", starting with a letter or "_".`);
  return name;
}

/** The one of two alternatives that is given; refuses both and neither. */
function either(a: [string, string | undefined], b: [string, string | undefined]): [string, string] {
  const hasA = a[1] !== undefined && a[1].trim() !== '';
  const hasB = b[1] !== undefined && b[1].trim() !== '';
  if (hasA && hasB) invalid(`Give "${a[0]}" or "${b[0]}", not both.`);
  if (!hasA && !hasB) invalid(`Give "${a[0]}" or "${b[0]}".`);
  return hasA ? [a[0], ascii(a[0], a[1]!)] : [b[0], ascii(b[0], b[1]!)];
}

const sortedObject = (entries: [string, unknown][]) =>
  Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** Build a signed LicenseSpring offline activation or deactivation request file. */
export async function composeRequest(options: ComposeOptions): Promise<ComposedRequest> {
  const request = options.request ?? 'activation';
  if (request !== 'activation' && request !== 'deactivation')
    invalid('The request must be "activation" or "deactivation".');
  const schema = options.schema ?? 2;
  if (schema !== 1 && schema !== 2) invalid('The schema version must be 1 or 2.');

  const fields = new Map<string, unknown>();
  const put = (name: string, value: unknown) => {
    if (fields.has(name)) invalid(`The field "${name}" is given twice.`);
    fields.set(name, value);
  };
  put('request', request);
  put('product', required('product', options.product));
  const hardwareId = required('hardware_id', options.hardwareId);
  put('hardware_id', hardwareId);

  const [holderField, holder] = either(['license_key', options.licenseKey], ['username', options.username]);
  put(holderField, holder);
  if (options.password !== undefined) {
    if (holderField !== 'username') invalid('A password goes with a username, not a license key.');
    if (request === 'deactivation') invalid('A deactivation request carries no password.');
  }
  if (holderField === 'username' && request === 'activation') put('password', required('password', options.password));

  const [authField, authId] = either(['api_key', options.apiKey], ['client_id', options.clientId]);
  put(authField, authId);
  const oauth = authField === 'client_id';
  if (oauth ? options.sharedKey !== undefined : options.clientSecret !== undefined) {
    invalid('A shared key goes with an API key, a client secret with a client id.');
  }
  const hmacKey = oauth ? required('client secret', options.clientSecret) : required('shared key', options.sharedKey);

  let date = options.date;
  if (date === undefined) {
    const now = new Date(options.now ?? NaN);
    if (Number.isNaN(now.getTime())) invalid('The request needs a date, or the current time to make one.');
    date = now.toUTCString();
  }
  put('date', required('date', date));
  const requestId = options.requestId === undefined ? crypto.randomUUID() : required('request_id', options.requestId);
  put('request_id', requestId);

  for (const [option, name] of OPTIONAL_FIELDS) {
    const value = options[option];
    if (value !== undefined) put(name, ascii(name, value));
  }
  if (options.variables !== undefined) {
    const variables: [string, string][] = Object.entries(options.variables).map(([k, v]) => {
      fieldName(k, 'The variable');
      if (typeof v !== 'string') invalid(`The variable "${k}" must be text.`);
      return [k, ascii(`variables.${k}`, v)];
    });
    put('variables', Object.fromEntries(variables));
  }
  for (const item of options.extra ?? []) {
    const eq = item.indexOf('=');
    if (eq <= 0) invalid(`The extra field "${item.slice(0, 40)}" must be written name=value.`);
    const name = fieldName(item.slice(0, eq), 'The extra field');
    if (RESERVED.has(name)) invalid(`The extra field "${name}" is one the composer sets itself; use its own option.`);
    put(name, ascii(name, item.slice(eq + 1)));
  }

  const signingString = `licenseSpring\ndate: ${date}\n${holder}\n${hardwareId}\n${authId}`;
  put('signature', base64Encode(await hmacSha256(hmacKey, utf8Encode(signingString))));

  let inner: Record<string, unknown>;
  let json: string;
  if (schema === 1) {
    inner = sortedObject([...fields]);
    json = JSON.stringify(inner);
  } else {
    inner = { schema_version: 2, ...sortedObject([...fields]) };
    // These exact bytes are both HMACed and embedded, so the server sees what was signed.
    const innerJson = JSON.stringify(inner);
    const outer = hexEncode(await hmacSha256(hmacKey, utf8Encode(innerJson)));
    json = `{"request":${innerJson},"signature":"${outer}"}`;
  }
  return {
    fileName: request === 'activation' ? 'ls_activation.req' : 'ls_deactivation.req',
    content: base64Encode(utf8Encode(json)) + '\n',
    json,
    request: inner,
    requestId
  };
}
