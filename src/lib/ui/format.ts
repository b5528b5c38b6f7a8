/** Wording for technical values: algorithms, durations. */
import type { Algorithm } from '../core/crypto/keys';

export const ALGORITHM_LABEL: Record<Algorithm, string> = {
  ed25519: 'Ed25519',
  'rsa-pss-sha256': 'RSA-PSS SHA-256',
  'rsa-sha256': 'RSA PKCS#1 v1.5 SHA-256',
  'ecdsa-p256': 'ECDSA P-256 SHA-256'
};

const UNITS: [string, number][] = [
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
  ['second', 1]
];

/** "7 days", "1 day 12 hours", "none": at most two units, largest first. */
export function describeDuration(seconds: number): string {
  if (seconds <= 0) return 'none';
  const parts: string[] = [];
  let rest = seconds;
  for (const [unit, size] of UNITS) {
    const n = Math.floor(rest / size);
    if (n > 0 && parts.length < 2) {
      parts.push(`${n} ${unit}${n === 1 ? '' : 's'}`);
      rest -= n * size;
    }
  }
  return parts.join(' ');
}
