import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";

export const SCREENSHOTS = join(import.meta.dirname, "../../test-results");

/** Debian's Chromium, headless (STACK.md): playwright cannot download its own here. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/**
 * A page that records console errors and uncaught exceptions, so a test can
 * fail on any it did not expect.
 */
export async function openPage(browser: Browser, viewport = { width: 1440, height: 900 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  /** Chromium logs every 4xx as a console error; a test names the refusals it provokes on purpose. */
  const expected: RegExp[] = [];
  return {
    page,
    context,
    get errors() {
      return errors.filter((e) => !expected.some((pattern) => pattern.test(e)));
    },
    expectConsoleError: (pattern: RegExp) => void expected.push(pattern),
    close: () => context.close(),
  };
}

/** Go to a URL and wait until React has hydrated the page (root sets `data-hydrated`). */
export async function visit(page: Page, url: string) {
  const response = await page.goto(url);
  await page.waitForSelector("html[data-hydrated]");
  return response;
}

/** After a client-side navigation: wait for the new page's heading. */
export async function hydrated(page: Page) {
  await page.waitForSelector("html[data-hydrated]");
}

export async function screenshot(page: Page, name: string, fullPage = false): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage });
  return path;
}
