// The in-page orchestrator: read the page (StorylineTree), run the core, wrap
// the marks (StorylineHighlight), watch for content that arrives later, and
// report a summary to the background worker for the popup.
//
// The core runs in the background worker (off the page's main thread: see
// `runCore`), fed the serialised tree as one JSON string; in the content
// script only when the worker does not answer (and the page's CSP lets
// WebAssembly compile: Chromium applies the page's CSP to wasm in content
// scripts). Everything done here on the page's thread (reading the DOM,
// building marks, wrapping) runs in short slices with yields in between.
// No request ever leaves the browser: the wasm comes from the extension package.
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
  // chrome.i18n.getMessage costs tens of microseconds a call in Chromium,
  // and a long page asks for a label per mark: each message is looked up
  // once, with numbered stand-ins (private-use characters) for its substitutions, filled in here
  // (the substitutions are plain text: the result only ever reaches the DOM as text)
  const messages = new Map();
  const msg = (k, subs) => {
    const n = Array.isArray(subs) ? subs.length : 0;
    const key = `${k}/${n}`;
    let t = messages.get(key);
    if (t === undefined) {
      t = chrome.i18n.getMessage(k, n ? subs.map((_, i) => `\uE000${i}\uE001`) : undefined) || k;
      messages.set(key, t);
    }
    return n ? t.replace(/\uE000(\d+)\uE001/g, (_, i) => String(subs[+i])) : t;
  };

  const tooltip = new StorylineHighlight.Tooltip(document);
  const paint = new StorylineHighlight.Paint(document);
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

  let boot = null; // Chromium's first pass: sets up the listeners and the settings read (see `EARLY`)
  let loadMs = 0; // time spent compiling the wasm in the last pass
  let wasmMs = 0; // the core's own time in the last pass (the worker's figure when it ran there)
  let answerBytes = 0; // the packed answer's length (UTF-16 units of its JSON text)
  let workerGone = false; // the worker did not answer once: the core runs here from then on

  /**
   * Runs the core on `json`, the tree as JSON text (one string crosses the
   * message channel and the wasm door fastest). The background worker runs
   * it, off the page's main thread: however long the page, and however
   * slowly a fresh wasm instance runs its first call (V8 compiles lazily:
   * hundreds of milliseconds in a page's first pass, paid again on every
   * page load in the content script, once per worker life there), the
   * page's own thread is never blocked by the core. Only when the worker
   * does not answer does the core run here (when the page lets wasm compile).
   */
  async function runCore(json, options) {
    loadMs = 0;
    wasmMs = 0;
    if (!workerGone) {
      const sent = chrome.runtime.sendMessage({ type: 'annotate', json, options }).catch(() => null);
      boot?.();
      const reply = await sent;
      if (reply && reply.ok && reply.result && typeof reply.result.packed === 'string') {
        state.mode = 'worker';
        replyAt = performance.now();
        wasmMs = +reply.result.ms || 0;
        return unpack(reply.result.packed);
      }
      if (reply && reply.code === 'site-off') return null; // the settings read turns the page off too
      if (reply && !reply.ok) throw new Error(`background core: ${reply.error}`);
      workerGone = true;
    }
    const t = performance.now();
    const core = await loadLocal();
    loadMs = performance.now() - t;
    state.mode = 'page';
    const packed = core.annotateTreePacked(json, options);
    replyAt = performance.now();
    wasmMs = replyAt - t - loadMs;
    return unpack(packed);
  }

  // The core's packed answer (src/wasm/answer.rs): integers per entity and
  // per mark, strings as indices into one table.
  const ENTITY_KINDS = ['actor', 'date', 'source'];
  const ROLES = ['actor', 'date', 'source', 'content'];
  const ENTITY_FIELDS = 8; // kind, type, start, end, text, aux, cue start, named
  const MARK_FIELDS = 5; // entity, role, node, start, end

  /**
   * The packed answer read back: the stories, one object per entity in the
   * shape the CLI prints (the fields this script reads), and the marks left
   * flat (`MARK_FIELDS` integers each), read where they are used.
   */
  function unpack(text) {
    answerBytes = text.length;
    const a = JSON.parse(text);
    const strings = Array.isArray(a?.strings) ? a.strings : [];
    const str = (i) => (Number.isInteger(i) && i >= 0 && i < strings.length ? strings[i] : null);
    const num = (v) => (Number.isInteger(v) && v >= 0 ? v : null);
    const ev = Array.isArray(a?.entities) ? a.entities : [];
    const entities = [];
    for (let i = 0; i + ENTITY_FIELDS <= ev.length; i += ENTITY_FIELDS) {
      const kind = ENTITY_KINDS[ev[i]];
      const e = { kind, start: num(ev[i + 2]), end: num(ev[i + 3]), text: str(ev[i + 4]) };
      const aux = str(ev[i + 5]);
      if (kind === 'actor') {
        e.type = str(ev[i + 1]);
        if (aux !== null) e.name = aux;
      } else if (kind === 'date') {
        e.type = str(ev[i + 1]);
        e.value = aux;
      } else if (kind === 'source') {
        if (aux !== null) e.actor = aux;
        const cue = num(ev[i + 6]);
        e.cue = cue === null ? null : { start: cue };
        e.named = ev[i + 7] === 1;
      }
      entities.push(e);
    }
    return {
      stories: Array.isArray(a?.stories) ? a.stories : [],
      entities,
      marks: Array.isArray(a?.marks) ? a.marks : [],
    };
  }

  // ---- slicing ----------------------------------------------------------------------
  // Work on the page's main thread (reading the DOM, building the marks,
  // wrapping) runs in slices of SLICE_MS with a yield in between, so the
  // page's own tasks, input and rendering get the thread back well within
  // 50 ms (issue 9: no long task, even on a 50,000-word page).

  const SLICE_MS = 8;
  // The paint's slices are longer: between two slices the browser may render
  // a frame before the next one starts (a 6k page's 1,347 ranges took 3-4
  // slices of 8 ms, and the yields as long again, to the last highlight).
  // The first slice runs in the task the core's answer arrived in, to
  // PAINT_TASK_MS after it arrived (parsing and grouping included), which
  // holds a 6k page's whole paint; later ones (a 50k page) take
  // PAINT_SLICE_MS, as before, for the 50 ms long-task bar under load.
  const PAINT_TASK_MS = 30;
  const PAINT_SLICE_MS = 8;
  let replyAt = 0; // when the core's answer arrived (performance.now())
  let generation = 0; // bumped by stop() and by a change of kinds: a pass of an older generation gives up

  const pause = typeof globalThis.scheduler?.yield === 'function'
    ? () => globalThis.scheduler.yield()
    : (() => {
      // a message to ourselves: unlike setTimeout, never clamped or throttled
      const ch = new MessageChannel();
      const waiting = [];
      ch.port1.onmessage = () => waiting.shift()?.();
      return () => new Promise((ok) => {
        waiting.push(ok);
        ch.port2.postMessage(0);
      });
    })();

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

  // ---- seen elsewhere --------------------------------------------------------------
  // After a full pass the page's stories are fingerprinted (here, or by the
  // worker when the page forbids wasm) and the worker's store is asked about
  // each. A story read before gets a badge at its start: an extension-owned
  // element whose text lives in a closed shadow root, so the page can neither
  // read the reader's history from it nor see its own text change. Paragraphs
  // new against what was read are marked with a class (no text added).
  // Reading is recorded only when the reader reads: the story in view for
  // `dwellMs` in all, or scrolled through from its first paragraph to its last.

  const NEW_CLASS = 'storyline-new';
  const BADGE_ATTR = 'data-storyline-badge';

  /** The page's story fingerprints, from the worker (or here, as `runCore`). */
  async function fingerprints(ser, options) {
    if (!workerGone) {
      const reply = await chrome.runtime.sendMessage({ type: 'fingerprint', json: ser.json, options }).catch(() => null);
      if (reply && reply.ok) return reply.result;
      if (reply) throw new Error(`background fingerprint: ${reply.error}`);
      workerGone = true;
    }
    return (await loadLocal()).fingerprintTree(ser.tree, options);
  }

  function blockOf(node) {
    const el = node && (node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement);
    return el ? (el.closest('p, h1, h2, h3, h4, h5, h6, li, blockquote, dd, td, figcaption, div') || el) : null;
  }

  let shortDate = null;
  function dayText(seconds) {
    if (!Number.isFinite(seconds) || seconds <= 0) return '';
    shortDate ??= new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });
    return shortDate.format(new Date(seconds * 1000));
  }

  function badgeText(q) {
    const best = q.matches.find((m) => m.relation !== 'related' && m.url !== location.href);
    if (!best) return null;
    const site = best.site || (() => { try { return new URL(best.url).hostname; } catch (_) { return '?'; } })();
    const when = dayText(best.first_seen);
    if (best.relation === 'same') return { relation: 'same', text: msg('seenSame', [site, when]) };
    if (best.relation === 'contains') return { relation: 'contains', text: msg('seenContains', [site, when]) };
    const read = Math.max(0, q.paragraphs - q.new_paragraphs.length);
    return { relation: best.relation, text: msg('seenContained', [site, when, String(read), String(q.paragraphs)]) };
  }

  function makeBadge(text) {
    const host = document.createElement('storyline-badge');
    host.setAttribute(BADGE_ATTR, '');
    host.setAttribute('role', 'note');
    host.style.cssText = 'all:initial;display:block;margin:.3em 0;';
    const root = host.attachShadow({ mode: 'closed' });
    const style = document.createElement('style');
    style.textContent = `
      .b { display: inline-block; font: 12px/1.4 system-ui, sans-serif; padding: .15em .6em; border-radius: 1em;
        color: #1d2b4f; background: #e3e9f7; border: 1px solid #9fb0d8; }
      @media (prefers-color-scheme: dark) { .b { color: #e3e9f7; background: #263357; border-color: #4c5f91; } }`;
    const b = document.createElement('span');
    b.className = 'b';
    b.textContent = text;
    root.append(style, b);
    ignore.add(host);
    return host;
  }

  const seen = {
    dwellMs: 8000,
    paused: false,
    stories: [], // { print, els, query, badge, recorded, shown }
    io: null,
    timer: 0,

    clear() {
      this.io?.disconnect();
      this.io = null;
      clearInterval(this.timer);
      this.timer = 0;
      for (const s of this.stories) {
        s.badge?.remove();
        if (s.badge) ignore.delete(s.badge);
        for (const el of s.marked || []) el.classList.remove(NEW_CLASS);
      }
      this.stories = [];
    },

    /** Every fingerprinted story with what the store said about it, for the popup's cluster view. */
    found() {
      return this.stories.filter((s) => s.query).slice(0, 50).map((s) => ({
        index: s.print.page_index,
        title: s.print.title || null,
        published: s.print.published || null,
        paragraphs: s.query.paragraphs,
        newParagraphs: s.query.new_paragraphs.length,
        dates: s.dates,
        onlyHere: s.onlyHere || null,
        matches: s.query.matches.filter((m) => m.url !== location.href).slice(0, 30).map((m) => ({
          id: m.id, relation: m.relation, score: m.score, url: m.url, site: m.site, title: m.title,
          published: m.published, firstSeen: m.first_seen, why: m.why ?? null,
        })),
      }));
    },

    summary() {
      return this.stories.filter((s) => s.shown).map((s) => ({
        index: s.print.page_index, title: s.print.title || null, relation: s.shown.relation, text: s.shown.text,
        newParagraphs: s.marked ? s.marked.length : 0,
      })).slice(0, 100);
    },

    /** `parents`: each text node's parent element, taken before wrapping split the nodes. */
    async check(ser, parents, options, dated = [], entities = []) {
      if (chrome.extension?.inIncognitoContext === true) return; // nothing read in private windows is kept or shown
      this.clear();
      let prints = await fingerprints(ser, options);
      if (!Array.isArray(prints)) return;
      prints = prints.slice(0, 100);
      for (const p of prints) {
        const { nodes, ...print } = p;
        const els = (Array.isArray(nodes) ? nodes : []).map((i) => blockOf(Number.isInteger(i) ? parents[i] : null));
        if (!els.some(Boolean) || !Array.isArray(print.paras) || !print.paras.length) continue;
        const first = Math.min(...nodes.filter(Number.isInteger));
        this.stories.push({
          print, els, first, dates: [], query: null, badge: null, recorded: false, shown: null, inView: 0, seenFirst: false, seenLast: false,
        });
      }
      // a date belongs to the story whose first paragraph is the last one before it
      const starts = this.stories.map((s) => s.first).sort((a, b) => a - b);
      for (const [node, value] of dated) {
        const at = starts.filter((f) => f <= node).pop();
        const s = at === undefined ? null : this.stories.find((x) => x.first === at);
        if (s && s.dates.length < 20 && !s.dates.includes(value)) s.dates.push(value);
      }
      for (const s of this.stories) {
        const r = await chrome.runtime.sendMessage({ type: 'query', story: s.print }).catch(() => null);
        if (r && r.ok) {
          this.show(s, r.result);
          s.onlyHere = onlyHereOf(s.print, r.result, entities);
        }
      }
      this.watch();
    },

    show(s, q) {
      s.query = q;
      const b = q && Array.isArray(q.matches) ? badgeText(q) : null;
      if (!b) return;
      s.shown = b;
      const first = storyHead(s.els.find(Boolean));
      s.badge = makeBadge(b.text);
      s.badge.setAttribute('aria-label', msg('seenLabel'));
      first.before(s.badge);
      if (q.new_paragraphs.length && q.new_paragraphs.length < q.paragraphs) {
        s.marked = [];
        for (const i of q.new_paragraphs) {
          const el = s.els[i];
          if (el && !s.marked.includes(el)) {
            el.classList.add(NEW_CLASS);
            el.setAttribute('data-storyline-new', msg('seenNewPara'));
            s.marked.push(el);
          }
        }
      }
    },

    watch() {
      if (!this.stories.length || typeof IntersectionObserver !== 'function') return;
      const byEl = new Map();
      for (const s of this.stories) s.els.forEach((el, i) => { if (el) byEl.set(el, [...(byEl.get(el) || []), [s, i]]); });
      const visible = new Set();
      this.io = new IntersectionObserver((entries) => {
        for (const e of entries) {
          for (const [s, i] of byEl.get(e.target) || []) {
            if (e.isIntersecting) {
              visible.add(s);
              if (i === 0) s.seenFirst = true;
              // scrolled through: the end reached after the start has gone
              // up out of view (a story that fits the screen waits for the dwell)
              const head = s.els.find(Boolean);
              if (i === s.els.length - 1 && s.seenFirst && head && head.getBoundingClientRect().bottom < 0) s.seenLast = true;
            }
          }
        }
        for (const s of visible) if (!s.els.some((el) => el && isInView(el))) visible.delete(s);
        this.tick(visible, 0);
      });
      for (const el of byEl.keys()) this.io.observe(el);
      const STEP = 250;
      this.timer = setInterval(() => this.tick(visible, STEP), STEP);
    },

    tick(visible, step) {
      if (document.visibilityState !== 'visible') return;
      for (const s of visible) {
        if (s.recorded) continue;
        s.inView += step;
        if (s.inView >= this.dwellMs || s.seenLast) this.record(s);
      }
    },

    record(s) {
      if (this.paused || s.recorded) return;
      s.recorded = true;
      chrome.runtime.sendMessage({ type: 'record', story: s.print }).then((r) => {
        if (r && r.ok) state.recorded = (state.recorded || 0) + 1;
        else if (state.errors.length < MAX_ERRORS) state.errors.push(`record: ${r ? r.error : 'no reply'}`.slice(0, 300));
        report();
      }, () => {});
    },
  };

  /**
   * What this story adds to the earliest version of it the reader met: the
   * paragraphs that version lacks (the store's alignment), and the actors,
   * dates and sources named in those paragraphs and nowhere else in this
   * story. The earlier version's own text is not stored, so "nowhere else"
   * is judged on this story: a name the new paragraphs share with the old
   * ones is not counted as new.
   */
  const PRONOUN = /^\s*(he|she|they|it|we|i|you|him|her|them)\s*$/i;
  function onlyHereOf(print, q, entities) {
    const versions = (q.matches || []).filter((m) => m.relation !== 'related' && m.url !== location.href);
    if (!versions.length || !Array.isArray(print.paras)) return null;
    const earliest = versions.reduce((a, b) => ((b.first_seen || 0) < (a.first_seen || 0) ? b : a));
    const had = new Set(earliest.seen_paragraphs || []);
    const fresh = print.paras.filter((p) => !had.has(p.index));
    if (!fresh.length) return { paragraphs: 0, site: earliest.site, actors: [], dates: [], sources: [] };
    const where = (at) => print.paras.find((p) => at >= p.start && at < p.end);
    const keyOf = (e) => {
      if (e.kind === 'actor') return ['actors', (e.name || e.text || '').trim()];
      if (e.kind === 'date') return ['dates', e.value ? `${(e.text || '').trim()} (${e.value})` : (e.text || '').trim()];
      // a pronoun the tagger could not resolve names no one
      if (e.kind === 'source') return ['sources', e.actor || (PRONOUN.test(e.text || '') ? '' : (e.text || '').trim())];
      return [null, ''];
    };
    const inNew = new Map();
    const inOld = new Set();
    for (const e of entities) {
      const at = e.kind === 'source' ? (e.start ?? e.cue?.start) : e.start;
      const p = Number.isInteger(at) ? where(at) : null;
      const [list, name] = keyOf(e);
      if (!p || !list || !name) continue;
      const key = `${list}\u0000${(e.kind === 'date' && e.value) ? e.value : name.toLowerCase()}`;
      if (had.has(p.index)) inOld.add(key);
      else if (!inNew.has(key)) inNew.set(key, [list, name]);
    }
    const out = { paragraphs: fresh.length, site: earliest.site, actors: [], dates: [], sources: [] };
    for (const [key, [list, name]] of inNew) if (!inOld.has(key) && out[list].length < 8) out[list].push(name);
    return out;
  }

  /** The story's headline when it sits just before its first paragraph (a dateline between them at most). */
  function storyHead(el) {
    let e = el.previousElementSibling;
    for (let i = 0; e && i < 2; i++, e = e.previousElementSibling) if (/^H[1-3]$/.test(e.tagName)) return e;
    return el;
  }

  function isInView(el) {
    const r = el.getBoundingClientRect();
    return r.bottom > 0 && r.top < innerHeight && r.width > 0;
  }

  // ---- one pass ---------------------------------------------------------------

  function storyKey(s) {
    return `${s.title || ''}\u0000${s.published || ''}\u0000${s.byline || ''}`;
  }

  function str(v, max) {
    return typeof v === 'string' ? v.slice(0, max) : null;
  }

  /**
   * Puts the groups (text node index, marks), in document order, on screen
   * first, then the rest of the page below, then above. Two binary searches
   * over the groups' boxes (about 2 log n layout reads, all before the
   * first change, so no forced relayout), on the assumption that document
   * order is mostly top to bottom; when it is not, only the order suffers.
   */
  function visibleFirst(groups, texts) {
    const box = (g) => texts[g[0]]?.parentElement?.getBoundingClientRect() ?? null;
    const find = (from, past) => { // first index from `from` whose box is not yet `past`
      let lo = from;
      let hi = groups.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        const r = box(groups[mid]);
        if (r && past(r)) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    const a = find(0, (r) => r.bottom <= 0); // above the screen before a
    const b = find(a, (r) => r.top < innerHeight); // on screen from a to b
    return a === 0 ? groups : [...groups.slice(a, b), ...groups.slice(b), ...groups.slice(0, a)];
  }

  /**
   * `settled`: for the first pass started before the settings were read
   * (`EARLY`), a promise of whether the page stays on; nothing is shown
   * before it says so.
   */
  async function pass(kind, roots, settled) {
    const gen = generation;
    const alive = () => gen === generation;
    const t0 = performance.now();
    if (kind === 'full') performance.mark('storyline:pass-start'); // settings read (scripts/bench-browser.mjs)
    const ser = kind === 'full'
      ? await StorylineTree.serializeDocumentSliced(document, ignore, SLICE_MS, pause, alive)
      : StorylineTree.serializeRoots(document, roots, ignore);
    if (!ser) return;
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
    const parents = kind === 'full' ? ser.texts.map((n) => n.parentElement) : null; // before wrapping splits nodes
    const t1 = performance.now();
    ser.json = JSON.stringify(ser.tree);
    const out = await runCore(ser.json, options);
    if (settled && !(await settled)) return;
    if (!alive() || !out) return;
    const t2 = performance.now();

    const { entities, marks: flat } = out;
    // the marks of the kinds shown, with what painting and wrapping need;
    // the tooltip's label is made only when the mark is wrapped
    const marks = [];
    for (let j = 0; j + MARK_FIELDS <= flat.length; j += MARK_FIELDS) {
      const e = entities[flat[j]];
      const role = ROLES[flat[j + 1]];
      if (!e || !role || !state.kinds[kindOf(e, role)]) continue;
      marks.push({ node: flat[j + 2], start: flat[j + 3], end: flat[j + 4], role, type: e.type, e });
    }
    const groups = visibleFirst(StorylineHighlight.groupByNode(marks, (i) => !!ser.frozen[i]), ser.texts);
    const t3 = performance.now();

    // first, every highlight painted (CSS Custom Highlight API: no DOM
    // change), what is on screen first, in slices on a long page
    let painted = 0;
    paint.clear(); // what an earlier pass painted and had not wrapped (it gave up): this pass paints it again
    if (paint.ok) {
      for (let g = 0; g < groups.length;) {
        if (g > 0) {
          await pause();
          if (!alive()) return;
        }
        const now = performance.now();
        const end = g === 0 ? Math.max(replyAt + PAINT_TASK_MS, now + 2) : now + PAINT_SLICE_MS;
        do {
          painted += paint.paintGroup(ser.texts, expected, groups[g][0], groups[g][1]);
          g++;
        } while (g < groups.length && ((g & 31) !== 0 || performance.now() < end));
        paint.show();
      }
    }
    const t4 = performance.now();
    if (paint.ok) performance.mark('storyline:pass-end'); // every highlight in place (scripts/bench-browser.mjs)

    // then the <mark>s, for keyboard focus and tooltips, in the same order;
    // between slices the page may change: a node changed since it was read
    // is left alone
    let made = 0;
    for (let g = 0; g < groups.length;) {
      if (g > 0 || paint.ok) {
        await pause();
        if (!alive()) return;
      }
      const end = performance.now() + SLICE_MS;
      const queued = observer.takeRecords(); // page mutations so far: keep
      do {
        const [i, list] = groups[g];
        for (const m of list) {
          m.label = labelOf(m.e, m.role);
          // the tooltip's longer text, built only when shown (formatting dates is not free)
          const v = m.e.value;
          m.detail = m.role === 'date' && v ? () => `${msg('kind_date')}: ${dateText(v)}` : null;
        }
        made += StorylineHighlight.wrapGroup(ser.texts, expected, i, list);
        g++;
      } while (g < groups.length && ((g & 15) !== 0 || performance.now() < end));
      observer.takeRecords(); // our own wrapping: drop
      if (queued.length) onMutations(queued);
    }
    paint.clear(); // every range painted now points into a Text node the marks replaced (or one that changed)
    const t5 = performance.now();
    if (!paint.ok) performance.mark('storyline:pass-end'); // no Highlight API: the last mark is the last highlight
    performance.mark('storyline:wrap-end');

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
    for (const s of out.stories) {
      const story = {
        title: str(s.title, 300), byline: str(s.byline, 200), published: str(s.published, 40), site: str(s.site, 200),
      };
      if (!known.has(storyKey(story)) && state.stories.length < 100) {
        known.add(storyKey(story));
        state.stories.push(story);
      }
    }
    if (kind === 'full') {
      // dates the page mentions, by text node, for the cluster timeline
      const dated = [];
      for (let j = 0; j + MARK_FIELDS <= flat.length; j += MARK_FIELDS) {
        const e = entities[flat[j]];
        if (ROLES[flat[j + 1]] === 'date' && e && typeof e.value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(e.value)) dated.push([flat[j + 2], e.value]);
      }
      await seen.check(ser, parents, options, dated, entities);
      performance.mark('storyline:full-end'); // the whole first pass, seen-elsewhere included (scripts/bench-browser.mjs)
    }
    state.passes.push({
      kind, textNodes: fresh, entities: entities.length, marks: made,
      ms: {
        read: +(t1 - t0).toFixed(2), load: +loadMs.toFixed(2), core: +(t2 - t1 - loadMs).toFixed(2), wasm: +wasmMs.toFixed(2),
        group: +(t3 - t2).toFixed(2), paint: +(t4 - t3).toFixed(2), wrap: +(t5 - t4).toFixed(2),
      },
      painted, answerBytes,
    });
    if (state.passes.length > 50) state.passes.splice(1, 1);
  }

  // ---- scheduling -----------------------------------------------------------------

  let queue = Promise.resolve();
  function enqueue(kind, roots, settled) {
    queue = queue.then(() => pass(kind, roots, settled)).catch((err) => {
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

  /**
   * An element a pass has read already: it holds one of our marks or a text
   * node read before. The page moved it, or added it while a full pass was
   * reading the page in slices; its text must not be annotated twice.
   */
  function alreadyRead(n) {
    if (n.nodeType !== Node.ELEMENT_NODE) return false;
    if (n.querySelector(`mark.${StorylineHighlight.MARK_CLASS}`)) return true;
    const w = document.createTreeWalker(n, NodeFilter.SHOW_TEXT);
    for (let t = w.nextNode(); t; t = w.nextNode()) if (processed.has(t)) return true;
    return false;
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
      if (StorylineTree.insideOurMark(n) || alreadyRead(n)) continue;
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
    const dwellMs = Number.isInteger(s.dwellMs) && s.dwellMs >= 0 ? s.dwellMs : 8000;
    return { kinds, enabled: !off.includes(location.hostname), dwellMs, paused: s.paused === true };
  }

  function start() {
    state.enabled = true;
    tooltip.attach();
    if (document.body) observer.observe(document.body, { childList: true, subtree: true });
    return enqueue('full');
  }

  function stop() {
    generation++; // a pass under way gives up at its next slice
    state.enabled = false;
    observer.disconnect();
    clearTimeout(quietTimer);
    pending.clear();
    tooltip.detach();
    paint.clear();
    StorylineHighlight.unwrapAll(document);
    seen.clear();
  }

  /** Takes the kinds shown and the seen-elsewhere settings of `s` (read by `readSettings`). */
  function adopt(s) {
    state.kinds = s.kinds;
    seen.dwellMs = s.dwellMs;
    seen.paused = s.paused;
  }

  async function apply(raw) {
    const s = readSettings(raw);
    const kindsChanged = KINDS.some((k) => s.kinds[k] !== state.kinds[k]);
    adopt(s);
    if (s.enabled && !state.enabled) return start();
    if (!s.enabled && state.enabled) {
      stop();
      return report();
    }
    if (s.enabled && kindsChanged) {
      generation++;
      observer.takeRecords();
      paint.clear();
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
      seen: seen.summary(),
      recorded: state.recorded || 0,
      found: seen.found(),
      watching: seen.stories.map((x) => x.inView),
      // a private window: whatever records reading history must record nothing
      incognito: chrome.extension?.inIncognitoContext === true,
    };
  }

  function report() {
    return chrome.runtime.sendMessage({ type: 'report', report: summary() }).catch(() => {});
  }

  /** The listeners for the popup's and the worker's messages and for settings changes. */
  function listen() {
    chrome.runtime.onMessage.addListener((m, sender, sendResponse) => {
      if (sender.id !== chrome.runtime.id || !m || typeof m !== 'object') return false;
      if (m.type === 'state') {
        sendResponse(summary());
        return false;
      }
      if (m.type === 'tree') {
        // the page's text for the highlights export (the worker runs the core on it)
        StorylineTree.serializeDocumentSliced(document, ignore, SLICE_MS, pause, () => true)
          .then((ser) => sendResponse(ser ? { json: JSON.stringify(ser.tree), url: location.href } : null), () => sendResponse(null));
        return true;
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
  }

  // The settings read is a round trip to the browser (about 24 ms of 122 to
  // the last highlight on the 6k listing page in Chromium). In Chromium the
  // first pass does not wait for it (`EARLY`): the page is read and sent to
  // the worker, tentatively on, and nothing is shown (no tooltip host, no
  // highlight) until the settings say the page stays on; the worker refuses
  // a site turned off itself (background.js, `siteOff`). The listeners and
  // the read are set up once the page is on its way to the worker (`boot`,
  // from `runCore`): the first use of each chrome.* event sets up its
  // bindings, about 6 ms under load, better spent while the worker works.
  // Firefox keeps the order settings, then read: there the read's slices
  // were seen to hold up the settings' reply (75-219 ms instead of 36-81 ms,
  // BENCHMARKS.md).
  // the first message of a fresh content script costs several times a later
  // one (about 8-35 ms against 2-5 ms under load in Chromium): this one goes
  // while the page is read, and wakes the worker if it had stopped
  chrome.runtime.sendMessage({ type: 'warm' }).catch(() => {});
  const EARLY = chrome.runtime.getURL('').startsWith('chrome-extension:');
  if (EARLY) {
    state.enabled = true; // tentatively
    if (document.body) observer.observe(document.body, { childList: true, subtree: true });
    let settle;
    const settled = new Promise((ok) => { settle = ok; });
    boot = () => {
      boot = null;
      listen();
      settle(chrome.storage.local.get('settings').then((r) => r.settings, () => null).then((raw) => {
        if (!state.enabled) return false; // stopped meanwhile (storage.onChanged)
        const s = readSettings(raw);
        adopt(s);
        if (!s.enabled) {
          stop();
          report();
          return false;
        }
        tooltip.attach();
        return true;
      }));
    };
    enqueue('full', undefined, settled).finally(() => boot?.());
  } else {
    listen();
    chrome.storage.local.get('settings').then((r) => apply(r.settings), () => apply(null));
  }
})();
