/**
 * Typed failures of the core. Every parser throws only `VerifyError`; `verify` turns it into a
 * verdict, so nothing escapes to the caller.
 */
export type ErrorCode =
  | 'ERR_INPUT_EMPTY'
  | 'ERR_INPUT_TOO_LARGE'
  | 'ERR_INPUT_NOT_TEXT'
  | 'ERR_FORMAT_UNKNOWN'
  | 'ERR_FORMAT_MALFORMED'
  | 'ERR_ENCODING'
  | 'ERR_JSON'
  | 'ERR_ALGORITHM_UNSUPPORTED'
  | 'ERR_KEY_INVALID'
  | 'ERR_CONFIG_INVALID'
  | 'ERR_COMPOSE_INVALID'
  /** A bug in the verifier itself, never the input's fault; the property tests assert it never happens. */
  | 'ERR_INTERNAL';

export class VerifyError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'VerifyError';
    this.code = code;
  }
}

export function fail(code: ErrorCode, message: string): never {
  throw new VerifyError(code, message);
}
