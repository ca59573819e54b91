// The background worker: the one place that owns the reader's data.
//  - It runs the core for pages whose CSP forbids wasm in the content script
//    (Chromium), so strict pages are annotated too.
//  - It keeps each tab's summary (from that tab's content script) in
//    storage.session, which content scripts cannot read, for the popup and
//    the toolbar badge.
//  - It owns the settings and the store slot in storage.local (versioned
//    keys; writes queued so two tabs never interleave).
// Every message is checked: its shape, its size, and who sent it. A content
// script may only speak for its own tab (the tab id comes from the browser's
// `sender`, never from the message); only extension pages may read state or
// change settings.
'use strict';

if (typeof importScripts === 'function' && typeof wasm_bindgen === 'undefined') {
  importScripts('storyline.js'); // Chromium service worker; Firefox lists it in background.scripts
}

const EXT_ORIGIN = chrome.runtime.getURL('');
const KINDS = ['person', 'organization', 'place', 'date', 'source'];
const SETTINGS_KEY = 'settings';
const SETTINGS_VERSION = 1;
const MAX_TREE_NODES = 400000;
const MAX_TREE_CHARS = 16 * 1024 * 1024;
const MAX_HOST = 253;
const MAX_IMPORT_B64 = 96 * 1024 * 1024; // an export of a full 64 MB store, in base64

// ---- validation -------------------------------------------------------------------

const isObj = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const isStr = (v, max) => typeof v === 'string' && v.length <= max;
const optStr = (v, max) => v === undefined || v === null || isStr(v, max);
const isCount = (v) => Number.isInteger(v) && v >= 0 && v <= 1e9;
const isHost = (v) => isStr(v, MAX_HOST) && /^[a-z0-9.\-[\]:]+$/i.test(v) && v.length > 0;

/** A Tree as src/tree.rs reads it, within size limits. Returns an error or null. */
function checkTree(t) {
  if (!isObj(t) || !Array.isArray(t.n)) return 'tree.n must be an array';
  if (t.n.length > MAX_TREE_NODES) return 'tree too large';
  if (!optStr(t.url, 8192)) return 'tree.url';
  let chars = 0;
  for (let i = 0; i < t.n.length; i++) {
    const n = t.n[i];
    if (!isObj(n) || !Number.isInteger(n.p) || n.p < -1 || n.p >= i) return `node ${i}: parent`;
    if (n.t !== undefined && !isStr(n.t, 64)) return `node ${i}: tag`;
    if (n.x !== undefined) {
      if (typeof n.x !== 'string') return `node ${i}: text`;
      chars += n.x.length;
      if (chars > MAX_TREE_CHARS) return 'tree text too large';
    }
    if (n.a !== undefined) {
      if (!Array.isArray(n.a) || n.a.length > 32) return `node ${i}: attrs`;
      for (const kv of n.a) if (!Array.isArray(kv) || kv.length !== 2 || !isStr(kv[0], 64) || !isStr(kv[1], 4096)) return `node ${i}: attr`;
    }
  }
  return null;
}

/**
 * The tree of an annotate/fingerprint message: `json`, the tree as JSON text
 * (a long page crosses the message channel much faster as one string), or
 * `tree`, the object itself.
 */
function treeOf(m) {
  if (typeof m.json !== 'string') return m.tree;
  if (m.json.length > 2 * MAX_TREE_CHARS) throw new Error('tree too large');
  try {
    return JSON.parse(m.json);
  } catch (_) {
    throw new Error('tree is not JSON');
  }
}

function checkOptions(o) {
  if (o === undefined) return null;
  if (!isObj(o) || !optStr(o.published, 40) || !optStr(o.url, 8192)) return 'bad options';
  return null;
}

/** What a story on the page adds to the earliest version read (the content script's comparison), cleaned. */
function cleanOnlyHere(o) {
  if (!isObj(o) || !isCount(o.paragraphs)) return null;
  const names = (v) => (Array.isArray(v) ? v.filter((x) => isStr(x, 200) && x.length).slice(0, 8) : []);
  return {
    paragraphs: o.paragraphs, site: isStr(o.site, 300) ? o.site : '',
    actors: names(o.actors), dates: names(o.dates), sources: names(o.sources),
  };
}

/** A content script's summary of its tab; returns a clean copy or null. */
function cleanReport(r) {
  if (!isObj(r) || !isStr(r.url, 8192) || !isStr(r.host, MAX_HOST) || !optStr(r.title, 300)) return null;
  if (!isObj(r.counts) || !KINDS.every((k) => isCount(r.counts[k]))) return null;
  if (!Array.isArray(r.stories) || r.stories.length > 100) return null;
  const stories = [];
  for (const s of r.stories) {
    if (!isObj(s) || !optStr(s.title, 300) || !optStr(s.byline, 200) || !optStr(s.published, 40) || !optStr(s.site, 200)) return null;
    stories.push({ title: s.title ?? null, byline: s.byline ?? null, published: s.published ?? null, site: s.site ?? null });
  }
  const passes = Array.isArray(r.passes) ? r.passes.slice(-50).filter(isObj).map((p) => ({
    kind: isStr(p.kind, 8) ? p.kind : '?',
    textNodes: isCount(p.textNodes) ? p.textNodes : 0,
    entities: isCount(p.entities) ? p.entities : 0,
    marks: isCount(p.marks) ? p.marks : 0,
    painted: isCount(p.painted) ? p.painted : 0,
    ms: isObj(p.ms) ? Object.fromEntries(['read', 'load', 'core', 'wasm', 'group', 'paint', 'wrap'].map((k) => [k, +p.ms[k] || 0])) : {},
    answerBytes: isCount(p.answerBytes) ? p.answerBytes : 0,
  })) : [];
  const errors = Array.isArray(r.errors) ? r.errors.filter((e) => isStr(e, 300)).slice(0, 10) : [];
  const seen = Array.isArray(r.seen) ? r.seen.slice(0, 100).filter((x) => isObj(x) && isStr(x.text, 300)).map((x) => ({
    index: isCount(x.index) ? x.index : 0, title: isStr(x.title, 300) ? x.title : null,
    relation: isStr(x.relation, 16) ? x.relation : '?', text: x.text, newParagraphs: isCount(x.newParagraphs) ? x.newParagraphs : 0,
  })) : [];
  const num = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
  const found = Array.isArray(r.found) ? r.found.slice(0, 50).filter(isObj).map((f) => ({
    index: isCount(f.index) ? f.index : 0,
    title: isStr(f.title, 300) ? f.title : null,
    published: isStr(f.published, 40) ? f.published : null,
    paragraphs: isCount(f.paragraphs) ? f.paragraphs : 0,
    newParagraphs: isCount(f.newParagraphs) ? f.newParagraphs : 0,
    dates: Array.isArray(f.dates) ? f.dates.filter((d) => isStr(d, 10) && /^\d{4}-\d{2}-\d{2}$/.test(d)).slice(0, 20) : [],
    onlyHere: cleanOnlyHere(f.onlyHere),
    matches: Array.isArray(f.matches) ? f.matches.slice(0, 30).filter(isObj).map((m) => ({
      id: isCount(m.id) ? m.id : -1,
      relation: ['same', 'contains', 'contained', 'overlaps', 'related'].includes(m.relation) ? m.relation : 'related',
      score: num(m.score),
      url: isStr(m.url, 8192) ? m.url : '',
      site: isStr(m.site, 300) ? m.site : '',
      title: isStr(m.title, 300) ? m.title : '',
      published: isStr(m.published, 40) ? m.published : '',
      firstSeen: num(m.firstSeen),
      why: isStr(m.why, 500) ? m.why : null,
    })) : [],
  })) : [];
  return {
    found,
    url: r.url, host: r.host, title: r.title ?? '', enabled: r.enabled === true,
    mode: r.mode === 'page' || r.mode === 'worker' ? r.mode : null,
    stories, counts: Object.fromEntries(KINDS.map((k) => [k, r.counts[k]])),
    marks: isCount(r.marks) ? r.marks : 0, passes, errors, seen, recorded: isCount(r.recorded) ? r.recorded : 0,
    watching: Array.isArray(r.watching) ? r.watching.slice(0, 100).filter(isCount) : [], incognito: r.incognito === true, at: Date.now(),
  };
}

// ---- the core in the worker --------------------------------------------------------

let core = null;
function loadCore() {
  if (!core) {
    core = wasm_bindgen({ module_or_path: chrome.runtime.getURL('storyline_bg.wasm') }).then(() => wasm_bindgen);
    core.catch(() => { core = null; });
  }
  return core;
}

/**
 * A page's worth of work for the core before any page asks: V8 compiles a
 * fresh wasm instance's functions lazily, in its baseline tier, and moves
 * the hot ones to the optimising tier only after they have run a while, on
 * background threads. Measured in Chromium 156 on the 6k listing page, the
 * first calls in a new worker took 1,515, 425, 275, 186, 207, 120 ms before
 * settling near 20 ms: every page load that met a fresh worker paid part of
 * that. So when the worker starts, it runs the core on a small made-up news
 * page (two stories: people, organisations, places, dates, quotes, four
 * times over) `WARM_RUNS` times, one call per task: a page's request
 * arriving meanwhile waits for one small call at most. In node the same
 * warm-up (about 180 ms of CPU, once per worker life) took the first calls
 * on the listing page from 151, 43, 37, 37 ms of CPU to 37, 27, 16, 19 ms.
 * The core keeps nothing from these calls.
 */
const WARM_RUNS = 30;
const WARM_TEXT = [
  ['h2', 'City council backs new tram line after months of debate'],
  ['p', 'By Lena Hoffmann, March 3, 2025'],
  ['p', 'BERLIN — The city council voted on Tuesday to fund a tram line to the airport, Mayor Daniel Roth said, ending a dispute that had run since last spring.'],
  ['p', '"We waited long enough," said Roth, adding that work would start in June. The Green Party and the transport union Verdi welcomed the vote.'],
  ['p', 'According to Anna Weber, a spokeswoman for the Federal Ministry of Transport, the plan could cost up to 900 million euros by 2031.'],
  ['h2', 'Storms close ports along the northern coast'],
  ['p', 'Hamburg, Oct. 12 (Reuters) - Several ports in northern Germany and Denmark shut on Sunday as winds reached 140 km/h, officials told reporters.'],
  ['p', 'The German Weather Service warned that the storm would last until Monday evening. "It is the worst we have seen in ten years," harbour master Jens Olsen told the newspaper Die Zeit on Saturday.'],
];
const WARM_TREE = JSON.stringify({
  // four times over: a tenth of a listing page, enough work per call for the hot functions to tier up
  n: [{ p: -1, t: 'html' }, { p: 0, t: 'body' }, { p: 1, t: 'main' }].concat(
    [...WARM_TEXT, ...WARM_TEXT, ...WARM_TEXT, ...WARM_TEXT].flatMap(([t, x], i) => [{ p: 2, t }, { p: 3 + 2 * i, x }]),
  ),
});

let warming = null;
function warmCore() {
  warming ??= (async () => {
    const c = await loadCore();
    for (let i = 0; i < WARM_RUNS; i++) {
      await new Promise((ok) => setTimeout(ok, 0)); // a page's request goes first
      c.annotateTreePacked(WARM_TREE, {});
    }
  })().catch(() => {});
  return warming;
}
warmCore();

// ---- settings -----------------------------------------------------------------------

const DWELL_MS = 8000; // a story in view this long counts as read

function normalSettings(s) {
  const kinds = Object.fromEntries(KINDS.map((k) => [k, !(isObj(s) && isObj(s.kinds) && s.kinds[k] === false)]));
  const off = isObj(s) && Array.isArray(s.sitesOff) ? s.sitesOff.filter(isHost) : [];
  // how long a story must be in view to count as read (tests shorten it), and the pause switch
  const dwell = isObj(s) && Number.isInteger(s.dwellMs) && s.dwellMs >= 0 && s.dwellMs <= 600000 ? s.dwellMs : DWELL_MS;
  const paused = isObj(s) && s.paused === true;
  return { v: SETTINGS_VERSION, kinds, sitesOff: [...new Set(off)].sort(), dwellMs: dwell, paused };
}

async function getSettings() {
  const r = await chrome.storage.local.get(SETTINGS_KEY);
  return normalSettings(r[SETTINGS_KEY]);
}

// The settings as last read, until storage says they changed: the check of
// every annotate request (`siteOff`) costs no storage read after the first.
let settingsNow = null;
chrome.storage.onChanged.addListener((changes, area) => {
  if (area === 'local' && changes[SETTINGS_KEY]) settingsNow = null;
});
function currentSettings() {
  if (!settingsNow) {
    settingsNow = getSettings();
    settingsNow.catch(() => { settingsNow = null; });
  }
  return settingsNow;
}

/** Has the reader turned Storyline off on the site of `url`? */
async function siteOff(url) {
  let host;
  try {
    host = new URL(url).hostname;
  } catch (_) {
    return false;
  }
  return (await currentSettings()).sitesOff.includes(host);
}

let writes = Promise.resolve();
/** Serialises read-modify-write cycles on storage.local. */
function serially(fn) {
  const p = writes.then(fn);
  writes = p.catch(() => {});
  return p;
}

function updateSettings(change) {
  return serially(async () => {
    const s = change(await getSettings());
    const clean = normalSettings(s);
    await chrome.storage.local.set({ [SETTINGS_KEY]: clean });
    return clean;
  });
}

// ---- the store slot ---------------------------------------------------------------------
// The reader's fingerprint store lives in storage.local under a versioned
// key, as base64 of the store's own binary form (the bytes the CLI writes to
// --store DIR). Bytes from a format this worker does not know are set aside
// under a dated key, never overwritten. `StoreHost` below (the core's store,
// src/wasm/store.rs) loads through `StoreSlot.load()` and writes the slot.

const StoreSlot = {
  VERSION: 1,
  key() { return `store.v${this.VERSION}`; },

  /** The slot's bytes; `fetched` ({rec}) is the record when the caller already read it. */
  async load(fetched) {
    const rec = fetched ? fetched.rec : (await chrome.storage.local.get(this.key()))[this.key()];
    if (rec === undefined) return { bytes: new Uint8Array(0), savedAt: null };
    if (!isObj(rec) || rec.v !== this.VERSION || typeof rec.b !== 'string') {
      await this.setAside(rec, 'unreadable record');
      return { bytes: new Uint8Array(0), savedAt: null, notice: 'store-reset' };
    }
    try {
      return { bytes: fromBase64(rec.b), savedAt: rec.savedAt ?? null };
    } catch (_) {
      await this.setAside(rec, 'bad base64');
      return { bytes: new Uint8Array(0), savedAt: null, notice: 'store-reset' };
    }
  },

  /** Keeps unreadable bytes under a dated key, then frees the slot (unless a save already replaced them). */
  async setAside(rec, why) {
    await chrome.storage.local.set({ [`store.aside.${Date.now()}`]: { why, rec } });
    const now = (await chrome.storage.local.get(this.key()))[this.key()];
    if (JSON.stringify(now) === JSON.stringify(rec)) await chrome.storage.local.remove(this.key());
  },

  async info() {
    const { bytes, savedAt } = await this.load();
    const all = await chrome.storage.local.get(null);
    const aside = Object.keys(all).filter((k) => k.startsWith('store.aside.')).length;
    const used = chrome.storage.local.getBytesInUse ? await chrome.storage.local.getBytesInUse(null) : null;
    return { version: this.VERSION, key: this.key(), bytes: bytes.length, savedAt, setAside: aside, storageBytes: used };
  },
};

/** Did a storage write fail because the browser's storage quota is used up? */
function isQuota(err) {
  const m = String((err && (err.name || '')) + ' ' + ((err && err.message) || err));
  return /quota/i.test(m);
}

/** An Error with a `code` the content script and the pages can act on. */
function coded(code, message) {
  const e = new Error(message);
  e.code = code;
  return e;
}

/**
 * The reader's store, live: one wasm `StoreHandle` (src/wasm/store.rs)
 * loaded from the slot on first use and written back after every change.
 *
 * Faults it is built for (tested in tests/e2e/run.mjs, "store fault" cases):
 * - Two tabs at once: every change runs in one queue (`serially`), and the
 *   store is opened once (one shared promise), so a query arriving while the
 *   store loads can never install a second, older copy over a change.
 * - Quota exceeded: `storage.local.set` of one key is atomic, so a failed
 *   write leaves the previous bytes in place. The in-memory handle, which
 *   already holds the change, is dropped and reloaded from those bytes, the
 *   caller gets a `quota` error and the reader a notice (`store-full`);
 *   nothing already stored is evicted to make room.
 * - The worker killed mid-write: the slot is one key written in one call, so
 *   it holds the old bytes or the new ones; a change is acknowledged only
 *   after its write resolved. A restarted worker reloads from the slot.
 * Bytes the core calls corrupt are set aside and a fresh store started;
 * bytes from a newer Storyline are kept untouched and the store stays
 * read-only.
 */
const StoreHost = {
  handle: null,
  opening: null,
  readOnly: false,
  notice: null,

  open() {
    if (this.handle) return Promise.resolve(this.handle);
    if (!this.opening) {
      this.opening = this.load().then((h) => {
        this.handle = h;
        return h;
      }).finally(() => { this.opening = null; });
    }
    return this.opening;
  },

  async load() {
    const c = await loadCore();
    // one read of the slot (a 100k-story store is a 150 MB string)
    const raw = (await chrome.storage.local.get(StoreSlot.key()))[StoreSlot.key()];
    let slot;
    try {
      slot = await StoreSlot.load({ rec: raw });
    } catch (_) {
      // an unreadable record that could not be set aside (no room): it stays in the slot; record nothing
      this.readOnly = true;
      this.notice = 'store-full';
      return new c.StoreHandle();
    }
    const { bytes, notice } = slot;
    if (notice) this.notice = notice;
    if (!bytes.length) return new c.StoreHandle();
    try {
      return c.StoreHandle.fromBytes(bytes);
    } catch (e) {
      if (e && e.code === 'newer-version') {
        this.readOnly = true;
        this.notice = 'store-newer';
        return new c.StoreHandle();
      }
      try {
        await StoreSlot.setAside(raw, (e && e.code) || 'unreadable');
        this.notice = 'store-reset';
      } catch (_) {
        // no room to set the bytes aside: leave them in the slot, record nothing
        this.readOnly = true;
        this.notice = 'store-full';
      }
      return new c.StoreHandle();
    }
  },

  /** Forgets the live copy: the next use reloads from the slot. */
  drop() {
    this.handle = null;
  },

  /** Runs `fn(handle)`, then persists the store; one change at a time. */
  change(fn) {
    return serially(async () => {
      const h = await this.open();
      if (this.readOnly) {
        throw coded(this.notice === 'store-full' ? 'quota' : 'read-only',
          this.notice === 'store-full' ? 'browser storage is full: not recording'
            : 'the store was written by a newer Storyline: not recording');
      }
      const out = fn(h);
      const bytes = h.toBytes();
      try {
        await chrome.storage.local.set({
          [StoreSlot.key()]: { v: StoreSlot.VERSION, b: toBase64(bytes), n: bytes.length, savedAt: Date.now() },
        });
      } catch (e) {
        this.drop(); // the slot still holds the bytes before this change: reload them
        if (isQuota(e)) {
          this.notice = 'store-full';
          throw coded('quota', 'browser storage is full: this change was not saved; everything stored before is kept');
        }
        throw e;
      }
      if (this.notice === 'store-full') this.notice = null;
      return out;
    });
  },

  async stats() {
    const h = await this.open();
    return { ...h.stats(), readOnly: this.readOnly, notice: this.notice };
  },

  /** Empties the slot and the live copy, in the write queue. */
  forgetAll() {
    return serially(async () => {
      await chrome.storage.local.remove(StoreSlot.key());
      this.handle = null;
      this.readOnly = false;
      this.notice = null;
      return true;
    });
  },
};

/** A story fingerprint from `fingerprintTree`, within size limits (the core checks its shape). */
function checkPrint(story) {
  if (!isObj(story)) return 'story must be an object';
  if (JSON.stringify(story).length > 1024 * 1024) return 'story fingerprint too large';
  return null;
}

// The engine's own base64 (Uint8Array.fromBase64 / toBase64, where the
// browser has them) is many times faster on a 100 MB store than the loops.
function toBase64(bytes) {
  if (typeof bytes.toBase64 === 'function') return bytes.toBase64();
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function fromBase64(b64) {
  if (typeof Uint8Array.fromBase64 === 'function') return Uint8Array.fromBase64(b64);
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

// ---- tab summaries and the badge ----------------------------------------------------------

const tabKey = (id) => `tab.${id}`;

async function saveReport(tabId, rep) {
  await chrome.storage.session.set({ [tabKey(tabId)]: rep });
  const n = rep.enabled ? KINDS.reduce((a, k) => a + rep.counts[k], 0) : 0;
  await chrome.action.setBadgeText({ tabId, text: rep.enabled && n ? String(Math.min(n, 999)) : '' });
  await chrome.action.setBadgeBackgroundColor({ tabId, color: '#3b4a6b' });
}

chrome.tabs.onRemoved.addListener((tabId) => { chrome.storage.session.remove(tabKey(tabId)); });

// ---- messages ---------------------------------------------------------------------------------

/** Messages a content script may send, for its own tab only. */
const fromContent = {
  /**
   * Sent by a content script as it starts: wakes the worker (a stopped one
   * starts loading the core while the page is read) and sets up the
   * script's messaging, so its first real request does not pay for that.
   */
  warm() {
    warmCore();
    return true;
  },
  /** Annotates a page for a content script that cannot run wasm (strict CSP in Chromium) or whose page is long. */
  async annotate(m, tabId, sender) {
    // Chromium's content script sends the page before its own settings read
    // has answered (see content.js, `EARLY`): a site the reader turned off
    // never reaches the core
    if (await siteOff(sender.url)) throw coded('site-off', 'Storyline is off on this site');
    // JSON text in, packed JSON text out (src/wasm/answer.rs; the content
    // script parses it once): the core's parser checks the shape and the
    // node count, so the tree is not parsed here a second time for `checkTree`
    if (typeof m.json !== 'string') throw new Error('the tree must come as JSON text');
    if (m.json.length > 2 * MAX_TREE_CHARS) throw new Error('tree too large');
    const bad = checkOptions(m.options);
    if (bad) throw new Error(bad);
    const c = await loadCore();
    const t = performance.now();
    const packed = c.annotateTreePacked(m.json, m.options);
    // the core's own time, for the content script's report (the rest of its "core" is the round trip)
    return { packed, ms: +(performance.now() - t).toFixed(2) };
  },
  /** Fingerprints a page's stories, for the same content scripts. */
  async fingerprint(m) {
    const tree = treeOf(m);
    const bad = checkTree(tree) || checkOptions(m.options);
    if (bad) throw new Error(bad);
    const c = await loadCore();
    return c.fingerprintTree(tree, m.options);
  },
  /** Records a story as read on this tab's page (the URL comes from the browser, not the message). */
  async record(m, tabId, sender) {
    const bad = checkPrint(m.story);
    if (bad) throw new Error(bad);
    if (sender.tab.incognito) throw new Error('private window: nothing is recorded');
    if ((await getSettings()).paused) throw new Error('recording is paused');
    return StoreHost.change((h) => h.record(m.story, String(sender.url).slice(0, 8192), Date.now()));
  },
  async query(m) {
    const bad = checkPrint(m.story);
    if (bad) throw new Error(bad);
    return (await StoreHost.open()).query(m.story);
  },
  async report(m, tabId) {
    const rep = cleanReport(m.report);
    if (!rep) throw new Error('bad report');
    await saveReport(tabId, rep);
    return true;
  },
};

/** Messages only the extension's own pages (popup, options) may send. */
const fromPages = {
  async tabState(m) {
    if (!Number.isInteger(m.tabId)) throw new Error('tabId');
    const r = await chrome.storage.session.get(tabKey(m.tabId));
    return r[tabKey(m.tabId)] ?? null;
  },
  async tabs() {
    const all = await chrome.storage.session.get(null);
    return Object.entries(all).filter(([k]) => k.startsWith('tab.'))
      .map(([k, v]) => ({ tabId: Number(k.slice(4)), url: v.url, title: v.title }));
  },
  async rerun(m) {
    if (!Number.isInteger(m.tabId)) throw new Error('tabId');
    return chrome.tabs.sendMessage(m.tabId, { type: 'annotate' });
  },
  getSettings: () => getSettings(),
  async setSite(m) {
    if (!isHost(m.host) || typeof m.enabled !== 'boolean') throw new Error('host/enabled');
    return updateSettings((s) => ({
      ...s, sitesOff: m.enabled ? s.sitesOff.filter((h) => h !== m.host) : [...s.sitesOff, m.host],
    }));
  },
  async setPaused(m) {
    if (typeof m.paused !== 'boolean') throw new Error('paused');
    return updateSettings((s) => ({ ...s, paused: m.paused }));
  },
  async setKinds(m) {
    if (!isObj(m.kinds) || !Object.entries(m.kinds).every(([k, v]) => KINDS.includes(k) && typeof v === 'boolean')) {
      throw new Error('kinds');
    }
    return updateSettings((s) => ({ ...s, kinds: { ...s.kinds, ...m.kinds } }));
  },
  storeInfo: () => StoreSlot.info(),
  storeStats: () => StoreHost.stats(),
  async clusters() {
    return (await StoreHost.open()).clusters();
  },
  /** Per stored story: what it adds to the earliest version read (paragraphs, names from its key terms). */
  async onlyHere(m) {
    if (!Array.isArray(m.ids) || m.ids.length > 100 || !m.ids.every(isCount)) throw new Error('ids');
    const h = await StoreHost.open();
    return Object.fromEntries(m.ids.map((id) => [id, h.onlyHere(id) ?? null]));
  },
  forgetStory(m) {
    if (!Number.isInteger(m.id) || m.id < 0) throw new Error('id');
    return StoreHost.change((h) => h.forgetStory(m.id));
  },
  forgetSite(m) {
    if (!isHost(m.site)) throw new Error('site');
    return StoreHost.change((h) => h.forgetSite(m.site));
  },
  forgetAll: () => StoreHost.forgetAll(),
  /** The store's own bytes as base64, for the history export (the CLI's store.bin, so imports check them like a store on disk). */
  async exportStore() {
    return serially(async () => toBase64((await StoreHost.open()).toBytes()));
  },
  /**
   * Merges an export's store bytes into the reader's store (the core keeps
   * every story already here and skips ones it holds). Bytes the core cannot
   * read change nothing; the reply says why.
   */
  importStore(m) {
    if (!isStr(m.b64, MAX_IMPORT_B64) || !m.b64.length) throw coded('not-a-store', 'no store data in the file');
    let bytes;
    try {
      bytes = fromBase64(m.b64);
    } catch (_) {
      throw coded('corrupt', 'the store data in the file is not base64');
    }
    return StoreHost.change((h) => {
      try {
        return h.importBytes(bytes);
      } catch (e) {
        throw coded((e && e.code) || 'corrupt', (e && e.message) || String(e));
      }
    });
  },
  /**
   * The highlights of a tab's page as W3C Web Annotation JSON-LD (an object): the
   * page's content script sends its text as a tree, the core here builds
   * the annotations (only the kinds the reader has on).
   */
  async exportHighlights(m) {
    if (!Number.isInteger(m.tabId)) throw new Error('tabId');
    const page = await chrome.tabs.sendMessage(m.tabId, { type: 'tree' });
    if (!isObj(page) || typeof page.json !== 'string' || !isStr(page.url, 8192)) throw new Error('the page did not answer');
    const tree = treeOf(page);
    const bad = checkTree(tree);
    if (bad) throw new Error(bad);
    const kinds = Object.entries((await getSettings()).kinds).filter(([, on]) => on).map(([k]) => k);
    const c = await loadCore();
    return c.webAnnotationsTree(page.json, { url: page.url, created: new Date().toISOString(), kinds });
  },
};

chrome.runtime.onMessage.addListener((m, sender, sendResponse) => {
  if (sender.id !== chrome.runtime.id || !isObj(m) || typeof m.type !== 'string') return false;
  const isPage = typeof sender.url === 'string' && sender.url.startsWith(EXT_ORIGIN);
  const tabId = sender.tab && Number.isInteger(sender.tab.id) ? sender.tab.id : null;
  let handler = null;
  if (isPage && Object.hasOwn(fromPages, m.type)) handler = (x) => fromPages[m.type](x);
  else if (!isPage && tabId !== null && Object.hasOwn(fromContent, m.type)) handler = (x) => fromContent[m.type](x, tabId, sender);
  if (!handler) {
    sendResponse({ ok: false, error: `not allowed: ${m.type.slice(0, 40)}` });
    return false;
  }
  Promise.resolve()
    .then(() => handler(m))
    .then((result) => sendResponse({ ok: true, result }), (err) => sendResponse({
      ok: false, error: String((err && err.message) || err), code: (err && typeof err.code === 'string') ? err.code : undefined,
    }));
  return true;
});
