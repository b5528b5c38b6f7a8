/**
 * Inputs built to hit the worst case of every pattern and scanner that reads untrusted text, each
 * as large as `verify` accepts. The adversarial tests run them (none may hang) and the bench times
 * them against `WORST_CASE_BOUND_MS`. Plain strings: runs in Node and in the bench page.
 */
import { MAX_INPUT_BYTES } from '../../src/lib/core/verify';
import { bytewordsEncode } from '../../src/lib/core/ur/bytewords';
import { MAX_SEQ_LENGTH } from '../../src/lib/core/ur/transfer';

/** The promise: no input up to the size limit takes longer than this to get its verdict. */
export const WORST_CASE_BOUND_MS = 1000;

const fill = (n: number, unit: string) => unit.repeat(Math.floor(n / unit.length));

export const worstCases = (): [name: string, input: string][] => [
  ['"A", 160,000 spaces, "!" (the quadratic regex of issue 10)', `A${fill(160_000, ' ')}!`],
  ['"A", spaces to 4 MiB, "!"', `A${fill(MAX_INPUT_BYTES - 2, ' ')}!`],
  ['base64 and spaces to 4 MiB, "=!"', `${fill(MAX_INPUT_BYTES - 2, 'A ')}=!`],
  ['a JWT shape to 4 MiB, broken at the end', `eyJ${fill(MAX_INPUT_BYTES - 8, 'a')}.b.c!`],
  ['"key/" and 4 MiB of dataset', `key/${fill(MAX_INPUT_BYTES - 10, 'A')}.AAAA`],
  [
    'a license file armour around 4 MiB of line breaks',
    `-----BEGIN LICENSE FILE-----${fill(MAX_INPUT_BYTES - 60, '\n')}-----END LICENSE FILE-----`
  ],
  ['4 MiB of "{"', fill(MAX_INPUT_BYTES, '{')],
  ['a JSON string of 4 MiB of escapes', `{"a":"${fill(MAX_INPUT_BYTES - 10, '\\u0041')}"}`],
  [
    'a HAR URL of colons and digits',
    JSON.stringify({
      log: {
        entries: [
          {
            request: { method: 'GET', url: `https://a${fill(400_000, ':1')}x` },
            response: { headers: [{ name: 'X-Signature', value: 'AA==' }] }
          }
        ]
      }
    })
  ]
];

/** A `ur:bytes` part with any header whose CRC holds: what anyone can put in a code. */
function craftPart(seqNum: number, seqLength: number, messageLength: number, fragment: Uint8Array): string {
  const head = (major: number, v: number) => {
    const t = major << 5;
    if (v < 24) return [t | v];
    if (v < 0x100) return [t | 24, v];
    if (v < 0x10000) return [t | 25, v >> 8, v & 0xff];
    return [t | 26, v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
  };
  const body = [
    0x85,
    ...head(0, seqNum),
    ...head(0, seqLength),
    ...head(0, messageLength),
    ...head(0, 12345),
    ...head(2, fragment.length),
    ...fragment
  ];
  return `ur:bytes/${seqNum}-${seqLength}/${bytewordsEncode(Uint8Array.from(body))}`;
}

/**
 * Crafted animated-code parts, fed in order to one collector; the bench times the slowest part
 * against `WORST_CASE_BOUND_MS` (a camera frame must never freeze the page).
 */
export const worstParts = (): [name: string, parts: string[]][] => [
  [
    'one 75-character part declaring 4 million 1-byte fragments',
    [craftPart(4_194_310, 4_194_309, 4_194_309, new Uint8Array([7]))]
  ],
  [
    'slowest of 3,000 crafted mixed parts of the largest transfer allowed',
    Array.from({ length: 3000 }, (_, k) =>
      craftPart(MAX_SEQ_LENGTH + 1 + k, MAX_SEQ_LENGTH, MAX_SEQ_LENGTH * 10, new Uint8Array(10).fill(k))
    )
  ]
];
