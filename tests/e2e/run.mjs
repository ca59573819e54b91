// End-to-end suite: the built extension (dist/chrome or dist/firefox) in a
// real headless browser, on the project's own test pages, served by a local
// server that is also the browser's proxy (so every request is seen).
//
//   node tests/e2e/run.mjs chromium|firefox
//
// Prints one line per case and ends with "<browser>: N passed, M failed".
// Screenshots go to docs/screenshots/.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, extDirOf, launch as launchBrowser } from './browsers.mjs';
import { startServer } from './server.mjs';
import { unitCases } from './unit.mjs';

const which = process.argv[2];
if (which !== 'chromium' && which !== 'firefox') {
  console.error('usage: node tests/e2e/run.mjs chromium|firefox');
  process.exit(2);
}
const EXT_DIR = extDirOf(which);
const SHOTS = join(ROOT, 'docs', 'screenshots');
const CASE_TIMEOUT_MS = 45000;

// ---- helpers ---------------------------------------------------------------------

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

async function waitFor(what, fn, timeout = 15000, every = 100) {
  const end = Date.now() + timeout;
  let last;
  while (Date.now() < end) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    await sleep(every);
  }
  throw new Error(`timed out waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
}

function assert(cond, message) {
  if (!cond) throw new Error(message);
}

function eq(a, b, message) {
  if (a !== b) throw new Error(`${message}: ${JSON.stringify(a)?.slice(0, 300)} !== ${JSON.stringify(b)?.slice(0, 300)}`);
}

// ---- the browser -----------------------------------------------------------------

// One profile for the whole run, so a case can restart the browser and find
// the reader's store where it left it.
const PROFILE = mkdtempSync(join(tmpdir(), `storyline-e2e-${which}-`));

const launch = (server) => launchBrowser(which, { server, profile: PROFILE });

// ---- the suite's context -------------------------------------------------------------

const ctx = {
  errors: [], // uncaught errors and console errors, from pages and the extension
  requests: [], // http(s) requests seen by the browser for pages and the worker, not to the test server
  dialogs: [],
  visited: new Set(['/favicon.ico']),
};

/** Watches a page for uncaught errors, console errors and dialogs. */
function watch(page, label, allow = () => false) {
  page.on('pageerror', (e) => {
    if (!allow(String(e.message || e))) ctx.errors.push(`${label}: uncaught ${e.message || e}`);
  });
  page.on('console', (m) => {
    if (m.type() === 'error' && !allow(m.text())) ctx.errors.push(`${label}: console.error ${m.text()}`);
  });
  page.on('request', (r) => {
    const u = r.url();
    if (/^https?:/i.test(u) && !u.startsWith(`${ctx.server.origin}/`)) ctx.requests.push(`${label}: ${u}`);
  });
  page.on('dialog', async (d) => {
    ctx.dialogs.push(`${label}: ${d.type()} ${d.message()}`);
    await d.dismiss().catch(() => {});
  });
}

/**
 * Opens an extension page in a tab. Firefox loads moz-extension:// pages in
 * another process and puppeteer's BiDi navigation never sees them finish, so
 * a short goto is followed by polling the page itself.
 */
async function gotoExt(page, url) {
  try {
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: which === 'firefox' ? 2000 : 15000 });
  } catch (e) {
    if (which !== 'firefox' || !/timeout/i.test(e.message)) throw e;
  }
  await waitFor(`${url} to load`, () => page.evaluate((u) => location.href === u && document.readyState === 'complete', url));
}

/** Sends a message to the background worker from an extension page. */
async function ext(type, extra = {}) {
  const r = await ctx.extPage.evaluate((type, extra) => chrome.runtime.sendMessage({ type, ...extra }), type, extra);
  if (!r || !r.ok) throw new Error(`${type}: ${r ? r.error : 'no answer'}`);
  return r.result;
}

async function stateOf(tabId) {
  return ext('tabState', { tabId });
}

/**
 * The browser's own traffic to its vendor (Chromium's time and component
 * services, Firefox's settings services; puppeteer points the latter at
 * dummy.test). The extension has no address in it (checked below), so these
 * are not the extension's; anything else is.
 */
const browserOwn = (u) => /^(https?:\/\/)?([a-z0-9-]+\.)*(google\.com|googleapis\.com|gvt1\.com|gstatic\.com|mozilla\.(com|org|net)|firefox\.com|dummy\.test)(:\d+)?(\/|$)/i.test(u);

/** Allowed console errors: Chromium reports the strict page's CSP refusing wasm. */
const cspNoise = (t) => /Content[- ]Security[- ]Policy|wasm-unsafe-eval|WebAssembly/i.test(t);

/**
 * Opens one of the test pages and waits until the extension has reported a
 * first pass on it. Records the page text as the browser parsed it
 * (DOMContentLoaded, before any content script ran) in window.__before.
 */
async function open(path, { allow } = {}) {
  const page = await ctx.browser.newPage();
  watch(page, path, allow);
  await page.evaluateOnNewDocument(() => {
    document.addEventListener('DOMContentLoaded', () => {
      window.__before = document.body.textContent;
      window.__beforeStatic = document.getElementById('static')?.textContent;
      window.__untouchable = Array.from(document.querySelectorAll('script, style, textarea, [contenteditable], input'))
        .map((e) => e.outerHTML + (e.value ?? ''));
    }, { once: true, capture: true });
  });
  const url = ctx.server.origin + path;
  ctx.visited.add(path);
  await page.goto(url, { waitUntil: 'load' });
  const tab = await waitFor(`the extension's report on ${path}`, async () => (await ext('tabs')).find((t) => t.url === url));
  const state = await waitFor(`a first pass on ${path}`, async () => {
    const s = await stateOf(tab.tabId);
    return s && (s.passes.length >= 1 || s.errors.length) ? s : null;
  });
  return { page, tabId: tab.tabId, state, url };
}

/** Checks that hold on every annotated page. */
async function checkPage(page, state, { expected } = {}) {
  eq(state.errors.length, 0, `errors reported by the content script: ${state.errors.join('; ')}`);
  const r = await page.evaluate((expected) => {
    const marks = Array.from(document.querySelectorAll('mark.storyline-mark'));
    return {
      text: document.body.textContent,
      want: expected === 'before' ? window.__before : window[expected],
      untouchable: Array.from(document.querySelectorAll('script, style, textarea, [contenteditable], input'))
        .map((e) => e.outerHTML + (e.value ?? '')),
      untouchableBefore: window.__untouchable,
      marks: marks.length,
      doubled: marks.filter((m) => m.parentElement && m.parentElement.localName === 'mark'
        && m.parentElement.className === m.className && m.parentElement.textContent === m.textContent).length,
      kinds: Object.fromEntries(['person', 'organization', 'place', 'date', 'source', 'content']
        .map((k) => [k, document.querySelectorAll(`mark.storyline-${k}`).length])),
      unfocusable: marks.filter((m) => m.tabIndex !== 0 || !m.getAttribute('aria-description')).length,
      foreignInMarks: marks.filter((m) => Array.from(m.childNodes).some((c) => c.nodeType === 1 && c.localName !== 'mark')).length,
    };
  }, expected || 'before');
  if (expected !== 'none') {
    assert(typeof r.want === 'string', 'the page text before annotation was recorded');
    eq(r.text, r.want, 'page text (body.textContent) unchanged');
  }
  eq(JSON.stringify(r.untouchable), JSON.stringify(r.untouchableBefore), 'scripts, styles, inputs, textareas, contenteditable untouched');
  eq(r.doubled, 0, 'no mark directly wraps an identical mark');
  eq(r.foreignInMarks, 0, 'marks hold only text and marks');
  eq(r.unfocusable, 0, 'every mark is keyboard-focusable and described');
  for (const k of ['person', 'organization', 'place', 'date']) {
    if (state.enabled && state.counts[k] > 0) assert(r.kinds[k] > 0, `the core found ${state.counts[k]} ${k} but no ${k} mark is shown`);
  }
  if (state.enabled && state.counts.source > 0) assert(r.kinds.source + r.kinds.content > 0, 'the core found sources but none is shown');
  return r;
}

async function countMarks(page, selector = 'mark.storyline-mark') {
  return page.evaluate((s) => document.querySelectorAll(s).length, selector);
}

async function shot(page, name) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}-${which}.png`) });
}

// ---- the cases -----------------------------------------------------------------------------

const cases = [];
const test = (name, fn) => cases.push({ name, fn });
const pages = {};

test('extension installed: its worker answers and settings have defaults', async () => {
  const s = await ext('getSettings');
  eq(s.v, 1, 'settings version');
  assert(Object.values(s.kinds).every((v) => v === true), 'all kinds on by default');
  eq(s.sitesOff.length, 0, 'no site turned off');
  const info = await ext('storeInfo');
  eq(info.key, 'store.v1', 'store slot key');
  eq(info.bytes, 0, 'store empty at start');
});

test('worker refuses malformed messages and page-only requests from pages it does not own', async () => {
  const bad = await ctx.extPage.evaluate(async () => [
    await chrome.runtime.sendMessage({ type: 'setSite', host: '<b>x</b>', enabled: false }),
    await chrome.runtime.sendMessage({ type: 'setKinds', kinds: { person: 'yes' } }),
    await chrome.runtime.sendMessage({ type: 'annotate', tree: { n: [] } }), // content-script only
    await chrome.runtime.sendMessage({ type: 'nope' }),
  ]);
  for (const r of bad) eq(r.ok, false, `refused: ${JSON.stringify(r)}`);
});

test('store slot: bytes round-trip; an unreadable record is set aside, never lost; forget clears', async () => {
  const r = await ctx.extPage.evaluate(async () => {
    const ask = async (type) => (await chrome.runtime.sendMessage({ type })).result;
    await chrome.storage.local.set({ 'store.v1': { v: 1, b: btoa('\u0001\u0002\u00ff'), n: 3, savedAt: 1 } });
    const ok = await ask('storeInfo');
    await chrome.storage.local.set({ 'store.v1': { v: 99, b: 'from a newer Storyline' } });
    const newer = await ask('storeInfo');
    const all = await chrome.storage.local.get(null);
    const aside = Object.entries(all).filter(([k]) => k.startsWith('store.aside.')).map(([, v]) => v);
    await chrome.storage.local.set({ 'store.v1': { v: 1, b: btoa('x') } });
    await ask('forgetAll');
    const gone = await ask('storeInfo');
    for (const k of Object.keys(all)) if (k.startsWith('store.aside.')) await chrome.storage.local.remove(k);
    return { ok, newer, aside, gone, slot: 'store.v1' in (await chrome.storage.local.get('store.v1')) };
  });
  eq(r.ok.bytes, 3, 'stored bytes read back');
  eq(r.newer.bytes, 0, 'a record of another version is not read as ours');
  eq(r.aside.length, 1, 'it is set aside once');
  eq(r.aside[0].rec.b, 'from a newer Storyline', 'with its bytes intact');
  eq(r.gone.bytes, 0, 'forget empties the store');
  eq(r.slot, false, 'forget removes the slot');
});

test('store: the worker opens the core\'s store; corrupt bytes are set aside and the reader is told', async () => {
  const r = await ctx.extPage.evaluate(async () => {
    const ask = async (type, extra) => chrome.runtime.sendMessage({ type, ...extra });
    await ask('forgetAll');
    const fresh = await ask('storeStats');
    const clusters = await ask('clusters');
    await ask('forgetAll');
    await chrome.storage.local.set({ 'store.v1': { v: 1, b: btoa('not a store at all, just bytes') } });
    const reset = await ask('storeStats');
    return { fresh, clusters, reset };
  });
  const popup = await ctx.browser.newPage();
  watch(popup, 'popup(notice)');
  await gotoExt(popup, `${ctx.extBase}popup.html`);
  const notice = await waitFor('the notice', () => popup.evaluate(() => {
    const el = document.getElementById('notice');
    return el && !el.hidden ? el.textContent : null;
  }));
  await popup.close();
  const r2 = await ctx.extPage.evaluate(async () => {
    const ask = async (type, extra) => chrome.runtime.sendMessage({ type, ...extra });
    const all = await chrome.storage.local.get(null);
    const aside = Object.entries(all).filter(([k]) => k.startsWith('store.aside.')).map(([, v]) => v);
    const site = await ask('forgetSite', { site: 'example.com' });
    const saved = (await chrome.storage.local.get('store.v1'))['store.v1'];
    await ask('forgetAll');
    for (const k of Object.keys(all)) if (k.startsWith('store.aside.')) await chrome.storage.local.remove(k);
    return { aside, site, saved: !!saved && saved.n > 0 };
  });
  eq(r.fresh.ok, true, `stats of a fresh store: ${JSON.stringify(r.fresh)}`);
  eq(r.fresh.result.notice, null, 'no notice on a fresh store');
  eq(JSON.stringify(r.clusters.result), '[]', 'no cluster yet');
  eq(r.reset.result.notice, 'store-reset', 'the worker reports the reset');
  assert(/set aside/.test(notice), `the popup tells the reader: ${notice}`);
  eq(r2.aside.length, 1, 'the corrupt record is set aside');
  eq(r2.aside[0].rec.b, btoa('not a store at all, just bytes'), 'with its bytes intact');
  eq(r2.site.ok, true, 'forgetSite works on the fresh store');
  eq(r2.saved, true, 'a change is persisted as the core\'s bytes');
});

test('article page: annotated, page text unchanged, untouchable parts untouched', async () => {
  const { page, tabId, state } = await open('/article.html');
  pages.article = { page, tabId };
  assert(state.enabled, 'enabled');
  assert(state.mode === 'page' || state.mode === 'worker', `core ran (${state.mode})`);
  assert(state.stories.length >= 1, 'at least one story reported');
  await checkPage(page, state);
  const p = state.passes[0];
  console.log(`  # ${which} article: mode=${state.mode} stories=${state.stories.length} entities=${p.entities} marks=${state.marks} read=${p.ms.read}ms load=${p.ms.load}ms core=${p.ms.core}ms wrap=${p.ms.wrap}ms`);
});

test('article page: highlights are shown (needs the taggers)', async () => {
  const { page } = pages.article;
  const n = await countMarks(page);
  assert(n > 0, 'no <mark> on the article page: the core tagged nothing');
  await page.focus('mark.storyline-mark');
  const focused = await page.evaluate(() => document.activeElement.matches('mark.storyline-mark'));
  assert(focused, 'a mark takes keyboard focus');
});

test('article page: a second run does not double-wrap', async () => {
  const { page, tabId } = pages.article;
  const before = await countMarks(page);
  const passes = (await stateOf(tabId)).passes.length;
  await ext('rerun', { tabId });
  const state = await waitFor('the second pass', async () => {
    const s = await stateOf(tabId);
    return s.passes.length > passes ? s : null;
  });
  eq(await countMarks(page), before, 'mark count after a second run');
  await checkPage(page, state);
  const p = state.passes[state.passes.length - 1];
  console.log(`  # ${which} article second pass (warm): read=${p.ms.read}ms core=${p.ms.core}ms wrap=${p.ms.wrap}ms`);
});

test('article page: screenshot', async () => {
  const { page } = pages.article;
  if (await countMarks(page)) await page.focus('mark.storyline-mark');
  await shot(page, 'article');
});

test('popup: stories and counts for the tab, text only', async () => {
  const { tabId } = pages.article;
  const state = await stateOf(tabId);
  const popup = await ctx.browser.newPage();
  watch(popup, 'popup');
  await popup.setViewport({ width: 360, height: 420 });
  await gotoExt(popup, `${ctx.extBase}popup.html?tab=${tabId}`);
  const r = await waitFor('the popup to render', () => popup.evaluate(() => {
    if (document.getElementById('stories-section').hidden) return null;
    return {
      host: document.getElementById('host').textContent,
      on: document.getElementById('site-switch').checked,
      titles: Array.from(document.querySelectorAll('#stories .title')).map((e) => e.textContent),
      counts: Object.fromEntries(Array.from(document.querySelectorAll('#counts tr')).map((tr) => [tr.dataset.kind, Number(tr.querySelector('.n').textContent)])),
    };
  }));
  eq(r.host, '127.0.0.1', 'host shown');
  eq(r.on, true, 'switch on');
  eq(r.titles.length, state.stories.length, 'one entry per story');
  for (const k of Object.keys(state.counts)) eq(r.counts[k], state.counts[k], `count of ${k}`);
  await shot(popup, 'popup');
  pages.popup = popup;
});

test('popup: the site switch removes and restores highlights, text unchanged', async () => {
  const { page, tabId } = pages.article;
  const popup = pages.popup;
  const marks = await countMarks(page);
  await popup.click('#site-switch');
  await waitFor('the site to turn off', async () => (await stateOf(tabId)).enabled === false);
  eq(await countMarks(page), 0, 'no mark left when off');
  eq((await ext('getSettings')).sitesOff.join(','), '127.0.0.1', 'site stored as off');
  await checkPage(page, await stateOf(tabId));
  await popup.click('#site-switch');
  await waitFor('the site to turn on again', async () => {
    const s = await stateOf(tabId);
    return s.enabled && s.passes.length > 0 && (await countMarks(page)) === marks;
  });
  await checkPage(page, await stateOf(tabId));
  await popup.close();
});

test('a site turned off: a fresh load shows nothing and reports no error (Chromium reads the page before the settings)', async () => {
  const article = pages.article;
  const marks = await countMarks(article.page);
  await ext('setSite', { host: '127.0.0.1', enabled: false });
  const page = await ctx.browser.newPage();
  try {
    watch(page, '/article.html');
    const url = `${ctx.server.origin}/article.html?off`;
    await page.goto(url, { waitUntil: 'load' });
    const tab = await waitFor('the report of the page turned off', async () => (await ext('tabs')).find((t) => t.url === url));
    await sleep(800); // the worker's answer, had it run the core, would be in by now
    const st = await stateOf(tab.tabId);
    eq(st.enabled, false, 'reported as off');
    eq(st.errors.length, 0, `errors: ${st.errors.join('; ')}`);
    eq(st.passes.length, 0, 'no pass reported');
    eq(await countMarks(page), 0, 'no mark');
    const shown = await page.evaluate(() => ({
      extra: Array.from(document.documentElement.children).filter((e) => e !== document.head && e !== document.body).length,
      painted: globalThis.CSS && CSS.highlights ? CSS.highlights.size : 0,
    }));
    eq(shown.extra, 0, 'no tooltip host added');
    eq(shown.painted, 0, 'no highlight painted');
  } finally {
    await page.close();
    await ext('setSite', { host: '127.0.0.1', enabled: true });
    // the article page, open all along, turned off and on with the site: wait until it is marked again
    await waitFor('the article page marked again', async () => {
      const s = await stateOf(article.tabId);
      return s.enabled && s.passes.length > 0 && (await countMarks(article.page)) === marks;
    });
  }
});

test('options: kinds and sites are saved and applied', async () => {
  const { page, tabId } = pages.article;
  const persons = await countMarks(page, 'mark.storyline-person');
  const opt = await ctx.browser.newPage();
  watch(opt, 'options');
  await gotoExt(opt, `${ctx.extBase}options.html`);
  await opt.waitForSelector('#kinds input[name="person"]');
  await opt.click('#kinds input[name="person"]');
  await waitFor('person off', async () => (await ext('getSettings')).kinds.person === false);
  await waitFor('person marks gone', async () => (await countMarks(page, 'mark.storyline-person')) === 0);
  await opt.click('#kinds input[name="person"]');
  await waitFor('person on', async () => (await ext('getSettings')).kinds.person === true);
  await waitFor('person marks back', async () => (await countMarks(page, 'mark.storyline-person')) === persons);
  await opt.type('#site-input', 'news.example.org');
  await opt.click('#add-site button[type="submit"]');
  await waitFor('site listed', async () => (await ext('getSettings')).sitesOff.includes('news.example.org'));
  await waitFor('site shown', () => opt.evaluate(() => document.getElementById('sites').textContent.includes('news.example.org')));
  await shot(opt, 'options');
  await opt.evaluate(() => Array.from(document.querySelectorAll('#sites li'))
    .find((li) => li.firstChild.textContent === 'news.example.org').querySelector('button').click());
  await waitFor('site back on', async () => (await ext('getSettings')).sitesOff.length === 0);
  await checkPage(page, await stateOf(tabId));
  await opt.close();
});

test('listing page: every story the core finds reaches the popup state', async () => {
  const { page, state } = await open('/listing.html');
  assert(state.stories.length >= 1, 'stories reported');
  await checkPage(page, state);
  console.log(`  # ${which} listing: stories=${state.stories.length} entities=${state.passes[0].entities} core=${state.passes[0].ms.core}ms`);
  await page.close();
});

test('strict-CSP page (default-src \'none\'): annotated, text unchanged', async () => {
  const { page, tabId, state } = await open('/strict.html', { allow: cspNoise });
  pages.strict = { page, tabId };
  assert(state.mode === 'page' || state.mode === 'worker', `core ran (${state.mode})`);
  if (which === 'chromium') eq(state.mode, 'worker', 'Chromium forbids wasm here, so the worker ran the core');
  await checkPage(page, state);
  console.log(`  # ${which} strict: mode=${state.mode} entities=${state.passes[0].entities}`);
});

test('strict-CSP page: highlights are shown (needs the taggers)', async () => {
  const { page } = pages.strict;
  assert((await countMarks(page)) > 0, 'no <mark> on the strict-CSP page');
  await shot(page, 'strict');
  await page.close();
});

test('late content: nodes added after load are annotated once they settle', async () => {
  const { page, tabId } = await open('/late.html');
  pages.late = { page, tabId };
  await page.waitForFunction(() => window.__added === true, { timeout: 10000 });
  await page.evaluate(() => { window.__expected = document.body.textContent; });
  const state = await waitFor('late passes over the added nodes', async () => {
    const s = await stateOf(tabId);
    const late = s.passes.filter((p) => p.kind === 'late').reduce((a, p) => a + p.textNodes, 0);
    return late >= 4 ? s : null;
  });
  const lateMarks = state.passes.filter((p) => p.kind === 'late').reduce((a, p) => a + p.entities, 0);
  await checkPage(page, state, { expected: '__expected' });
  console.log(`  # ${which} late: passes=${state.passes.map((p) => `${p.kind}:${p.textNodes}`).join(',')} late entities=${lateMarks}`);
});

test('late content: highlights are shown in it (needs the taggers)', async () => {
  const { page } = pages.late;
  const n = await countMarks(page, '.update mark.storyline-mark, .next-story mark.storyline-mark');
  assert(n > 0, 'no <mark> in the content added after load');
  await page.close();
});

test('hostile text: markup in titles stays text, in the page and in the popup', async () => {
  const { page, tabId, state } = await open('/hostile.html');
  await checkPage(page, state);
  const imgs = await page.evaluate(() => document.querySelectorAll('img, b, a[href^="javascript"]').length);
  eq(imgs, 0, 'no element made from page text');
  const title = '<img src=x onerror=alert(1)> Markup in headlines tested';
  assert(state.stories.some((s) => s.title === title), `story title kept literally: ${JSON.stringify(state.stories)}`);
  const popup = await ctx.browser.newPage();
  watch(popup, 'popup(hostile)');
  await gotoExt(popup, `${ctx.extBase}popup.html?tab=${tabId}`);
  const shown = await waitFor('the popup to render', () => popup.evaluate(() => {
    const t = Array.from(document.querySelectorAll('#stories .title')).map((e) => e.textContent);
    return t.length ? { t, imgs: document.querySelectorAll('img').length } : null;
  }));
  assert(shown.t.includes(title), `title shown literally in the popup: ${JSON.stringify(shown.t)}`);
  eq(shown.imgs, 0, 'no element made from the title in the popup');
  await popup.close();
  await page.close();
});

for (const [name, fn] of unitCases) {
  test(`highlighter: ${name}`, async () => {
    if (!pages.unit) {
      const page = await ctx.browser.newPage();
      watch(page, 'unit');
      ctx.visited.add('/unit.html').add('/ext/content.css').add('/ext/tree.js').add('/ext/highlight.js');
      await page.goto(`${ctx.server.origin}/unit.html`);
      await page.waitForFunction(() => typeof StorylineHighlight === 'object');
      pages.unit = page;
    }
    const r = await pages.unit.evaluate(fn);
    if (r !== true) throw new Error(String(r));
  });
}

test('6,000-word listing page (benches/pages/long-listing.html): annotated; timings', async () => {
  const { page, tabId, state } = await open('/bench/long-listing.html');
  await checkPage(page, state);
  const runs = [];
  for (let i = 0; i < 5; i++) {
    const n = (await stateOf(tabId)).passes.length;
    await ext('rerun', { tabId });
    const s = await waitFor('a warm pass', async () => {
      const st = await stateOf(tabId);
      return st.passes.length > n ? st : null;
    });
    runs.push(s.passes[s.passes.length - 1]);
  }
  const med = (k) => runs.map((p) => p.ms[k]).sort((a, b) => a - b)[2];
  const p0 = state.passes[0];
  console.log(`  # ${which} perf long-listing: stories=${state.stories.length} entities=${p0.entities} marks=${state.marks} `
    + `first pass read=${p0.ms.read}ms load=${p0.ms.load}ms core=${p0.ms.core}ms group=${p0.ms.group}ms paint=${p0.ms.paint}ms (${p0.painted} ranges) wrap=${p0.ms.wrap}ms; `
    + `warm median of 5: read=${med('read')}ms core=${med('core')}ms`);
  await page.close();
});

// ---- hostile pages (issue 10): the page must not be harmed, whatever it does --------------------

// Headless Chromium 156's renderer itself crashes on a DOM 3,000 deep, with
// or without any extension (checked by hand), so Chromium gets the deepest
// page it survives; Firefox gets the 3,000 the robustness issue asks for.
const DEPTH = which === 'chromium' ? 2500 : 3000;
const HOSTILE = [
  [`deep.html?depth=${DEPTH}`, `DOM depth ${DEPTH}`],
  ['many.html', '50,000 text nodes'],
  ['globals.html', 'page redefines chrome, browser, WebAssembly, wasm_bindgen'],
  ['churn.html', 'page rewrites itself continuously'],
  ['mixed.html', 'RTL, CJK, emoji, combining and zero-width characters, shadow DOM, iframe, SVG, contenteditable'],
];

for (const [file, what] of HOSTILE) {
  test(`hostile page (${what}): no error, text unchanged, page alive, tab responsive`, async () => {
    const churn = file === 'churn.html';
    const { page, tabId, state } = await open(`/hostile/${file}`);
    ctx.visited.add(`/hostile/${file.replace(/\?.*/, '')}`);
    await checkPage(page, state, churn ? { expected: 'none' } : {});
    const alive0 = await page.evaluate(() => window.__alive);
    const t0 = Date.now();
    await sleep(churn ? 4000 : 600);
    const alive1 = await page.evaluate(() => window.__alive);
    assert(typeof alive0 === 'number' && alive1 > alive0, `the page's own script keeps running (${alive0} -> ${alive1})`);
    const t1 = Date.now();
    await page.evaluate(() => 1);
    assert(Date.now() - t1 < 2000, 'the tab answers within 2 s');
    const s = await stateOf(tabId);
    eq(s.errors.length, 0, `errors reported: ${s.errors.join('; ')}`);
    if (churn) {
      eq(await page.evaluate(() => document.getElementById('static').textContent === window.__beforeStatic), true, 'static text unchanged');
      const late = s.passes.filter((p) => p.kind === 'late').length;
      assert(late <= Math.ceil((Date.now() - t0) / 1000), `late passes stay bounded under constant churn (${late})`);
    }
    if (file.startsWith('deep.html')) {
      const bottom = await page.evaluate(() => {
        let el = document.getElementById('root');
        while (el.firstElementChild && el.firstElementChild.localName === 'div') el = el.firstElementChild;
        return el.textContent;
      });
      assert(bottom.startsWith('At the bottom'), 'the deepest text is still there');
    }
    if (file === 'mixed.html') {
      const r = await page.evaluate(() => ({
        svg: document.querySelectorAll('svg mark').length,
        editable: document.querySelectorAll('[contenteditable] mark').length,
        shadow: document.getElementById('host').shadowRoot.querySelectorAll('mark').length,
        frame: document.querySelector('iframe').contentDocument?.querySelectorAll('mark').length ?? 0,
      }));
      eq(JSON.stringify(r), JSON.stringify({ svg: 0, editable: 0, shadow: 0, frame: 0 }), 'no mark in SVG, editable, shadow or frame');
    }
    const p = state.passes[0];
    console.log(`  # ${which} hostile ${file}: textNodes=${p.textNodes} entities=${p.entities} read=${p.ms.read}ms core=${p.ms.core}ms wrap=${p.ms.wrap}ms`);
    await page.close();
  });
}

// ---- seen elsewhere (issue 7) -----------------------------------------------------------------

/** What the content script shows about stories read before, and what the page itself can see. */
async function seenOn(page, tabId) {
  const s = await stateOf(tabId);
  const dom = await page.evaluate(() => Array.from(document.querySelectorAll('[data-storyline-badge]')).map((h) => ({
    // the badge's text lives in a closed shadow root: the page sees an empty element
    text: h.textContent, shadow: h.shadowRoot === null, height: h.getBoundingClientRect().height, role: h.getAttribute('role'),
  })));
  const fresh = await page.evaluate(() => document.querySelectorAll('.storyline-new').length);
  return { seen: s.seen, dom, fresh, state: s };
}

test('seen elsewhere: reading is recorded only after the dwell time', async () => {
  for (const p of await ctx.browser.pages()) if (p !== ctx.extPage) await p.close(); // no other page recording
  await ext('forgetAll');
  await ctx.extPage.evaluate(async () => {
    const { settings } = await chrome.storage.local.get('settings');
    await chrome.storage.local.set({ settings: { ...(settings || {}), dwellMs: 1500 } });
  });
  const { page, tabId } = await open('/article.html');
  await sleep(500);
  eq((await stateOf(tabId)).recorded, 0, 'nothing recorded before the dwell time');
  eq((await ext('storeStats')).stories, 0, 'store still empty');
  await waitFor('the story to be recorded', async () => (await stateOf(tabId)).recorded >= 1)
    .catch(async (e) => { throw new Error(`${e.message}; tab state: ${JSON.stringify({ ...(await stateOf(tabId)), passes: 0, counts: 0 }).slice(0, 900)}`); });
  assert((await ext('storeStats')).stories >= 1, 'the story is in the store');
  await page.close();
});

test('seen elsewhere: the same story in other chrome gets a badge; new paragraphs marked; text unchanged', async () => {
  const { page, tabId, state } = await open('/syndicated.html');
  const r = await waitFor('the badge', async () => {
    const x = await seenOn(page, tabId);
    return x.seen.length ? x : null;
  });
  assert(/^Seen on 127\.0\.0\.1, .+ — (same story|contains a story you read|\d+ of \d+ paragraphs read before)$/.test(r.seen[0].text),
    `badge text: ${r.seen[0].text}`);
  eq(r.dom.length, 1, 'one badge in the page');
  eq(r.dom[0].text, '', 'the page cannot read the badge text');
  eq(r.dom[0].shadow, true, 'closed shadow root');
  eq(r.dom[0].role, 'note', 'the badge is a note for assistive technology');
  assert(r.dom[0].height > 0, 'the badge is visible');
  eq(r.fresh, r.seen[0].newParagraphs, 'paragraphs marked new');
  assert(r.fresh >= 1, 'the added closing paragraph is marked new');
  await checkPage(page, await stateOf(tabId));
  console.log(`  # ${which} seen: ${r.seen[0].text} (new paragraphs: ${r.fresh})`);
  await page.evaluate(() => document.querySelector('[data-storyline-badge]').scrollIntoView());
  await shot(page, 'seen');
  void state;
  await page.close();
});

test('seen elsewhere: after a browser restart on the same profile the badge is still shown; forget removes it', async () => {
  await restart();
  let { page, tabId } = await open('/syndicated.html');
  const r = await waitFor('the badge after restart', async () => {
    const x = await seenOn(page, tabId);
    return x.seen.length ? x : null;
  });
  eq(r.dom.length, 1, 'badge shown after restart');
  await page.close();
  await ext('forgetAll');
  ({ page, tabId } = await open('/syndicated.html'));
  await sleep(300);
  const gone = await seenOn(page, tabId);
  eq(gone.seen.length, 0, 'no badge after forget');
  eq(gone.dom.length, 0, 'no badge element after forget');
  eq(gone.fresh, 0, 'no paragraph marked new after forget');
  await page.close();
});

test('seen elsewhere: recording paused is respected', async () => {
  await ext('forgetAll');
  await ext('setPaused', { paused: true });
  const { page, tabId } = await open('/article.html');
  await sleep(2500);
  eq((await ext('storeStats')).stories, 0, 'nothing recorded while paused');
  await ext('setPaused', { paused: false });
  await waitFor('recording after the pause', async () => (await stateOf(tabId)).recorded >= 1);
  await page.close();
});

test('popup: the story cluster lists the members and draws the timeline (issue 8)', async () => {
  // the article was read in the case above; the syndicated copy is open now
  const { page, tabId } = await open('/syndicated.html');
  await waitFor('the badge', async () => (await seenOn(page, tabId)).seen.length > 0);
  const popup = await ctx.browser.newPage();
  watch(popup, 'popup(cluster)');
  await popup.setViewport({ width: 360, height: 600 });
  await gotoExt(popup, `${ctx.extBase}popup.html?tab=${tabId}`);
  const r = await waitFor('the cluster view', () => popup.evaluate(() => {
    if (document.getElementById('cluster-section').hidden) return null;
    const members = Array.from(document.querySelectorAll('#members li'));
    if (members.length < 2) return null;
    return {
      titles: members.map((li) => li.querySelector('.title').textContent),
      metas: members.map((li) => li.querySelector('.meta').textContent),
      only: members[0].querySelector('.only')?.textContent ?? '',
      onlyRows: Array.from(members[0].querySelectorAll('.only div')).map((d) => d.textContent),
      links: Array.from(document.querySelectorAll('#members a.title')).map((a) => a.href),
      circles: document.querySelectorAll('#timeline svg circle').length,
      rects: document.querySelectorAll('#timeline svg rect').length,
      mentioned: document.querySelectorAll('#timeline svg .mentioned path').length,
      label: document.querySelector('#timeline svg title')?.textContent ?? '',
    };
  }));
  eq(r.titles[0], 'Night ferry to Lindholm approved after two-year row', 'this page first');
  assert(r.titles.includes('Harbour council approves night ferry to Lindholm'), `the article read before is a member: ${JSON.stringify(r.titles)}`);
  assert(r.metas.some((m) => /same text|this version/.test(m)), `relation shown: ${JSON.stringify(r.metas)}`);
  // what is only here against the earliest version read: the closing paragraph, its date and its
  // unnamed source; Lindholm is in the shared paragraphs too, so it is not new
  assert(/^Only in this version \(against the earliest version read\):\s*new paragraphs: 1(\D|$)/.test(r.only), `what is new here: ${r.only}`);
  assert(r.onlyRows.some((x) => /^Dates:.*Thursday/.test(x)), `the new paragraph's date: ${JSON.stringify(r.onlyRows)}`);
  assert(!r.onlyRows.some((x) => /^Names:.*Lindholm/.test(x)), `a name of the shared paragraphs is not new: ${r.only}`);
  assert(r.links.some((u) => u.endsWith('/article.html')), 'the member links to its stored URL');
  assert(r.circles >= 2 && r.rects >= 1, `timeline drawn (${r.circles} published, ${r.rects} read)`);
  assert(/Timeline/.test(r.label), 'the timeline is labelled');
  assert(r.mentioned >= 1, 'dates the story mentions are on the timeline (12 March 2026 in the dateline, 1 June)');
  await popup.focus('#members a.title');
  await shot(popup, 'popup-cluster');
  const dark = await popup.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]).then(() => true, () => false);
  if (dark) {
    const bg = await popup.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    eq(bg, 'rgb(27, 30, 37)', 'dark colours under prefers-color-scheme: dark');
    await shot(popup, 'popup-cluster-dark');
  }
  await popup.close();
  await page.close();
});

test('history page: stories grouped by cluster, search, hostile title literal, forget a story, pause', async () => {
  const HOSTILE_TITLE = '<img src=x onerror=alert(1)> Markup in headlines tested';
  const { page, tabId } = await open('/hostile.html');
  await waitFor('the hostile page to be recorded', async () => (await stateOf(tabId)).recorded >= 1);
  // the popup's cluster view shows the title as text too
  const popup = await ctx.browser.newPage();
  watch(popup, 'popup(hostile cluster)');
  await gotoExt(popup, `${ctx.extBase}popup.html?tab=${tabId}`);
  const inPopup = await waitFor('the popup cluster view', () => popup.evaluate(() => {
    const t = Array.from(document.querySelectorAll('#members .title')).map((e) => e.textContent);
    return t.length ? { t, imgs: document.querySelectorAll('img').length } : null;
  }));
  assert(inPopup.t.includes(HOSTILE_TITLE), `literal title in the popup cluster view: ${JSON.stringify(inPopup.t)}`);
  eq(inPopup.imgs, 0, 'no element made from the title in the popup');
  await popup.close();
  await page.close();

  const h = await ctx.browser.newPage();
  watch(h, 'history');
  await gotoExt(h, `${ctx.extBase}history.html`);
  const all = await waitFor('the history', () => h.evaluate(() => {
    const titles = Array.from(document.querySelectorAll('#clusters .title')).map((e) => e.textContent);
    return titles.length >= 2 ? {
      titles, clusters: document.querySelectorAll('#clusters section').length, imgs: document.querySelectorAll('img').length,
      used: document.getElementById('used').textContent,
    } : null;
  }));
  assert(all.titles.includes(HOSTILE_TITLE), `literal title in the history: ${JSON.stringify(all.titles)}`);
  assert(all.titles.includes('Harbour council approves night ferry to Lindholm'), 'the article is listed');
  eq(all.imgs, 0, 'no element made from page text in the history');
  assert(/\d+ stories, \d+ bytes stored/.test(all.used), `storage used shown: ${all.used}`);
  await shot(h, 'history');
  await h.type('#q', 'markup');
  const found = await h.evaluate(() => Array.from(document.querySelectorAll('#clusters .title')).map((e) => e.textContent));
  eq(JSON.stringify(found), JSON.stringify([HOSTILE_TITLE]), 'search by text');
  const before = (await ext('storeStats')).stories;
  await h.click('#clusters .forget-story');
  await waitFor('the story forgotten', async () => (await ext('storeStats')).stories === before - 1);
  await waitFor('the list updated', () => h.evaluate(() => !document.querySelector('#clusters .title')));
  await h.click('#pause');
  await waitFor('recording paused', async () => (await ext('getSettings')).paused === true);
  await h.click('#pause');
  await waitFor('recording resumed', async () => (await ext('getSettings')).paused === false);
  await h.close();
});

/**
 * Makes an extension page keep what it would download: `URL.createObjectURL`
 * records each blob's text in window.__blobs, and a download link's click is
 * not followed (no file lands in the profile's download folder).
 */
async function catchDownloads(page) {
  await page.evaluate(() => {
    window.__blobs = [];
    const make = URL.createObjectURL.bind(URL);
    URL.createObjectURL = (b) => {
      b.text().then((x) => window.__blobs.push(x));
      return make(b);
    };
    const click = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function () { if (!this.download) click.call(this); };
  });
}

/** Hands `text` to the history page's import as a chosen file. */
async function importFile(h, text) {
  await h.evaluate((text) => {
    document.getElementById('status').textContent = '';
    const input = document.getElementById('import-file');
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'storyline-history.json', { type: 'application/json' }));
    input.files = dt.files;
    input.dispatchEvent(new Event('change'));
  }, text);
  return waitFor('the import status', () => h.evaluate(() => document.getElementById('status').textContent || null));
}

test('popup: export highlights as W3C Web Annotation JSON-LD (issue 8)', async () => {
  const { page, tabId, url } = await open('/article.html');
  const text = await page.evaluate(() => document.body.textContent.replace(/\s+/g, ' '));
  const popup = await ctx.browser.newPage();
  watch(popup, 'popup(export highlights)');
  await gotoExt(popup, `${ctx.extBase}popup.html?tab=${tabId}`);
  await waitFor('the highlights section', () => popup.evaluate(() => !document.getElementById('counts-section').hidden));
  await catchDownloads(popup);
  await popup.focus('#export-highlights');
  await popup.keyboard.press('Enter');
  const out = await waitFor('the exported JSON-LD', () => popup.evaluate(() => window.__blobs[0] ?? null));
  const status = await waitFor('the export status', () => popup.evaluate(() => document.getElementById('export-status').textContent || null));
  const doc = JSON.parse(out);
  eq(doc['@context'], 'http://www.w3.org/ns/anno.jsonld', 'collection context');
  eq(doc.type, 'AnnotationCollection', 'collection type');
  const items = doc.first.items;
  assert(items.length > 0, 'some highlights exported');
  eq(doc.total, items.length, 'total');
  assert(new RegExp(`^${items.length} highlights exported`).test(status), `status: ${status}`);
  const squash = (x) => x.replace(/\s+/g, ' ');
  for (const a of items) {
    eq(a['@context'], 'http://www.w3.org/ns/anno.jsonld', 'annotation context');
    eq(a.type, 'Annotation', 'annotation type');
    eq(a.target.source, url, 'target source is the page');
    const [quote, pos] = a.target.selector;
    eq(quote.type, 'TextQuoteSelector', 'quote selector');
    eq(pos.type, 'TextPositionSelector', 'position selector');
    assert(pos.end - pos.start === [...quote.exact].length, `positions span the quote: ${JSON.stringify(a.target)}`);
    assert(text.includes(squash(quote.prefix + quote.exact + quote.suffix).trim()) || text.includes(squash(quote.exact)),
      `the quote is in the page: ${quote.exact}`);
    eq(a.body[0].purpose, 'tagging', 'first body tags the kind');
  }
  const kinds = new Set(items.map((a) => a.body[0].value));
  for (const k of ['person', 'date']) assert(kinds.has(k), `a ${k} is exported: ${[...kinds]}`);
  const date = items.find((a) => a.body[0].value === 'date' && a.body[1]);
  assert(/^\d{4}(-\d{2})?/.test(date.body[1].value) && date.body[1].purpose === 'describing', `a date carries its value: ${JSON.stringify(date.body)}`);
  console.log(`  # ${which} web annotation export: ${items.length} annotations, kinds ${[...kinds].join(' ')}`);
  await popup.close();
  await page.close();
});

test('history page: export, forget everything, import: the stories are back; bad files are refused with a reason', async () => {
  if ((await ext('storeStats')).stories === 0) { // run alone (E2E_ONLY): read a story first
    await setDwell(300);
    const { page, tabId } = await open('/article.html');
    await waitFor('a story recorded', async () => (await stateOf(tabId)).recorded >= 1);
    await page.close();
  }
  const h = await ctx.browser.newPage();
  watch(h, 'history(import)');
  await gotoExt(h, `${ctx.extBase}history.html`);
  const titles = () => h.evaluate(() => Array.from(document.querySelectorAll('#clusters .title')).map((e) => e.textContent).sort());
  const before = await waitFor('the history', async () => ((await titles()).length ? titles() : null));
  const stories = (await ext('storeStats')).stories;
  assert(stories >= 1, 'something to export');
  await catchDownloads(h);
  await h.click('#export');
  const exported = await waitFor('the export', () => h.evaluate(() => window.__blobs[0] ?? null));
  const data = JSON.parse(exported);
  eq(data.format, 'storyline-history', 'export format');
  assert(typeof data.store === 'string' && data.store.length > 0, 'the export carries the store');

  await ext('forgetAll');
  await waitFor('the history emptied', async () => (await titles()).length === 0);
  eq((await ext('storeStats')).stories, 0, 'store empty');

  const msg = await importFile(h, exported);
  assert(new RegExp(`^Imported: ${stories} stories added, 0 already here`).test(msg), `import status: ${msg}`);
  await waitFor('the stories back in the history', async () => JSON.stringify(await titles()) === JSON.stringify(before));
  eq((await ext('storeStats')).stories, stories, 'every story is back');
  const again = await importFile(h, exported);
  assert(new RegExp(`^Imported: 0 stories added, ${stories} already here`).test(again), `a second import adds nothing: ${again}`);

  const bad = [
    ['{ not json', /not JSON/],
    [JSON.stringify({ format: 'something-else' }), /not a Storyline export/],
    [JSON.stringify({ format: 'storyline-history', version: 1, clusters: [] }), /no store data/],
    [JSON.stringify({ format: 'storyline-history', version: 1, store: btoa('not a store at all, just some bytes') }), /not a Storyline export it can read/],
    [JSON.stringify({ format: 'storyline-history', version: 1, store: data.store.slice(0, Math.floor(data.store.length / 2)) }), /not a Storyline export it can read/],
    [JSON.stringify({ format: 'storyline-history', version: 1, store: '%%% not base64 %%%' }), /not a Storyline export it can read/],
  ];
  for (const [text, want] of bad) {
    const m = await importFile(h, text);
    assert(want.test(m) && /Nothing was imported/.test(m), `refused with a reason: ${m}`);
  }
  eq((await ext('storeStats')).stories, stories, 'bad files changed nothing');
  eq(JSON.stringify(await titles()), JSON.stringify(before), 'the history is unchanged');
  await h.close();
});

// ---- store faults (issue 10): quota, two tabs at once, the worker killed mid-write ----------------

async function setDwell(ms) {
  await ctx.extPage.evaluate(async (ms) => {
    const { settings } = await chrome.storage.local.get('settings');
    await chrome.storage.local.set({ settings: { ...(settings || {}), dwellMs: ms, paused: false } });
  }, ms);
}

async function closeOtherPages() {
  for (const p of await ctx.browser.pages()) if (p !== ctx.extPage) await p.close();
}

/** The persisted slot, as the worker wrote it. */
const slot = () => ctx.extPage.evaluate(async () => (await chrome.storage.local.get('store.v1'))['store.v1'] ?? null);

/** Every story id in the store, from the cluster view. */
async function storyIds() {
  const clusters = await ext('clusters');
  return clusters.flatMap((c) => c.versions.flat().map((m) => m.id)).sort((a, b) => a - b);
}

/**
 * Opens `paths` in windows at the same moment, each with a viewport tall enough
 * to show every story at once, so with a dwell time of 0 each tab sends all
 * its records together. Waits until every tab has recorded every story it
 * watches (or reported an error). Returns the tabs' final states.
 */
async function recordAtOnce(paths) {
  const tabs = await Promise.all(paths.map(async (path) => {
    // a window each: a tab behind another is hidden, and hidden tabs record nothing
    const page = await ctx.browser.newPage({ type: 'window' });
    watch(page, `${path} (at once)`);
    await page.setViewport({ width: 1000, height: 16000 });
    ctx.visited.add(path);
    return { path, page, url: ctx.server.origin + path };
  }));
  await Promise.all(tabs.map((t) => t.page.goto(t.url, { waitUntil: 'load' })));
  for (const t of tabs) {
    t.tabId = (await waitFor(`the report on ${t.path}`, async () => (await ext('tabs')).find((x) => x.url === t.url))).tabId;
  }
  for (const t of tabs) {
    t.state = await waitFor(`every story on ${t.path} recorded`, async () => {
      const s = await stateOf(t.tabId);
      // every story settled: recorded or refused (one error each); stopping at the first
      // error would leave the others' writes in flight while the case reads the store
      return s && s.watching.length > 0 && s.recorded + s.errors.length >= s.watching.length ? s : null;
    }, 30000);
  }
  return tabs;
}

test('store fault: quota exceeded while saving — the store stays readable, older entries intact, the reader told', async () => {
  await closeOtherPages();
  await ext('forgetAll');
  await setDwell(0);
  const [first] = await recordAtOnce(['/article.html']);
  await first.page.close();
  eq(first.state.errors.length, 0, `the first record worked: ${first.state.errors.join('; ')}`);
  const before = await ext('storeStats');
  const slotBefore = await slot();
  const idsBefore = await storyIds();
  assert(before.stories >= 1 && slotBefore && slotBefore.n > 0, 'a story is stored before the fault');
  // Chromium: really fill storage.local to its quota. Firefox has no fixed
  // quota for storage.local, so there the background's storage.local.set
  // is made to fail as a full disk makes it fail.
  const how = await ctx.extPage.evaluate(async (which) => {
    if (which === 'chromium') {
      const quota = chrome.storage.local.QUOTA_BYTES;
      const used = await chrome.storage.local.getBytesInUse(null);
      const room = quota - used - 'filler'.length - 2 - 8; // leave 8 bytes: no story fits
      await chrome.storage.local.set({ filler: 'x'.repeat(room) });
      return `storage.local filled: ${await chrome.storage.local.getBytesInUse(null)} of ${quota} bytes`;
    }
    const bg = await browser.runtime.getBackgroundPage();
    const area = bg.browser.storage.local;
    const set = area.set.bind(area);
    bg.__storylineRealSet = set;
    area.set = (items) => ('store.v1' in items
      ? Promise.reject(new Error('QuotaExceededError: the storage quota has been exceeded'))
      : set(items));
    return 'storage.local.set of the store fails with QuotaExceededError';
  }, which);
  console.log(`  # ${which} quota: ${how}`);
  const [full] = await recordAtOnce(['/listing.html']);
  assert(full.state.errors.some((e) => /storage is full/.test(e)), `the record was refused as full: ${JSON.stringify(full.state.errors)}`);
  eq(full.state.recorded, 0, 'nothing counted as recorded');
  const during = await ext('storeStats');
  eq(during.notice, 'store-full', 'the worker reports the full store');
  eq(during.stories, before.stories, 'the live store holds what was saved, no more, no less');
  eq((await slot()).b, slotBefore.b, 'the saved bytes are untouched');
  eq(JSON.stringify(await storyIds()), JSON.stringify(idsBefore), 'every older story is still there');
  const popup = await ctx.browser.newPage();
  watch(popup, 'popup(full)');
  await gotoExt(popup, `${ctx.extBase}popup.html`);
  const notice = await waitFor('the notice', () => popup.evaluate(() => {
    const el = document.getElementById('notice');
    return el && !el.hidden ? el.textContent : null;
  }));
  assert(/storage for Storyline is full/.test(notice) && /kept/.test(notice), `the popup tells the reader: ${notice}`);
  await popup.close();
  // room again: the next story is recorded and the notice goes away
  await ctx.extPage.evaluate(async (which) => {
    if (which === 'chromium') return chrome.storage.local.remove('filler');
    const bg = await browser.runtime.getBackgroundPage();
    bg.browser.storage.local.set = bg.__storylineRealSet;
    return null;
  }, which);
  await full.page.close();
  const [again] = await recordAtOnce(['/listing.html']);
  eq(again.state.errors.length, 0, `recording works once there is room: ${again.state.errors.join('; ')}`);
  const after = await ext('storeStats');
  eq(after.notice, null, 'the notice is gone once a save succeeds');
  eq(after.stories, before.stories + again.state.recorded, 'the new stories are added to the old ones');
  await again.page.close();
});

test('store fault: two tabs recording at once — no lost update, the store intact after a restart', async () => {
  await closeOtherPages();
  await ext('forgetAll'); // the worker reopens the store while both tabs query and record
  await setDwell(0);
  const tabs = await recordAtOnce(['/listing.html', '/bench/long-listing.html']);
  for (const t of tabs) eq(t.state.errors.length, 0, `${t.path}: ${t.state.errors.join('; ')}`);
  const acked = tabs.reduce((a, t) => a + t.state.recorded, 0);
  assert(tabs.every((t) => t.state.recorded >= 2), `each tab recorded several stories: ${tabs.map((t) => t.state.recorded)}`);
  const live = await ext('storeStats');
  eq(live.stories, acked, 'every acknowledged record is in the store');
  const ids = await storyIds();
  eq(new Set(ids).size, acked, 'one story id per record');
  for (const t of tabs) await t.page.close();
  await restart();
  const back = await ext('storeStats');
  eq(back.notice, null, 'the store reads back without a notice');
  eq(JSON.stringify(await storyIds()), JSON.stringify(ids), 'after a restart, the same stories');
  console.log(`  # ${which} two tabs: ${tabs.map((t) => `${t.path} ${t.state.recorded}`).join(', ')} records at once, ${back.stories} stories stored`);
});

/**
 * Starts forgetting `ids` one by one, 10 ms apart, from the extension page
 * (each forget is a full write of the store), counting acknowledged forgets in
 * window.__forgot, stopping at the first failure.
 */
async function forgetStream(ids) {
  await ctx.extPage.evaluate((ids) => {
    window.__forgot = 0;
    window.__forgetDone = false;
    (async () => {
      for (const id of ids) {
        const r = await chrome.runtime.sendMessage({ type: 'forgetStory', id }).catch(() => null);
        if (!r || !r.ok || r.result !== 1) { window.__forgetStop = JSON.stringify(r); break; }
        window.__forgot++;
        await new Promise((ok) => setTimeout(ok, 10)); // a stream the test can strike in the middle of
      }
      window.__forgetDone = true;
    })();
  }, ids);
}

/** The store after a kill: valid, and exactly `ids` minus a first part of the forgets, at least `acked` of them. */
async function checkAfterKill(ids, acked, label) {
  const stats = await ext('storeStats');
  eq(stats.notice, null, `${label}: the store reads back as valid (no reset, no notice)`);
  const left = await storyIds();
  const k = ids.length - left.length;
  assert(k >= acked, `${label}: every acknowledged forget is saved (${k} saved, ${acked} acknowledged)`);
  eq(JSON.stringify(left), JSON.stringify(ids.slice(k)), `${label}: the store is the one after exactly ${k} forgets`);
  const aside = await ctx.extPage.evaluate(async () => Object.keys(await chrome.storage.local.get(null)).filter((k) => k.startsWith('store.aside.')).length);
  eq(aside, 0, `${label}: nothing was set aside as corrupt`);
  return k;
}

test('store fault: the worker killed mid-write — after a restart the store is valid, at worst the last write missing', async () => {
  await closeOtherPages();
  await ext('forgetAll');
  await setDwell(0);
  const tabs = await recordAtOnce(['/listing.html', '/bench/long-listing.html']);
  for (const t of tabs) await t.page.close();
  const ids = await storyIds();
  assert(ids.length >= 6, `enough stories to forget one by one (${ids.length})`);
  const report = [];
  let rest = ids;
  // each write takes a few milliseconds: poll every 5 ms and strike after the first acknowledged one
  const firstAck = async () => {
    let seen = null;
    await waitFor('a first acknowledged forget', async () => {
      seen = await ctx.extPage.evaluate(() => ({ acked: window.__forgot, done: window.__forgetDone, stop: window.__forgetStop }));
      return seen.acked >= 1 || seen.done;
    }, 10000, 5).catch((e) => { throw new Error(`${e.message}: ${JSON.stringify(seen)}`); });
    return seen;
  };
  if (which === 'chromium') {
    // the service worker alone stopped, the browser running on (on the first half of the stories)
    await forgetStream(rest.slice(0, rest.length >> 1));
    await firstAck();
    // DevTools holds a stopped worker that it is attached to: let go of it first
    await ctx.swCdp?.detach().catch(() => {});
    await (await ctx.sw.worker()).close();
    await waitFor('the stream to stop', () => ctx.extPage.evaluate(() => window.__forgetDone), 10000);
    const acked = await ctx.extPage.evaluate(() => window.__forgot);
    const k = await checkAfterKill(rest, acked, 'service worker stopped');
    assert(k <= acked + 1, `only the write in flight may be missing or done (${k} saved, ${acked} acknowledged)`);
    report.push(`worker stopped after ${acked} acknowledged forgets, ${k} saved`);
    rest = rest.slice(k);
  }
  // the whole browser killed (SIGKILL) while forgets stream into the store
  await forgetStream(rest);
  const seen = await firstAck();
  ctx.browser.process().kill('SIGKILL');
  assert(!seen.done, `the kill came while the stream ran (${JSON.stringify(seen)})`);
  const acked = seen.acked;
  await new Promise((ok) => (ctx.browser.process().exitCode !== null ? ok() : ctx.browser.process().once('exit', ok)));
  await sleep(1500); // puppeteer tidies the profile's prefs after the process is gone
  await start();
  const k = await checkAfterKill(rest, acked, 'browser killed');
  report.push(`browser killed after ${acked} acknowledged forgets, ${k} saved`);
  console.log(`  # ${which} killed mid-write: ${report.join('; ')}`);
  await setDwell(1500);
});

test('no network request by the extension (every request seen by the proxy is a test page)', async () => {
  await sleep(300);
  const stray = ctx.server.log.filter((r) => !ctx.visited.has(r.path)).map((r) => r.path);
  const foreign = ctx.server.foreign.filter((r) => !browserOwn(r.url));
  const own = ctx.server.foreign.length - foreign.length;
  if (own) {
    const hosts = [...new Set(ctx.server.foreign.map((r) => r.url.replace(/^[a-z]+:\/\//, '').replace(/[/:].*$/, '')))].sort();
    console.log(`  # ${which}: ${own} requests by the browser itself to its vendor's services (${hosts.join(', ')}), refused by the proxy`);
  }
  eq(JSON.stringify(foreign), '[]', 'requests to other hosts');
  eq(JSON.stringify(ctx.requests), '[]', 'requests from pages, extension pages or the worker to other hosts');
  eq(JSON.stringify(stray), '[]', 'requests for paths no test opened');
});

test('the package holds no web address and no network API outside the wasm loader', async () => {
  const found = [];
  for (const f of readdirSync(EXT_DIR)) {
    if (!/\.(js|html|css)$/.test(f)) continue;
    readFileSync(join(EXT_DIR, f), 'utf8').split('\n').forEach((line, i) => {
      const code = line.trim();
      if (code.startsWith('//') || code.startsWith('*')) return;
      // the SVG namespace is a name, never fetched
      if (/https?:\/\/(?!www\.w3\.org\/2000\/svg')/i.test(code) || /XMLHttpRequest|WebSocket|sendBeacon|EventSource|RTCPeerConnection/.test(code)) found.push(`${f}:${i + 1}`);
      if (/\bfetch\(/.test(code) && f !== 'storyline.js') found.push(`${f}:${i + 1} fetch`);
    });
  }
  eq(JSON.stringify(found), '[]', 'network code in the package');
});

test('no uncaught error and no dialog in any page or extension page', async () => {
  eq(JSON.stringify(ctx.dialogs), '[]', 'dialogs');
  eq(JSON.stringify(ctx.errors), '[]', 'errors');
});

// ---- run -------------------------------------------------------------------------------------

/** Launches the browser on the run's profile and opens the extension page the suite talks through. */
async function start() {
  const l = await launch(ctx.server);
  Object.assign(ctx, { browser: l.browser, extBase: l.extBase, sw: null });
  if (l.worker) {
    await watchWorker(l.worker);
    // a service worker stopped (by Chromium when idle, or by a test) comes back as a new target
    l.browser.on('targetcreated', (t) => {
      if (t.type() === 'service_worker' && t.url().startsWith(l.extBase)) watchWorker(t).catch(() => {});
    });
  }
  ctx.extPage = await ctx.browser.newPage();
  watch(ctx.extPage, 'extension page');
  await gotoExt(ctx.extPage, `${l.extBase}popup.html`);
}

/** Chromium: the extension's service worker, for its errors and its requests. */
async function watchWorker(target) {
  ctx.sw = target;
  const w = await target.worker();
  const cdp = await target.createCDPSession();
  ctx.swCdp = cdp;
  w?.on('console', (m) => { if (m.type() === 'error') ctx.errors.push(`worker: ${m.text()}`); });
  await cdp.send('Network.enable');
  cdp.on('Network.requestWillBeSent', (e) => {
    if (/^https?:/i.test(e.request.url)) ctx.requests.push(`worker: ${e.request.url}`);
  });
}

/** Closes the browser and starts it again on the same profile. */
async function restart() {
  await ctx.browser.close();
  await start();
}

async function main() {
  const server = await startServer({
    pagesDir: join(ROOT, 'tests', 'e2e', 'pages'), extDir: EXT_DIR, benchDir: join(ROOT, 'benches', 'pages'),
  });
  let passed = 0;
  let failed = 0;
  let browser;
  try {
    ctx.server = server;
    await start();
    browser = ctx.browser;
    console.log(`# ${which}: ${(await browser.version())}, extension at ${ctx.extBase}, pages at ${server.origin}`);
    for (const c of cases) {
      if (process.env.E2E_ONLY && !new RegExp(process.env.E2E_ONLY).test(c.name)) continue; // E2E_ONLY=seen: a subset while debugging
      const t0 = Date.now();
      try {
        await Promise.race([c.fn(), sleep(CASE_TIMEOUT_MS).then(() => { throw new Error('case timed out'); })]);
        passed++;
        console.log(`ok - ${which}: ${c.name} (${Date.now() - t0} ms)`);
      } catch (e) {
        failed++;
        console.log(`not ok - ${which}: ${c.name}\n  ${String(e && e.message || e).replace(/\n/g, '\n  ')}`);
      }
    }
  } catch (e) {
    failed++;
    console.log(`not ok - ${which}: suite setup\n  ${e && e.stack || e}`);
  } finally {
    await ctx.browser?.close().catch(() => {});
    await server.close();
    rmSync(PROFILE, { recursive: true, force: true });
  }
  console.log(`${which}: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main();
