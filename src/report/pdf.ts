/**
 * @module report/pdf
 * `--format pdf`: the HTML handover document printed to A4 PDF by the machine's own Chromium,
 * driven by playwright-core (which never downloads a browser). The page is loaded from a
 * string with JavaScript off and every request refused, so printing fetches nothing.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { UsageError } from '../errors/index.js';

/** Environment variable naming the Chromium (or Chrome) executable to print with. */
export const CHROMIUM_ENV = 'OEMSCAN_CHROMIUM';

const NAMES = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'];
/** Debian/Ubuntu and other common install paths, tried after PATH. */
const COMMON = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/lib/chromium/chromium',
  '/snap/bin/chromium',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
  '/opt/google/chrome/chrome',
];

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * The Chromium to print with: `OEMSCAN_CHROMIUM` when set (and then only it), else the first
 * of the usual names on PATH, else the common install paths. Throws a one-line UsageError.
 */
export function findChromium(
  env: NodeJS.ProcessEnv = process.env,
  common: readonly string[] = COMMON,
): string {
  const chosen = env[CHROMIUM_ENV];
  if (chosen) {
    if (executable(chosen)) return chosen;
    throw new UsageError(`${CHROMIUM_ENV}=${chosen} is not an executable file; --format pdf needs Chromium`);
  }
  const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const name of NAMES) for (const dir of dirs) if (executable(join(dir, name))) return join(dir, name);
  for (const path of common) if (executable(path)) return path;
  throw new UsageError(
    `--format pdf needs Chromium and none was found (PATH, ${COMMON[0]}, ...): install it (Debian/Ubuntu: apt-get install chromium) or set ${CHROMIUM_ENV} to its path`,
  );
}

/** Prints the HTML document to an A4 PDF (page numbers in the footer). */
export async function htmlToPdf(html: string, chromium = findChromium()): Promise<Buffer> {
  let pw: typeof import('playwright-core');
  try {
    pw = await import('playwright-core');
  } catch {
    throw new UsageError('--format pdf needs the playwright-core package, which is not installed');
  }
  const browser = await pw.chromium
    .launch({
      executablePath: chromium,
      timeout: 30000,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-extensions',
      ],
    })
    .catch((err: unknown) => {
      const first = (err instanceof Error ? err.message : String(err)).split('\n')[0];
      throw new UsageError(`cannot start Chromium (${chromium}) to print the PDF: ${first}`);
    });
  try {
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    await context.route('**/*', (route) => route.abort());
    const page = await context.newPage();
    await page.setContent(html, { waitUntil: 'load', timeout: 60000 });
    const pdf = await page.pdf({
      format: 'A4',
      preferCSSPageSize: true,
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate:
        '<div style="width:100%;font-size:7px;color:#667;text-align:center;font-family:sans-serif"><span class="pageNumber"></span> / <span class="totalPages"></span></div>',
    });
    return Buffer.from(pdf);
  } finally {
    await browser.close();
  }
}
