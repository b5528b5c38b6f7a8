/**
 * Inputs built to hit the worst case of every pattern and scanner that reads untrusted text, each
 * as large as `verify` accepts. The adversarial tests run them (none may hang) and the bench times
 * them against `WORST_CASE_BOUND_MS`. Plain strings: runs in Node and in the bench page.
 */
import { MAX_INPUT_BYTES } from '../../src/lib/core/verify';

/** The promise: no input up to the size limit takes longer than this to get its verdict. */
export const WORST_CASE_BOUND_MS = 1000;

const fill = (n: number, unit: string) => unit.repeat(Math.floor(n / unit.length));

export const worstCases = (): [name: string, input: string][] => [
  ['"A", 160,000 spaces, "!" (the quadratic regex of issue 10)', `A${fill(160_000, ' ')}!`],
  ['"A", spaces to 4 MiB, "!"', `A${fill(MAX_INPUT_BYTES - 2, ' ')}!`],
  ['base64 and spaces to 4 MiB, "=!"', `${fill(MAX_INPUT_BYTES - 2, 'A ')}=!`],
  ['a JWT shape to 4 MiB, broken at the end', `eyJ${fill(MAX_INPUT_BYTES - 8, 'a')}.b.c!`],
  ['"key/" and 4 MiB of dataset', `key/${fill(MAX_INPUT_BYTES - 10, 'A')}.AAAA`],
  ['a license file armour around 4 MiB of line breaks', `-----BEGIN LICENSE FILE-----${fill(MAX_INPUT_BYTES - 60, '\n')}-----END LICENSE FILE-----`],
  ['4 MiB of "{"', fill(MAX_INPUT_BYTES, '{')],
  ['a JSON string of 4 MiB of escapes', `{"a":"${fill(MAX_INPUT_BYTES - 10, '\\u0041')}"}`],
  [
    'a HAR URL of colons and digits',
    JSON.stringify({ log: { entries: [{ request: { method: 'GET', url: `https://a${fill(400_000, ':1')}x` }, response: { headers: [{ name: 'X-Signature', value: 'AA==' }] } }] } })
  ]
];
