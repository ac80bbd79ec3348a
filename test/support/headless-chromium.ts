import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { inflateSync } from 'node:zlib';
import { runChild } from './child-run.js';

/**
 * A real browser for the tests that judge an HTML output as a person sees it: Chromium from the
 * Debian packages (`apt-get install chromium`; .ci/run installs it), run headless on a file, with
 * the network made unusable (names resolve nowhere) and every request it makes recorded in a
 * NetLog, so that a test can tell whether the page asked for anything outside itself.
 */

const CHROMIUM = 'chromium';
const BROWSER_TIMEOUT_MS = 60_000;

/** The Chromium version line; throws, with what to do, when it is not installed. */
export function chromiumVersion(): string {
  const probe = spawnSync(CHROMIUM, ['--version'], { encoding: 'utf8', timeout: BROWSER_TIMEOUT_MS });
  if (probe.error !== undefined || probe.status !== 0) {
    throw new Error(
      `Chromium is needed to test report.html in a real browser and "${CHROMIUM}" could not be run (${probe.error?.message ?? `exit ${probe.status}`}): ` +
        'install it with `apt-get install -y --no-install-recommends chromium` (.ci/run does on CI)',
    );
  }
  return probe.stdout.trim();
}

export interface PageView {
  /** The DOM once the page has loaded, as Chromium serialises it. */
  dom: string;
  /** The URLs the page asked the network for (its own file excepted); Chromium's own background traffic is left out. */
  pageRequests: string[];
}

/** Flags that keep the browser to the page: no profile, no background traffic, no name resolves. */
const ISOLATION_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-extensions',
  '--host-resolver-rules=MAP * ~NOTFOUND',
  '--hide-scrollbars',
];

/** Opens the file in headless Chromium and returns its DOM and the requests it made. */
export function openInChromium(path: string): Promise<PageView> {
  return withProfile(async (profile) => {
    const netLog = join(profile, 'net-log.json');
    const dom = await runChromium([`--user-data-dir=${join(profile, 'user-data')}`, `--log-net-log=${netLog}`, '--dump-dom', pathToFileURL(path).href]);
    return { dom, pageRequests: pageRequestsIn(netLog) };
  });
}

/** A PNG of the page as a window of this size shows it, from its top. */
export async function screenshotInChromium(path: string, pngPath: string, window: { width: number; height: number }): Promise<void> {
  await withProfile((profile) => runChromium([`--user-data-dir=${join(profile, 'user-data')}`, `--window-size=${window.width},${window.height}`, `--screenshot=${pngPath}`, pathToFileURL(path).href]));
  if (!existsSync(pngPath)) throw new Error(`Chromium wrote no screenshot at ${pngPath}`);
}

/**
 * Width and height of a PNG (its IHDR chunk) and how many byte values its decompressed image data
 * holds: a blank page has a handful, a page with text and charts has hundreds.
 */
export function pngPixels(pngPath: string): { width: number; height: number; distinctByteValues: number } {
  const bytes = readFileSync(pngPath);
  if (bytes.subarray(1, 4).toString('latin1') !== 'PNG') throw new Error(`${pngPath} is not a PNG`);
  const imageData: Buffer[] = [];
  for (let offset = 8; offset < bytes.length; ) {
    const length = bytes.readUInt32BE(offset);
    if (bytes.subarray(offset + 4, offset + 8).toString('latin1') === 'IDAT') imageData.push(bytes.subarray(offset + 8, offset + 8 + length));
    // Length, type, data, CRC.
    offset += 12 + length;
  }
  const seen = new Set(inflateSync(Buffer.concat(imageData)));
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20), distinctByteValues: seen.size };
}

async function withProfile<T>(use: (profile: string) => Promise<T>): Promise<T> {
  const profile = mkdtempSync(join(tmpdir(), 'tpliq-chromium-'));
  try {
    return await use(profile);
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

async function runChromium(args: readonly string[]): Promise<string> {
  const result = await runChild(CHROMIUM, [...ISOLATION_FLAGS, ...args], { timeoutMs: BROWSER_TIMEOUT_MS });
  if (result.error !== undefined || result.status !== 0) {
    throw new Error(`chromium ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status} ${result.signal ?? ''}`}): ${result.stderr.slice(-2000)}`);
  }
  return result.stdout;
}

interface NetLog {
  constants: { logEventTypes: Record<string, number> };
  events: Array<{ type: number; params?: { url?: string; network_isolation_key?: string } }>;
}

/**
 * The URLs of the requests started for a page loaded from a file: their network isolation key
 * names the file:// site. Chromium's own requests (update checks and the like) are keyed
 * otherwise, and are not the page's doing.
 */
function pageRequestsIn(netLogPath: string): string[] {
  const log = JSON.parse(readFileSync(netLogPath, 'utf8')) as NetLog;
  const startJob = log.constants.logEventTypes.URL_REQUEST_START_JOB;
  if (startJob === undefined) throw new Error('this NetLog names no URL_REQUEST_START_JOB event: cannot tell what the page requested');
  return log.events
    .filter((e) => e.type === startJob && (e.params?.network_isolation_key ?? '').includes('file://'))
    .map((e) => e.params?.url ?? '');
}
