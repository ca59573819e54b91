// Launches the built extension in headless Chromium or headless Firefox ESR,
// with the e2e server (tests/e2e/server.mjs) as the browser's proxy so every
// request is seen. Shared by the e2e suite (tests/e2e/run.mjs) and the
// in-browser benchmark (scripts/bench-browser.mjs): one place knows the flags,
// the Firefox prefs and how each browser installs an unpacked extension.
import puppeteer from 'puppeteer-core';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const GECKO_ID = 'storyline@storyline.invalid';
// A fixed moz-extension:// UUID, so extension pages have a known address.
export const FIREFOX_UUID = '5f0c2b7e-3d1a-4c8e-9b6f-7a2d4e1c9f30';
export const VIEWPORT = { width: 1000, height: 820 };

const CHROMIUM_FLAGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

/** dist/chrome or dist/firefox (STORYLINE_DIST=DIR: another build's dist, e.g. to benchmark before and after). */
export const extDirOf = (which) => join(process.env.STORYLINE_DIST || join(ROOT, 'dist'), which === 'chromium' ? 'chrome' : 'firefox');

/**
 * Starts `which` ('chromium' | 'firefox') with the extension installed.
 * `profile`: a user data directory to reuse across launches (the store
 * survives a restart), or none for a throwaway one. Returns the browser, the
 * extension's base URL and, in Chromium, the service worker's target.
 */
export async function launch(which, { server, profile } = {}) {
  const extDir = extDirOf(which);
  if (which === 'chromium') {
    const browser = await puppeteer.launch({
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      headless: true,
      pipe: true,
      ...(profile ? { userDataDir: profile } : {}),
      enableExtensions: [extDir],
      defaultViewport: VIEWPORT,
      args: [...CHROMIUM_FLAGS, `--proxy-server=http://127.0.0.1:${server.port}`, '--proxy-bypass-list=<-loopback>'],
    });
    const sw = await browser.waitForTarget(
      (t) => t.type() === 'service_worker' && t.url().startsWith('chrome-extension://'), { timeout: 20000 });
    return { browser, extBase: sw.url().match(/^chrome-extension:\/\/[a-z]+\//)[0], worker: sw };
  }
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: process.env.FIREFOX_PATH || '/usr/bin/firefox-esr',
    headless: true,
    ...(profile ? { userDataDir: profile } : {}),
    defaultViewport: VIEWPORT,
    // Lets WebDriver BiDi open moz-extension:// pages (the popup and the
    // options page, as tabs); without it Firefox refuses the navigation.
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: FIREFOX_UUID }),
      'network.proxy.type': 1,
      'network.proxy.http': '127.0.0.1',
      'network.proxy.http_port': server.port,
      'network.proxy.ssl': '127.0.0.1',
      'network.proxy.ssl_port': server.port,
      'network.proxy.no_proxies_on': '',
      'network.proxy.allow_hijacking_localhost': true,
      // the test add-on is temporary: keep its storage when the browser closes, as an installed one would
      'extensions.webextensions.keepStorageOnUninstall': true,
      'extensions.webextensions.keepUuidOnUninstall': true,
    },
  });
  await browser.installExtension(extDir);
  return { browser, extBase: `moz-extension://${FIREFOX_UUID}/`, worker: null };
}
