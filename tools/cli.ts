/**
 * Offline Verifier on the command line, for vendors' scripts and bulk checks.
 *   npm run --silent cli -- verify …    one JSON verdict per input (exit 0 valid, 1 not, 2 usage)
 *   npm run --silent cli -- issue …     the demo issuer
 *   npm run --silent cli -- compose …   a LicenseSpring offline request file
 *   npm run --silent cli -- qr …        a file as QR frames (animated UR), and back
 */
import { VerifyError } from '../src/lib/core/errors';
import { UsageError } from './cli/usage';
import { verifyCommand, VERIFY_USAGE } from './cli/verify';
import { issueCommand, ISSUE_USAGE } from './cli/issue';
import { composeCommand, COMPOSE_USAGE } from './cli/compose';
import { qrCommand, QR_USAGE } from './cli/qr';

const USAGE = `usage: npm run --silent cli -- <command> …
  ${VERIFY_USAGE}
  ${ISSUE_USAGE}
  ${COMPOSE_USAGE}
  ${QR_USAGE}`;

const COMMANDS: Record<string, (args: string[], write: (line: string) => void) => Promise<number>> = {
  verify: verifyCommand,
  issue: issueCommand,
  compose: composeCommand,
  qr: (args, write) => qrCommand(args, write)
};

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  const run = command ? COMMANDS[command] : undefined;
  if (!run) {
    console.error(command ? `unknown command "${command}"\n${USAGE}` : USAGE);
    return 2;
  }
  try {
    return await run(args, (line) => process.stdout.write(line + '\n'));
  } catch (err) {
    // Bad options, unreadable files and malformed configs or keys are the caller's to fix.
    if (
      err instanceof UsageError ||
      err instanceof VerifyError ||
      (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    ) {
      console.error(`error: ${(err as Error).message}\n${USAGE}`);
      return 2;
    }
    throw err;
  }
}

process.exitCode = await main(process.argv.slice(2));
