/**
 * Scans the simulated fleet (plus a device whose <title> carries a script) through the real
 * CLI, renders the HTML report and opens it in headless Chromium (Debian's /usr/bin/chromium,
 * driven by playwright-core; no browser download). The page must load with no console or page
 * error, fetch nothing, show the flagged devices and a policy citation, show the hostile title
 * as text without running it, and print to PDF.
 * UPDATE_SCREENSHOT=1 also writes test/screenshots/html-report.png (the top of the page) for the README.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceProfile } from '../../src/lab/profile.js';
import { loadProfiles } from '../../src/lab/profiles.js';
import { type Lab, startLab } from '../../src/lab/server.js';
import { renderHtml } from '../../src/report/html.js';
import type { Report } from '../../src/report/types.js';
import { launchChromium, noBrowser } from '../helpers/browser.js';
import { scanLab } from '../helpers/cli.js';

const PREFIX = '127.0.15';
const OFFSET = 26000;
const PAYLOAD = '<script>window.__pwned=1</script>';
const DOCS_SHOT = fileURLToPath(new URL('../screenshots/html-report.png', import.meta.url));

const hostileTitle: DeviceProfile = {
  id: 'hostile-title',
  description: 'Web page whose <title> carries a script tag; the report must show it as text.',
  sources: ['robustness fixture'],
  expect: { vendor: null, brand: null, type: 'unknown', flagged: false },
  http: [
    {
      path: '/',
      status: 200,
      headers: { 'Content-Type': 'text/html' },
      body: `<html><head><title>${PAYLOAD}Cam</title></head></html>`,
    },
  ],
};

describe.skipIf(noBrowser)('HTML report in headless Chromium', () => {
  let lab: Lab;
  let report: Report;
  let dir: string;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];
  const requests: string[] = [];
  let pageUrl: string;
  const timings: Record<string, number> = {};

  beforeAll(async () => {
    let t = Date.now();
    lab = await startLab({ prefix: PREFIX, portOffset: OFFSET, profiles: [...loadProfiles(), hostileTitle] });
    const r = await scanLab(PREFIX, OFFSET);
    expect(r.code, r.stderr).toBe(0);
    report = JSON.parse(r.stdout) as Report;
    timings.scan = Date.now() - t;

    dir = await mkdtemp(join(tmpdir(), 'oemscan-html-'));
    const file = join(dir, 'report.html');
    await writeFile(file, renderHtml(report));
    pageUrl = pathToFileURL(file).href;

    t = Date.now();
    browser = await launchChromium();
    // A fresh context is a new, empty profile: no cache, cookies or extensions.
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    // Record every request, then refuse anything that is not the report file itself.
    await context.route(
      (url) => url.protocol !== 'file:',
      (route) => route.abort(),
    );
    page = await context.newPage();
    page.on('request', (req) => requests.push(req.url()));
    page.on('console', (msg) => {
      if (msg.type() === 'error') consoleErrors.push(msg.text());
    });
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await page.goto(pageUrl, { waitUntil: 'load' });
    timings.browser = Date.now() - t;
  }, 120000);

  afterAll(async () => {
    await browser?.close();
    await lab?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
    if (Object.keys(timings).length) console.log(`html-browser timings (ms): ${JSON.stringify(timings)}`);
  });

  it('loads with no console errors, no page errors and no request but the file itself', () => {
    expect(consoleErrors).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(requests).toEqual([pageUrl]);
  });

  it('shows every flagged device and a clickable policy citation', async () => {
    const flagged = report.devices.filter((d) => d.status === 'flagged');
    expect(flagged.length).toBeGreaterThanOrEqual(4);
    for (const d of flagged) {
      await expect.poll(() => page.locator('section.device .ip', { hasText: d.ip }).isVisible()).toBe(true);
    }
    const cite = page.locator('a.ref').first();
    expect(await cite.isVisible()).toBe(true);
    expect(await cite.getAttribute('href')).toMatch(/^https:\/\//);
    expect(await page.locator('section.device').count()).toBe(flagged.length);
  });

  it('shows the hostile title as text and never runs it', async () => {
    const ip = lab.devices.find((d) => d.profile.id === 'hostile-title')?.ip ?? '';
    const dev = report.devices.find((d) => d.ip === ip);
    expect(dev?.status).toBe('unverified');
    expect(dev?.evidence.some((e) => e.field === 'http.title' && e.value.includes(PAYLOAD))).toBe(true);
    // A page that nothing identifies as a camera is listed with the other hosts, not the unverified cameras.
    const row = page.locator('#other-hosts tr', { hasText: ip });
    expect(await row.getByText(`${PAYLOAD}Cam`).isVisible()).toBe(true);
    expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');
    expect(await page.evaluate('document.scripts.length')).toBe(0);
  });

  it('prints to a non-empty A4 PDF and takes a full-page screenshot', async () => {
    let t = Date.now();
    const pdf = await page.pdf({ format: 'A4' });
    timings.pdf = Date.now() - t;
    await writeFile(join(dir, 'report.pdf'), pdf);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(10000);

    t = Date.now();
    const shotDir = join(tmpdir(), 'oemscan-artifacts');
    await mkdir(shotDir, { recursive: true });
    const shot = join(shotDir, 'html-report.png');
    await page.screenshot({ path: shot, fullPage: true });
    timings.screenshot = Date.now() - t;
    expect((await readFile(shot)).length).toBeGreaterThan(10000);
    if (process.env.UPDATE_SCREENSHOT === '1') {
      await mkdir(join(DOCS_SHOT, '..'), { recursive: true });
      // The README shows the first screen: summary, chart and the first flagged devices.
      await page.screenshot({ path: DOCS_SHOT, clip: { x: 0, y: 0, width: 1200, height: 1500 } });
    }
  }, 60000);
});
