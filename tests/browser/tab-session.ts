/**
 * Opening the tab as a member in Chromium, watching for what a user (or Teams) would notice:
 * page errors, console errors, dialogs, failed requests, any response ≥ 400 (a favicon 404
 * included) and any request outside the app's own origin (no Teams CDN outside Teams).
 */
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { startMyWorkNetwork, type MyWorkNetwork } from '../support/my-work-fixture';
import type { TeamsUser } from '../support/teams-activities';
import { artifactsDirectory, assertTabBuilt, launchChromium } from './browser';

export interface TabSession {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Everything that went wrong so far; a test ends with `assert.deepEqual(session.problems, [])`. */
  readonly problems: string[];
}

export interface OpenOptions {
  readonly locale: 'fr-FR' | 'en-US';
  readonly as: TeamsUser;
  readonly hash?: string;
  readonly timezoneId?: string;
  readonly viewport?: { readonly width: number; readonly height: number };
}

/** Signs in with the local-mode dev sign-in (stored for the session as the sign-in page does) and opens `hash`. */
export async function openTabAs(browser: Browser, appUrl: string, options: OpenOptions): Promise<TabSession> {
  const context = await browser.newContext({ locale: options.locale, timezoneId: options.timezoneId ?? 'Africa/Conakry', viewport: options.viewport ?? { width: 1200, height: 900 } });
  const page = await context.newPage();
  const problems: string[] = [];
  const origin = new URL(appUrl).origin;
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('dialog', (dialog) => problems.push(`dialog: ${dialog.message()}`));
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) problems.push(`request outside the app: ${url}`);
  });
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  await page.addInitScript(
    ([key, value]) => (globalThis as unknown as { sessionStorage: { setItem(key: string, value: string): void } }).sessionStorage.setItem(key as string, value as string),
    ['reseau.devUser', JSON.stringify({ kind: 'dev', userId: options.as.aadObjectId, name: options.as.name })],
  );
  await page.goto(`${appUrl}/tab${options.hash ?? ''}`);
  return { context, page, problems };
}

/** True when the focused element shows a focus indicator (an outline, or Fluent's ::after border). */
export function focusIsVisible(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const doc = globalThis as unknown as { document: { activeElement: unknown }; getComputedStyle(element: unknown, pseudo?: string): { outlineStyle: string; outlineWidth: string; borderTopStyle: string; borderTopWidth: string } };
    const element = doc.document.activeElement as { matches(selector: string): boolean } | null;
    if (!element || !element.matches(':focus-visible')) return false;
    const own = doc.getComputedStyle(element);
    const after = doc.getComputedStyle(element, '::after');
    return (own.outlineStyle !== 'none' && own.outlineWidth !== '0px') || (after.borderTopStyle !== 'none' && after.borderTopWidth !== '0px') || (after.outlineStyle !== 'none' && after.outlineWidth !== '0px');
  });
}

/**
 * Focus on `target` as a keyboard user gets there (a programmatic focus shows no indicator:
 * Shift+Tab away and Tab back), then whether it shows a focus indicator.
 */
export async function focusedFromKeyboard(page: Page, target: Locator): Promise<boolean> {
  await target.focus();
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Tab');
  return focusIsVisible(page);
}

/** The page's width and its frame's: a page that fits never scrolls sideways (scrollWidth ≤ clientWidth). */
export function pageWidth(page: Page): Promise<{ readonly scrollWidth: number; readonly clientWidth: number }> {
  return page.evaluate(() => {
    const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth };
  });
}

/** Chromium and a network for a whole suite (see chromiumSuite). */
export interface ChromiumSuite {
  /** The network (tests/support/my-work-fixture.ts): read inside tests, once the suite started. */
  readonly net: MyWorkNetwork;
  /** Opens the tab as `options.as` in a fresh browser context, closed after the test. */
  open(options: OpenOptions): Promise<TabSession>;
}

/**
 * Registers the suite's hooks: Chromium and a network with something waiting for each role for
 * the whole suite; every browser context a test opened is closed after it.
 */
export function chromiumSuite(options: { readonly env?: Readonly<Record<string, string>> } = {}): ChromiumSuite {
  let browser: Browser | undefined;
  let net: MyWorkNetwork | undefined;
  const opened: TabSession[] = [];
  before(async () => {
    assertTabBuilt();
    browser = await launchChromium();
    net = await startMyWorkNetwork(options.env);
  });
  after(async () => {
    await browser?.close();
    await net?.app.stop();
  });
  afterEach(async () => {
    for (const session of opened.splice(0)) await session.context.close();
  });
  return {
    get net() {
      if (!net) throw new Error('The suite has not started yet');
      return net;
    },
    async open(options) {
      if (!browser || !net) throw new Error('The suite has not started yet');
      const session = await openTabAs(browser, net.app.url, options);
      opened.push(session);
      return session;
    },
  };
}

/** A full-page screenshot in the artifacts directory (printed at the start of the run). */
export const screenshot = (page: Page, name: string) => page.screenshot({ path: path.join(artifactsDirectory(), `${name}.png`), fullPage: true });
