// The in-page orchestrator: read the page (StorylineTree), run the core, wrap
// the marks (StorylineHighlight), watch for content that arrives later, and
// report a summary to the background worker for the popup.
//
// The core runs here, in the content script, when the page lets WebAssembly
// compile. Chromium applies the page's CSP to wasm in content scripts, so on a
// page with a strict CSP compiling fails; then the serialised tree goes to the
// background worker, which runs the same core and sends the marks back. No
// request ever leaves the browser: the wasm comes from the extension package.
'use strict';

(() => {
  if (globalThis.__storylineStarted) return; // injected twice into one world
  globalThis.__storylineStarted = true;
  performance.mark('storyline:start'); // for scripts/bench-browser.mjs

  const KINDS = ['person', 'organization', 'place', 'date', 'source'];
  const DEFAULT_KINDS = Object.fromEntries(KINDS.map((k) => [k, true]));
  const QUIET_MS = 400; // a burst of mutations is over after this much quiet
  const MAX_WAIT_MS = 2000; // ... or after this long anyway (endless tickers)
  const MAX_ERRORS = 10;
  const msg = (k, subs) => chrome.i18n.getMessage(k, subs) || k;

  const tooltip = new StorylineHighlight.Tooltip(document);
  const ignore = new Set([tooltip.host]);
  const state = {
    enabled: false,
    kinds: { ...DEFAULT_KINDS },
    mode: null, // 'page' (wasm in the content script) or 'worker' (background)
    url: location.href,
    stories: [],
    counts: Object.fromEntries(KINDS.map((k) => [k, 0])),
    passes: [],
    errors: [],
  };
  const processed = new WeakSet(); // text nodes already read by a pass

  // ---- the core -----------------------------------------------------------

  let localCore = null; // Promise<wasm_bindgen> | null

  function loadLocal() {
    if (!localCore) {
      localCore = (async () => {
        if (typeof wasm_bindgen === 'undefined') throw new Error('wasm glue missing');
        await wasm_bindgen({ module_or_path: chrome.runtime.getURL('storyline_bg.wasm') });
        return wasm_bindgen;
      })();
    }
    return localCore;
  }

  let loadMs = 0; // time spent compiling the wasm in the last pass

  async function runCore(tree, options) {
    loadMs = 0;
    if (state.mode !== 'worker') {
      let core = null;
      const t = performance.now();
      try {
        core = await loadLocal();
        loadMs = performance.now() - t;
      } catch (_) {
        state.mode = 'worker'; // e.g. the page's CSP forbids wasm here (Chromium)
      }
      if (core) {
        state.mode = 'page';
        // as JSON text: one string crosses the wasm door much faster than
        // thousands of small objects
        return core.annotateTree(JSON.stringify(tree), options);
      }
    }
    const reply = await chrome.runtime.sendMessage({ type: 'annotate', tree, options });
    if (!reply || !reply.ok) throw new Error(`background core: ${reply ? reply.error : 'no reply'}`);
    return reply.result;
  }

  // ---- labels (tooltip text) -----------------------------------------------

  let dateFormat = null; // one formatter: building one costs about a millisecond

  function dateText(value) {
    if (typeof value !== 'string') return '';
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (!m) return value;
    const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
    if (Number.isNaN(d.getTime())) return value;
    dateFormat ??= new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeZone: 'UTC' });
    const f = dateFormat.format(d);
    return `${f} (${value})`;
  }

  function kindOf(e, role) {
    if (role === 'actor') return e.type;
    if (role === 'date') return 'date';
    return 'source';
  }

  function labelOf(e, role) {
    switch (role) {
      case 'actor': {
        const k = msg(`kind_${e.type}`);
        return e.name && e.name !== e.text ? `${k}: ${e.name}` : k;
      }
      case 'date':
        return e.value ? `${msg('kind_date')}: ${e.value}` : msg('kind_date');
      case 'source': {
        const who = e.actor && e.actor !== e.text ? ` (${e.actor})` : '';
        return `${msg(e.named ? 'kind_source_named' : 'kind_source_unnamed')}${who}`;
      }
      case 'content':
        return e.text ? msg('kind_content_from', [e.text]) : msg('kind_content');
      default:
        return '';
    }
  }

  // ---- one pass ---------------------------------------------------------------

  function storyKey(s) {
    return `${s.title || ''}\u0000${s.published || ''}\u0000${s.byline || ''}`;
  }

  function str(v, max) {
    return typeof v === 'string' ? v.slice(0, max) : null;
  }

  async function pass(kind, roots) {
    const t0 = performance.now();
    const ser = kind === 'full'
      ? StorylineTree.serializeDocument(document, ignore)
      : StorylineTree.serializeRoots(document, roots, ignore);
    const expected = [];
    let fresh = 0;
    ser.texts.forEach((node, i) => {
      expected[i] = ser.tree.n[i].x;
      if (!ser.frozen[i]) {
        fresh++;
        processed.add(node);
      }
    });
    if (location.href !== state.url) {
      // single-page navigation: a new page as far as the reader is concerned
      state.url = location.href;
      state.stories = [];
      for (const k of KINDS) state.counts[k] = 0;
    }
    if (!fresh) return;
    // late content has no metadata of its own: date it by the page's story
    const published = kind === 'late' ? state.stories.find((s) => s.published)?.published : undefined;
    const options = published ? { published, url: location.href } : { url: location.href };
    const t1 = performance.now();
    const out = await runCore(ser.tree, options);
    const t2 = performance.now();

    const entities = Array.isArray(out.entities) ? out.entities : [];
    const marks = [];
    for (const m of Array.isArray(out.marks) ? out.marks : []) {
      const e = entities[m.entity];
      if (!e) continue;
      const k = kindOf(e, m.role);
      if (!state.kinds[k]) continue;
      marks.push({
        node: m.node, start: m.start, end: m.end, role: m.role, type: e.type, label: labelOf(e, m.role),
        // the tooltip's longer text, built only when shown (formatting dates is not free)
        detail: m.role === 'date' && e.value ? () => `${msg('kind_date')}: ${dateText(e.value)}` : null,
      });
    }
    const queued = observer.takeRecords(); // page mutations so far: keep
    const made = StorylineHighlight.wrapAll(ser.texts, expected, marks, (i) => !!ser.frozen[i]);
    observer.takeRecords(); // our own wrapping: drop
    if (queued.length) onMutations(queued);
    const t3 = performance.now();
    performance.mark('storyline:pass-end');

    if (kind === 'full') {
      // a full pass reads the whole page again: it replaces what earlier passes found
      state.stories = [];
      for (const k of KINDS) state.counts[k] = 0;
    }
    for (const e of entities) {
      const k = e.kind === 'actor' ? e.type : e.kind;
      if (k in state.counts) state.counts[k]++;
    }
    const known = new Set(state.stories.map(storyKey));
    for (const s of Array.isArray(out.stories) ? out.stories : []) {
      const story = {
        title: str(s.title, 300), byline: str(s.byline, 200), published: str(s.published, 40), site: str(s.site, 200),
      };
      if (!known.has(storyKey(story)) && state.stories.length < 100) {
        known.add(storyKey(story));
        state.stories.push(story);
      }
    }
    state.passes.push({
      kind, textNodes: fresh, entities: entities.length, marks: made,
      ms: {
        read: +(t1 - t0).toFixed(2), load: +loadMs.toFixed(2), core: +(t2 - t1 - loadMs).toFixed(2), wrap: +(t3 - t2).toFixed(2),
      },
    });
    if (state.passes.length > 50) state.passes.splice(1, 1);
  }

  // ---- scheduling -----------------------------------------------------------------

  let queue = Promise.resolve();
  function enqueue(kind, roots) {
    queue = queue.then(() => pass(kind, roots)).catch((err) => {
      if (state.errors.length < MAX_ERRORS) state.errors.push(String((err && err.message) || err).slice(0, 300));
    }).then(report);
    return queue;
  }

  const pending = new Set();
  let quietTimer = 0;
  let firstPending = 0;

  function onMutations(records) {
    if (!state.enabled) return;
    for (const r of records) {
      for (const n of r.addedNodes) {
        if (ignore.has(n)) continue;
        if (n.nodeType === Node.TEXT_NODE && processed.has(n)) continue;
        if (n.nodeType !== Node.TEXT_NODE && n.nodeType !== Node.ELEMENT_NODE) continue;
        if (StorylineHighlight.isMark(n)) continue;
        pending.add(n);
      }
    }
    if (!pending.size) return;
    const now = performance.now();
    if (!firstPending) firstPending = now;
    clearTimeout(quietTimer);
    const wait = Math.max(0, Math.min(QUIET_MS, MAX_WAIT_MS - (now - firstPending)));
    quietTimer = setTimeout(flush, wait);
  }

  function flush() {
    firstPending = 0;
    const nodes = Array.from(pending).filter((n) => n.isConnected);
    pending.clear();
    nodes.sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
    const roots = [];
    for (const n of nodes) {
      const last = roots[roots.length - 1];
      if (last && last.contains(n)) continue; // already inside an earlier root
      if (StorylineTree.insideOurMark(n)) continue;
      roots.push(n);
    }
    if (roots.length) enqueue('late', roots);
  }

  const observer = new MutationObserver(onMutations);

  // ---- settings, start, stop ----------------------------------------------------------

  function readSettings(raw) {
    const s = raw && typeof raw === 'object' ? raw : {};
    const kinds = { ...DEFAULT_KINDS };
    if (s.kinds && typeof s.kinds === 'object') for (const k of KINDS) if (s.kinds[k] === false) kinds[k] = false;
    const off = Array.isArray(s.sitesOff) ? s.sitesOff : [];
    return { kinds, enabled: !off.includes(location.hostname) };
  }

  function start() {
    state.enabled = true;
    tooltip.attach();
    if (document.body) observer.observe(document.body, { childList: true, subtree: true });
    return enqueue('full');
  }

  function stop() {
    state.enabled = false;
    observer.disconnect();
    clearTimeout(quietTimer);
    pending.clear();
    tooltip.detach();
    StorylineHighlight.unwrapAll(document);
  }

  async function apply(raw) {
    const s = readSettings(raw);
    const kindsChanged = KINDS.some((k) => s.kinds[k] !== state.kinds[k]);
    state.kinds = s.kinds;
    if (s.enabled && !state.enabled) return start();
    if (!s.enabled && state.enabled) {
      stop();
      return report();
    }
    if (s.enabled && kindsChanged) {
      observer.takeRecords();
      StorylineHighlight.unwrapAll(document);
      observer.takeRecords();
      for (const k of KINDS) state.counts[k] = 0;
      return enqueue('full');
    }
    return report();
  }

  // ---- reporting and messages -----------------------------------------------------------

  function summary() {
    return {
      url: location.href,
      host: location.hostname,
      title: document.title.slice(0, 300),
      enabled: state.enabled,
      mode: state.mode,
      stories: state.stories,
      counts: state.counts,
      marks: document.querySelectorAll(`mark.${StorylineHighlight.MARK_CLASS}`).length,
      passes: state.passes,
      errors: state.errors,
      // a private window: whatever records reading history must record nothing
      incognito: chrome.extension?.inIncognitoContext === true,
    };
  }

  function report() {
    return chrome.runtime.sendMessage({ type: 'report', report: summary() }).catch(() => {});
  }

  chrome.runtime.onMessage.addListener((m, sender, sendResponse) => {
    if (sender.id !== chrome.runtime.id || !m || typeof m !== 'object') return false;
    if (m.type === 'state') {
      sendResponse(summary());
      return false;
    }
    if (m.type === 'annotate' && state.enabled) {
      enqueue('full').then(() => sendResponse(summary()));
      return true;
    }
    return false;
  });

  chrome.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && changes.settings) apply(changes.settings.newValue);
  });

  chrome.storage.local.get('settings').then((r) => apply(r.settings), () => apply(null));
})();
