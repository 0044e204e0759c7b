/**
 * The dashboard in headless Chromium (Debian's /usr/bin/chromium through playwright-core, as
 * in html-browser.test.ts): `oemscan serve` runs in process against the simulated fleet, one
 * scan is triggered through the API, then the page is loaded, a wrong token is refused, the
 * right one signs in, and the fleet's flagged devices are on screen. The page must raise no
 * console error (a CSP violation would) and fetch nothing but its own origin.
 * UPDATE_SCREENSHOT=1 also writes test/screenshots/dashboard.png for the README.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Lab, startLab } from '../../src/lab/server.js';
import type { Report } from '../../src/report/types.js';
import { loadServeConfig } from '../../src/serve/config.js';
import { type Service, startService } from '../../src/serve/service.js';
import type { ScanRecord } from '../../src/store/types.js';
import { silentLogger } from '../../src/util/log.js';
import { launchChromium, noBrowser } from '../helpers/browser.js';
import { apiClient, waitFor } from '../helpers/serve.js';

const LAB = '127.0.32';
const OFFSET = 23000;
const LISTEN = '127.0.33.1:30180';
const TOKEN = 'dashboard-token-3b9d0c6e1a-0123456789';
const DOCS_SHOT = fileURLToPath(new URL('../screenshots/dashboard.png', import.meta.url));

describe.skipIf(noBrowser)('dashboard in headless Chromium', () => {
  let lab: Lab;
  let dir: string;
  let service: Service;
  let browser: Browser;
  let page: Page;
  let report: Report;
  const base = `http://${LISTEN}`;
  const consoleErrors: string[] = [];
  const foreign: string[] = [];

  beforeAll(async () => {
    lab = await startLab({ prefix: LAB, portOffset: OFFSET });
    dir = await mkdtemp(join(tmpdir(), 'oemscan-dashboard-'));
    const config = join(dir, 'serve.json');
    await writeFile(
      config,
      JSON.stringify({
        targets: [`${LAB}.0/24`],
        data: 'data',
        listen: LISTEN,
        scan: { portOffset: OFFSET },
      }),
    );
    service = await startService(
      await loadServeConfig({ config }, { OEMSCAN_API_TOKEN: TOKEN }),
      silentLogger,
    );
    const api = apiClient(base, TOKEN);
    const started = await api.post('/api/scans');
    expect(started.status).toBe(202);
    await waitFor('the scan to complete', 30000, async () => {
      const s = (await api.json<ScanRecord[]>('/api/scans')).find((x) => x.id === started.body.id);
      return s?.status === 'complete' ? s : undefined;
    });
    report = JSON.parse((await api.text(`/api/scans/${started.body.id}`)).body) as Report;

    browser = await launchChromium();
    const context = await browser.newContext({
      viewport: { width: 1200, height: 900 },
      acceptDownloads: true,
    });
    await context.route(
      (url) => url.origin !== base,
      (route) => {
        foreign.push(route.request().url());
        return route.abort();
      },
    );
    page = await context.newPage();
    page.on('console', (msg) => {
      if (msg.type() === 'error') consoleErrors.push(msg.text());
    });
    page.on('pageerror', (err) => consoleErrors.push(err.message));
    await page.goto(base, { waitUntil: 'load' });
  }, 90000);

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
    await lab?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('refuses a wrong token and stays on the sign-in form', async () => {
    await page.fill('#token', 'not-the-token-at-all');
    await page.click('#login button[type=submit]');
    await expect.poll(() => page.textContent('#login-error')).toContain('not accepted');
    expect(await page.isVisible('#app')).toBe(false);
  });

  it('signs in with the token and shows the fleet and its flagged devices', async () => {
    await page.fill('#token', TOKEN);
    await page.click('#login button[type=submit]');
    await page.waitForSelector('#app:not([hidden])');
    const flagged = report.devices.filter((d) => d.status === 'flagged');
    expect(flagged.length).toBeGreaterThanOrEqual(4);
    await expect.poll(() => page.locator('#flagged tbody tr').count()).toBe(flagged.length);
    for (const d of flagged) {
      const row = page.locator('#flagged tbody tr', { hasText: d.ip });
      expect(await row.isVisible()).toBe(true);
      expect(await row.textContent()).toContain(d.oem.vendor ?? 'unknown');
    }
    expect(await page.locator('#devices details').count()).toBe(report.devices.length);
    const lorex = report.devices.find((d) => d.brand === 'Lorex');
    const row = page.locator('#flagged tbody tr', { hasText: lorex?.ip ?? '?' });
    expect(await row.textContent()).toMatch(/Lorex.*Dahua \(rebranded\)/);
  });

  it('shows a device history and downloads the scan HTML report', async () => {
    const first = page.locator('#devices details').first();
    await first.locator('summary').click();
    expect(await first.locator('table.history tbody tr').count()).toBe(1);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#scans a.report')]);
    const path = join(dir, 'report.html');
    await download.saveAs(path);
    const html = await readFile(path, 'utf8');
    expect(html).toContain(report.scan.id);
    for (const d of report.devices.filter((x) => x.status === 'flagged')) expect(html).toContain(d.ip);
  });

  it('raised no console error and fetched nothing from another origin', async () => {
    const shots = join(tmpdir(), 'oemscan-artifacts');
    await mkdir(shots, { recursive: true });
    await page.screenshot({ path: join(shots, 'dashboard.png'), fullPage: true });
    if (process.env.UPDATE_SCREENSHOT === '1') {
      await page.evaluate('window.scrollTo(0, 0)');
      await page.screenshot({ path: DOCS_SHOT, clip: { x: 0, y: 0, width: 1200, height: 900 } });
    }
    // The wrong token's 401 is logged by Chromium as a failed resource; nothing else may be.
    expect(consoleErrors.filter((e) => !/401 \(Unauthorized\)/.test(e))).toEqual([]);
    expect(foreign).toEqual([]);
  });
});
