/**
 * `npm test`: every test, in order: typecheck, build, vitest (node + Chromium projects),
 * Playwright end-to-end against the production build. Each stage runs even if an earlier one
 * failed (except e2e, which needs the build), and the last line is `N passed, N failed`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { CHROMIUM_PATH } from './chromium';

const RESULTS = 'test-results';

/** Browser tests drive Debian's Chromium; no tool may download a browser of its own. */
function ensureChromium(): void {
  if (existsSync(CHROMIUM_PATH)) return;
  console.log(`${CHROMIUM_PATH} is missing: installing Debian's chromium package`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const ok =
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env }).status === 0 &&
    spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env }).status === 0;
  if (!ok || !existsSync(CHROMIUM_PATH)) {
    console.error('Could not install Chromium (as root: apt-get install chromium; or set CHROMIUM_PATH).');
    console.log('\n0 passed, 1 failed');
    process.exit(1);
  }
}
mkdirSync(RESULTS, { recursive: true });

let passed = 0;
let failed = 0;
const failures: string[] = [];

function run(label: string, command: string, args: string[]): boolean {
  console.log(`\n=== ${label}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' } });
  return result.status === 0;
}

/** A stage that is one check (typecheck, build): counts as one test. */
function step(label: string, command: string, args: string[]): boolean {
  const ok = run(label, command, args);
  if (ok) passed++;
  else {
    failed++;
    failures.push(label);
  }
  return ok;
}

interface VitestJson {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  numTotalTests: number;
  testResults: { status: string; name: string }[];
}
interface PlaywrightJson {
  stats: { expected: number; unexpected: number; flaky: number; skipped: number };
}

function vitest(): void {
  const out = `${RESULTS}/vitest.json`;
  rmSync(out, { force: true });
  const ok = run('unit and browser tests (vitest)', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`]);
  if (!existsSync(out)) {
    failed++;
    failures.push('vitest (no report)');
    return;
  }
  const report = JSON.parse(readFileSync(out, 'utf8')) as VitestJson;
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  const skipped = report.numPendingTests + report.numTodoTests;
  if (skipped) {
    failed += skipped;
    failures.push(`vitest (${skipped} skipped)`);
  }
  // A file that fails to load has no tests but is a failure all the same.
  const broken = report.testResults.filter((f) => f.status === 'failed').length;
  if (!ok && report.numFailedTests === 0) {
    failed += Math.max(1, broken);
    failures.push('vitest (suite error)');
  } else if (report.numFailedTests) failures.push('vitest');
}

function e2e(): void {
  const out = `${RESULTS}/e2e.json`;
  rmSync(out, { force: true });
  const ok = run('end-to-end tests (Playwright, Chromium)', 'npx', ['playwright', 'test']);
  if (!existsSync(out)) {
    failed++;
    failures.push('playwright (no report)');
    return;
  }
  const { stats } = JSON.parse(readFileSync(out, 'utf8')) as PlaywrightJson;
  passed += stats.expected + stats.flaky;
  failed += stats.unexpected;
  if (stats.skipped) {
    // A skipped test is a test that did not run; CI must not call that green.
    failed += stats.skipped;
    failures.push(`playwright (${stats.skipped} skipped)`);
  }
  if (!ok && stats.unexpected === 0 && !stats.skipped) {
    failed++;
    failures.push('playwright (run error)');
  } else if (stats.unexpected) failures.push('playwright');
}

ensureChromium();
step('typecheck (svelte-check)', 'npm', ['run', '--silent', 'check']);
const built = step('production build', 'npm', ['run', '--silent', 'build']);
vitest();
if (built) e2e();
else {
  failed++;
  failures.push('playwright (not run: build failed)');
}

if (failures.length) console.log(`\nFailed: ${failures.join(', ')}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
