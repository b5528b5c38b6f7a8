// PLACEHOLDER: being written now; replaced before this lands.
import { fail } from './errors';
import type { VerifyContext } from './context';
import type { Verdict } from './verdict';

export async function verifyActivationProof(_text: string, _ctx: VerifyContext): Promise<Verdict> {
  fail('ERR_FORMAT_UNKNOWN', 'not implemented yet');
}
