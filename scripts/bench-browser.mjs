// In-browser benchmark: the built extension (dist/) in headless Chromium and
// headless Firefox ESR on the project's long listing page, served from
// 127.0.0.1 by the e2e suite's server, and compromise + compromise-dates on
// the same page in the same browser run, for the ratio.
//
//   node scripts/bench-browser.mjs [chromium|firefox ...] [--loads N] [--page NAME.html] [--big-loads N]
//
// Prints a Markdown table (one row per browser) on stdout; progress on stderr.
//
// Why these figures, and how:
// - start → last highlight: from the content script's `storyline:start` mark
//   to the `storyline:pass-end` mark of the first full pass, per fresh page
//   load: reading settings, reading the DOM, the core (in the worker),
//   grouping the marks and painting every range with the CSS Custom
//   Highlight API. Without that API the mark comes after the last <mark> is
//   wrapped. "start → last <mark>" (`storyline:wrap-end`) adds the <mark>
//   elements that follow for keyboard focus and tooltips. Median of N loads.
// - the pass's own split (settings, read DOM, wasm instantiate, core, group,
//   paint, wrap) comes from the marks above and the content script's report
//   (in Chromium the first pass no longer waits for the settings read, which
//   runs while the worker works: there "settings" is only the script's own
//   start-up before the pass)
//   to the background worker (`tabState`), the same numbers the e2e suite
//   prints; "core, warm" is the median of N reruns on one loaded page.
// - the ratio to compromise, two ways: compromise's warm median over our
//   fresh-load start → last highlight (ours cold, theirs warm: the strict
//   one), and over the warm rerun's read + core plus the fresh loads' group
//   and paint (a rerun on a marked page has nothing left to paint).
// - longest task: Chromium's Long Tasks API (PerformanceObserver 'longtask',
//   buffered, installed before any script runs; it only reports tasks over
//   50 ms), over the whole first pass (to the `storyline:full-end` mark,
//   seen-elsewhere included) plus 300 ms. Firefox has no Long Tasks API, so
//   there it is the probe below.
// - the 50,000-word page (benches/pages/gen_listing.py OUT 170, generated
//   into target/benchpages/ when missing): N fresh loads, the longest task
//   per load by the Long Tasks API (Chromium) and, in both browsers, by a
//   probe: a page-world 1 ms timer chain (from the load event on) whose
//   longest gap between ticks bounds from above how long the page's thread
//   was unavailable: it also counts rendering (style and layout of the whole
//   page after highlights are added) and the page's own work, which the
//   Long Tasks API leaves out.
// - peak JS heap: `performance.memory.usedJSHeapSize` (Chromium only; the
//   content script shares the page's V8 heap; wasm memory is not in it).
// - compromise: the npm builds are injected with page.addScriptTag from
//   node_modules (no network) into the same page, then
//   nlp(text).people()/organizations()/places() and .dates() run on the page
//   text; median of N runs after one warm-up.
//
// The browsers are launched exactly as the e2e suite launches them
// (tests/e2e/browsers.mjs), each on a throwaway profile.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { ROOT, launch } from '../tests/e2e/browsers.mjs';
import { startServer } from '../tests/e2e/server.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  if (i < 0) return dflt;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
};
const LOADS = Number(opt('--loads', '10'));
const PAGE = opt('--page', 'long-listing.html');
const BIG_LOADS = Number(opt('--big-loads', '5'));
const browsers = args.length ? args : ['chromium', 'firefox'];

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));
const log = (...a) => console.error('#', ...a);
const median = (xs) => {
  const v = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return NaN;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};
const fmt = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');
const kb = (n) => (Number.isFinite(n) && n > 0 ? `${(n / 1000).toFixed(1)} K chars` : 'n/a');

async function waitFor(what, fn, timeout = 30000) {
  const end = Date.now() + timeout;
  let last;
  while (Date.now() < end) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
}

/** Runs in the page before any script: collects long tasks (Chromium) and the longest gap of a timer chain (both). */
function observeLongTasks() {
  window.__gap = 0;
  let last = performance.now();
  const tick = () => {
    const now = performance.now();
    if (document.readyState === 'complete' && now - last > window.__gap) window.__gap = now - last;
    last = now;
    if (!window.__gapStop) setTimeout(tick, 1);
  };
  setTimeout(tick, 1);
  window.__longtasks = [];
  // Firefox accepts the observe() call but never reports: ask first
  if (!(PerformanceObserver.supportedEntryTypes || []).includes('longtask')) {
    window.__longtasks = null;
    return;
  }
  try {
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) {
        window.__longtasks.push(e.duration);
        (window.__longtaskSpans ??= []).push([e.startTime, e.duration]);
      }
    }).observe({ type: 'longtask', buffered: true });
  } catch (_) {
    window.__longtasks = null; // no Long Tasks API (Firefox)
  }
}

/** Runs in the page: compromise + compromise-dates on the page text, median of `n` runs. */
function runCompromise(n) {
  const nlp = window.nlp;
  nlp.plugin(window.compromiseDates);
  const text = document.body.innerText;
  const once = () => {
    const doc = nlp(text);
    const found = {
      people: doc.people().json().length,
      organizations: doc.organizations().json().length,
      places: doc.places().json().length,
      dates: doc.dates().json().length,
    };
    return found;
  };
  once(); // warm-up
  const times = [];
  let found;
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    found = once();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { median: times[times.length >> 1], found, words: text.split(/\s+/).filter(Boolean).length };
}

/**
 * Waits for the first full pass to end (seen-elsewhere included), lets 300 ms
 * pass for the observers, then reads the marks and the task figures.
 */
async function endOfFirstPass(page) {
  const none = { total: NaN, settings: NaN, wrapped: NaN, full: NaN, longtasks: null, ours: null, gap: NaN, heap: NaN };
  const ok = await waitFor('the full-end mark', () => page.evaluate(
    () => (performance.getEntriesByName('storyline:full-end').length ? 'full' : null)), 30000).catch(() => false);
  if (!ok) return none;
  await sleep(300);
  return page.evaluate(() => {
    window.__gapStop = true;
    const s = performance.getEntriesByName('storyline:start')[0];
    const p = performance.getEntriesByName('storyline:pass-start')[0];
    const e = performance.getEntriesByName('storyline:pass-end')[0];
    const w = performance.getEntriesByName('storyline:wrap-end')[0];
    const f = performance.getEntriesByName('storyline:full-end')[0];
    return {
      total: s && e ? e.startTime - s.startTime : NaN,
      settings: s && p ? p.startTime - s.startTime : NaN,
      wrapped: s && w ? w.startTime - s.startTime : NaN,
      full: s && f ? f.startTime - s.startTime : NaN,
      longtasks: window.__longtasks,
      // tasks that ended after the content script started (the page's own parsing and first layout mostly end before)
      ours: Array.isArray(window.__longtasks) && s ? (window.__longtaskSpans || []).filter(([t, d]) => t + d > s.startTime).map(([, d]) => d) : null,
      gap: window.__gap,
      heap: performance.memory ? performance.memory.usedJSHeapSize : NaN,
    };
  });
}

const BIG_PAGE = 'listing-50k.html';

/** The 50,000-word page: fresh loads, longest task per load. */
async function bigPage(which, browser, ext, server) {
  const url = `${server.origin}/bench/${BIG_PAGE}`;
  const loads = [];
  for (let i = 0; i < BIG_LOADS; i++) {
    const page = await browser.newPage();
    await page.evaluateOnNewDocument(observeLongTasks);
    await page.goto(url, { waitUntil: 'load' });
    const r = await endOfFirstPass(page);
    const tab = await waitFor('the extension report', async () => (await ext('tabs'))
      .filter((t) => t.url === url).sort((a, b) => b.tabId - a.tabId)[0]);
    const st = await ext('tabState', { tabId: tab.tabId });
    const longest = Array.isArray(r.longtasks) ? (r.longtasks.length ? Math.max(...r.longtasks) : 0) : NaN;
    const ours = Array.isArray(r.ours) ? (r.ours.length ? Math.max(...r.ours) : 0) : NaN;
    loads.push({ ...r, longest, oursLongest: ours, mode: st.mode, entities: st.passes[0]?.entities, marks: st.marks });
    log(`${which} 50k load ${i + 1}: start→last highlight ${fmt(r.total)} ms, whole pass ${fmt(r.full)} ms, `
      + `longest task ${fmt(longest, 0)} ms (${Array.isArray(r.longtasks) ? r.longtasks.length : 'n/a'} over 50 ms; `
      + `after the content script started: ${fmt(ours, 0)} ms), longest timer gap ${fmt(r.gap)} ms`);
    await page.close();
  }
  return {
    total: median(loads.map((l) => l.total)),
    full: median(loads.map((l) => l.full)),
    longest: median(loads.map((l) => l.longest)),
    worstLongest: Math.max(...loads.map((l) => l.longest)),
    ours: median(loads.map((l) => l.oursLongest)),
    worstOurs: Math.max(...loads.map((l) => l.oursLongest)),
    gap: median(loads.map((l) => l.gap)),
    worstGap: Math.max(...loads.map((l) => l.gap)),
    mode: loads[0]?.mode, entities: loads[0]?.entities, marks: loads[0]?.marks,
  };
}

async function benchBrowser(which, server) {
  const { browser, extBase } = await launch(which, { server });
  const version = await browser.version();
  log(`${which}: ${version}`);
  const extPage = await browser.newPage();
  await extPage.goto(`${extBase}popup.html`).catch(() => {});
  await waitFor('the extension page', () => extPage.evaluate(() => typeof chrome?.runtime?.sendMessage === 'function'));
  const ext = async (type, extra = {}) => {
    const r = await extPage.evaluate((type, extra) => chrome.runtime.sendMessage({ type, ...extra }), type, extra);
    if (!r || !r.ok) throw new Error(`${type}: ${r ? r.error : 'no answer'}`);
    return r.result;
  };
  const url = `${server.origin}/bench/${PAGE}`;

  const loads = [];
  let page = null;
  let tabId = null;
  for (let i = 0; i < LOADS; i++) {
    if (page) await page.close();
    page = await browser.newPage();
    await page.evaluateOnNewDocument(observeLongTasks);
    await page.goto(url, { waitUntil: 'load' });
    // the newest tab on this URL (a closed one may linger in the list a moment)
    const tab = await waitFor('the extension report', async () => (await ext('tabs'))
      .filter((t) => t.url === url).sort((a, b) => b.tabId - a.tabId)[0]);
    tabId = tab.tabId;
    const st = await waitFor('a first pass', async () => {
      const s = await ext('tabState', { tabId });
      return s && s.passes.length >= 1 ? s : null;
    });
    const inPage = await endOfFirstPass(page);
    const p = st.passes[0];
    loads.push({ ...p.ms, total: inPage.total, settings: inPage.settings, wrapped: inPage.wrapped, longtasks: inPage.longtasks,
      heap: inPage.heap, gap: inPage.gap, entities: p.entities, marks: st.marks, painted: p.painted, mode: st.mode,
      answerBytes: p.answerBytes });
    log(`${which} load ${i + 1}: start→last highlight ${fmt(inPage.total)} ms (→ marks wrapped ${fmt(inPage.wrapped)}), settings ${fmt(inPage.settings)}, `
      + `read ${p.ms.read}, load ${p.ms.load}, core ${p.ms.core} (the core call ${p.ms.wasm}), group ${p.ms.group}, paint ${p.ms.paint}, wrap ${p.ms.wrap}; `
      + `answer ${p.answerBytes} chars`);
  }

  // warm reruns on the last loaded page: the wasm is compiled already
  const warm = [];
  for (let i = 0; i < LOADS; i++) {
    const n = (await ext('tabState', { tabId })).passes.length;
    await ext('rerun', { tabId });
    const s = await waitFor('a warm pass', async () => {
      const st = await ext('tabState', { tabId });
      return st.passes.length > n ? st : null;
    });
    warm.push(s.passes[s.passes.length - 1].ms);
  }
  const heapAfter = await page.evaluate(() => (performance.memory ? performance.memory.usedJSHeapSize : NaN));
  const big = BIG_LOADS > 0 ? await bigPage(which, browser, ext, server) : null;

  // compromise on the same page, in the same run
  await page.addScriptTag({ path: join(ROOT, 'node_modules/compromise/builds/compromise.js') });
  await page.addScriptTag({ path: join(ROOT, 'node_modules/compromise-dates/builds/compromise-dates.min.js') });
  const comp = await page.evaluate(runCompromise, LOADS);
  await browser.close();

  const painted = loads.some((l) => l.painted > 0); // the Highlight API painted the highlights
  const lt = loads.map((l) => l.longtasks).filter(Array.isArray);
  const longest = lt.length ? median(lt.map((a) => (a.length ? Math.max(...a) : 0))) : NaN;
  const r = {
    which, version, loads: loads.length,
    total: median(loads.map((l) => l.total)),
    read: median(loads.map((l) => l.read)),
    load: median(loads.map((l) => l.load)),
    core: median(loads.map((l) => l.core)),
    wasm: median(loads.map((l) => l.wasm)),
    answerBytes: loads[0]?.answerBytes,
    wrap: median(loads.map((l) => l.wrap)),
    warmPaint: median(warm.map((m) => m.paint)),
    warmWrap: median(warm.map((m) => m.wrap)),
    warmCore: median(warm.map((m) => m.core)),
    warmWasm: median(warm.map((m) => m.wasm)),
    // the warm pass up to the last highlight. A rerun on a marked page has
    // nothing left to paint or wrap (its text sits in marks already), so
    // the fresh loads' medians stand in for those steps: paint when the
    // Highlight API painted (the wrap follows the last highlight), wrap otherwise
    warmAll: median(warm.map((m) => m.read + m.core)) + median(loads.map((l) => (l.group || 0) + (painted ? l.paint : l.wrap))),
    settings: median(loads.map((l) => l.settings)),
    wrapped: median(loads.map((l) => l.wrapped)),
    group: median(loads.map((l) => l.group)),
    paint: median(loads.map((l) => l.paint)),
    painted,
    longTask: lt.length ? longest : NaN,
    longTaskKind: lt.length ? 'longtask API' : 'timer gap',
    gap: median(loads.map((l) => l.gap)),
    heap: Math.max(...loads.map((l) => l.heap), heapAfter),
    entities: loads[0]?.entities, marks: loads[0]?.marks, mode: loads[0]?.mode,
    comp, big,
  };
  return r;
}

async function main() {
  const server = await startServer({
    pagesDir: join(ROOT, 'tests', 'e2e', 'pages'),
    extDir: join(ROOT, 'dist', 'chrome'),
    benchDir: [join(ROOT, 'benches', 'pages'), join(ROOT, 'target', 'benchpages')],
  });
  const big = join(ROOT, 'target', 'benchpages', BIG_PAGE);
  if (BIG_LOADS > 0 && !existsSync(big)) {
    mkdirSync(dirname(big), { recursive: true });
    execFileSync('python3', [join(ROOT, 'benches', 'pages', 'gen_listing.py'), big, '170'], { stdio: 'ignore' });
  }
  const rows = [];
  const load0 = loadavg()[0];
  try {
    for (const which of browsers) rows.push(await benchBrowser(which, server));
  } finally {
    await server.close();
  }
  const load1 = loadavg()[0];
  const pkg = (p) => JSON.parse(readFileSync(join(ROOT, 'node_modules', p, 'package.json'), 'utf8')).version;
  const out = [];
  out.push(`Page: benches/pages/${PAGE} (${rows[0]?.comp.words} words as innerText), ${LOADS} fresh loads and ${LOADS} warm reruns per browser; `
    + `compromise ${pkg('compromise')} + compromise-dates ${pkg('compromise-dates')} in the same page, median of ${LOADS} runs. `
    + `Machine: ${cpus().length} × ${cpus()[0]?.model.trim()}, load average ${load0.toFixed(1)} → ${load1.toFixed(1)}; `
    + `${new Date().toISOString().slice(0, 16)} UTC.`);
  out.push('');
  out.push('Phases of the first pass (medians of the fresh loads): settings = content script start → the pass starts '
    + '(the storage read in Firefox; in Chromium the read runs alongside the pass and this is the script\'s start-up); read DOM; core = the tree to JSON, the worker round trip and the core; of which the core call = the wasm call alone, timed where it ran (the rest is the round trip); '
    + 'group = the marks of the kinds shown, '
    + 'in document order, on screen first; paint = every range registered with the CSS Custom Highlight API (the last highlight is '
    + 'in place at its end); wrap = the <mark> elements that follow in slices, for keyboard focus and tooltips.');
  out.push('');
  out.push('| browser | start → last highlight | settings | read DOM | wasm instantiate | core (first pass) | of which the core call | answer | group | paint | start → last <mark> | wrap | core, warm (the core call) | read+core, warm, + group+paint | longest task | peak JS heap | compromise+dates | ratio: compromise ÷ start → last highlight | ratio: compromise ÷ warm read+core+group+paint |');
  out.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) {
    const lt = r.longTaskKind === 'longtask API'
      ? (r.longTask > 0 ? `${fmt(r.longTask, 0)} ms (Long Tasks)` : 'none over 50 ms (Long Tasks)')
      : `${fmt(r.gap)} ms (longest timer gap)`;
    const heap = Number.isFinite(r.heap) ? `${(r.heap / 1048576).toFixed(1)} MB` : 'n/a';
    out.push(`| ${r.which} ${r.version.replace(/^[A-Za-z]+\//, '')} (${r.mode}${r.painted ? ', Highlight API' : ''}) | ${fmt(r.total)} ms | ${fmt(r.settings)} ms `
      + `| ${fmt(r.read)} ms | ${fmt(r.load)} ms | ${fmt(r.core)} ms | ${fmt(r.wasm)} ms | ${kb(r.answerBytes)} | ${fmt(r.group)} ms | ${fmt(r.paint)} ms | ${fmt(r.wrapped)} ms | ${fmt(r.wrap)} ms `
      + `| ${fmt(r.warmCore)} ms (${fmt(r.warmWasm)} ms) | ${fmt(r.warmAll)} ms | ${lt} | ${heap} `
      + `| ${fmt(r.comp.median)} ms | ${fmt(r.comp.median / r.total)}× | ${fmt(r.comp.median / r.warmAll)}× |`);
  }
  out.push('');
  if (rows.some((r) => r.big)) {
    out.push(`The ${BIG_PAGE.replace('.html', '')} page (benches/pages/gen_listing.py OUT 170, about 48,000 words), ${BIG_LOADS} fresh loads per browser, medians (worst in brackets); `
      + 'the longest task counts every task of the page\'s main thread from the load to the end of the first full pass plus 300 ms:');
    out.push('');
    out.push('| browser | core ran in | start → last highlight | whole first pass (with seen-elsewhere) | longest task (Long Tasks API) | longest task ending after the content script started | longest timer gap (probe) |');
    out.push('| --- | --- | ---: | ---: | ---: | ---: | ---: |');
    for (const r of rows.filter((x) => x.big)) {
      const b = r.big;
      const lt = Number.isFinite(b.longest) ? (b.worstLongest > 0 ? `${fmt(b.longest, 0)} ms (${fmt(b.worstLongest, 0)} ms)` : 'none over 50 ms') : 'n/a (no API)';
      const ours = Number.isFinite(b.ours) ? (b.worstOurs > 0 ? `${fmt(b.ours, 0)} ms (${fmt(b.worstOurs, 0)} ms)` : 'none over 50 ms') : 'n/a (no API)';
      out.push(`| ${r.which} | ${b.mode} | ${fmt(b.total)} ms | ${fmt(b.full)} ms | ${lt} | ${ours} | ${fmt(b.gap)} ms (${fmt(b.worstGap)} ms) |`);
    }
    out.push('');
  }
  for (const r of rows) {
    out.push(`- ${r.which}: ${r.entities} entities, ${r.marks} marks; compromise found `
      + `${r.comp.found.people} people, ${r.comp.found.organizations} organizations, ${r.comp.found.places} places, ${r.comp.found.dates} dates.`);
  }
  console.log(out.join('\n'));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
