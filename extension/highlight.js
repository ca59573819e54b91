// Wraps the core's marks in <mark> elements and shows their tooltips. It
// knows nothing of where marks come from (the core, run in the page or in the
// background worker): it gets text nodes, per-node UTF-16 ranges and a label
// per mark. Rules it keeps:
//  - the page's text is never changed: a text node is replaced by pieces of
//    the same text, some inside <mark>s (no text is ever inserted: the
//    tooltip lives in a closed shadow root outside <body>);
//  - nesting is proper or the inner range is dropped (a quote may hold an
//    actor; two ranges that cross cannot both be elements);
//  - a text node whose text changed since it was read is left alone;
//  - text already inside one of our marks is never wrapped again;
//  - page-derived strings only ever reach the DOM as text.
'use strict';

globalThis.StorylineHighlight = (() => {
  const MARK_CLASS = 'storyline-mark';
  // Outer to inner when two ranges coincide.
  const ROLE_ORDER = { content: 0, source: 1, actor: 2, date: 3 };
  const info = new WeakMap(); // our <mark> -> { label, detail } (tooltip text, detail built on demand)

  function classesFor(role, type) {
    const c = [MARK_CLASS, `storyline-${role}`];
    if (role === 'actor' && /^(person|organization|place)$/.test(type || '')) c.push(`storyline-${type}`);
    return c;
  }

  /** A mark may not cut a surrogate pair in two. */
  function cutsPair(s, i) {
    if (i <= 0 || i >= s.length) return false;
    const hi = s.charCodeAt(i - 1);
    const lo = s.charCodeAt(i);
    return hi >= 0xd800 && hi <= 0xdbff && lo >= 0xdc00 && lo <= 0xdfff;
  }

  /** A mark's range lies inside the text and cuts no character in two. */
  function fits(m, data) {
    return Number.isInteger(m.start) && Number.isInteger(m.end) && m.start >= 0 && m.end <= data.length
      && m.start < m.end && !cutsPair(data, m.start) && !cutsPair(data, m.end);
  }

  /**
   * Keeps the marks of one text node that can be elements: inside the text,
   * not cutting a character, properly nested. Sorted outer-first.
   */
  function nestable(marks, data) {
    const ok = marks
      .filter((m) => fits(m, data))
      .sort((a, b) => a.start - b.start || b.end - a.end || (ROLE_ORDER[a.role] ?? 9) - (ROLE_ORDER[b.role] ?? 9));
    const out = [];
    const open = [];
    for (const m of ok) {
      while (open.length && open[open.length - 1].end <= m.start) open.pop();
      const top = open[open.length - 1];
      if (top && m.end > top.end) continue; // crosses an open mark
      if (top && top.start === m.start && top.end === m.end && top.role === m.role) continue; // duplicate
      out.push(m);
      open.push(m);
    }
    return out;
  }

  function makeMark(doc, m) {
    const el = doc.createElement('mark');
    el.className = classesFor(m.role, m.type).join(' ');
    el.tabIndex = 0;
    if (m.label) {
      el.setAttribute('aria-description', m.label);
      info.set(el, { label: m.label, detail: typeof m.detail === 'function' ? m.detail : null });
    }
    return el;
  }

  /**
   * Replaces one text node by the same text split into pieces, the marked
   * ones inside <mark>s. Returns the number of marks made.
   */
  function wrapNode(node, marks) {
    const data = node.data;
    const list = nestable(marks, data);
    if (!list.length || !node.parentNode) return 0;
    const doc = node.ownerDocument;
    const frag = doc.createDocumentFragment();
    const stack = [{ el: frag, end: data.length }];
    let pos = 0;
    const emit = (el, upto) => {
      if (upto > pos) el.appendChild(doc.createTextNode(data.slice(pos, upto)));
      pos = Math.max(pos, upto);
    };
    for (const m of list) {
      while (stack.length > 1 && stack[stack.length - 1].end <= m.start) {
        const top = stack.pop();
        emit(top.el, top.end);
      }
      const parent = stack[stack.length - 1].el;
      emit(parent, m.start);
      const el = makeMark(doc, m);
      parent.appendChild(el);
      stack.push({ el, end: m.end });
    }
    while (stack.length > 1) {
      const top = stack.pop();
      emit(top.el, top.end);
    }
    emit(frag, data.length);
    node.parentNode.replaceChild(frag, node);
    return list.length;
  }

  /**
   * Groups `marks` ({node, start, end, role, type, label}) by text node, in
   * document order (node index), leaving out nodes `skip(node)` refuses
   * (frozen text). Returns [[node index, marks], ...].
   */
  function groupByNode(marks, skip) {
    const byNode = new Map();
    for (const m of marks) {
      if (!Number.isInteger(m.node) || skip(m.node)) continue;
      let l = byNode.get(m.node);
      if (!l) byNode.set(m.node, (l = []));
      l.push(m);
    }
    return Array.from(byNode).sort((a, b) => a[0] - b[0]);
  }

  /**
   * Text node `i` if it may still take its group's highlights: in the
   * document, its text as the core read it, not inside one of our marks.
   */
  function liveNode(texts, expected, i) {
    const node = unchangedNode(texts, expected, i);
    return node && !StorylineTree.insideOurMark(node) ? node : null;
  }

  /** The text node `i` if it is still in the page with the text the core read, else null. */
  function unchangedNode(texts, expected, i) {
    const node = texts[i];
    return node && node.isConnected && node.data === expected[i] ? node : null;
  }

  /**
   * Wraps one group: `texts[i]` is the Text node read and `expected[i]` the
   * text read from it then; a node changed or moved since is left alone.
   */
  function wrapGroup(texts, expected, i, list) {
    const node = liveNode(texts, expected, i);
    return node ? wrapNode(node, list) : 0;
  }

  /**
   * The highlights' first paint, through the CSS Custom Highlight API
   * (Chromium 105+, Firefox 140+): one `Highlight` per kind, registered in
   * the document's `CSS.highlights` under the kind's class name and styled
   * by `::highlight()` rules in content.css. Painting a range changes no
   * node, so a whole page is highlighted for the cost of building its
   * ranges, with no DOM mutation and no relayout; the <mark>s that follow
   * (`wrapGroup`, in slices) add keyboard focus and tooltips. Ranges are
   * StaticRanges: a live Range would be updated by every later mutation of
   * the document (the wrapping's thousands). A range is never deleted one
   * by one (Firefox's highlight set makes that quadratic: seconds for a
   * thousand): the wrapping replaces each Text node a range points into,
   * and a range into a node no longer in the document paints nothing;
   * `clear()` drops them all once the marks are made.
   */
  class Paint {
    constructor(doc) {
      const w = doc.defaultView;
      this.ok = !!(w && w.CSS && w.CSS.highlights && typeof w.Highlight === 'function' && typeof w.StaticRange === 'function');
      this.sets = new Map(); // highlight name -> Highlight
    }

    set(name) {
      let h = this.sets.get(name);
      if (!h) {
        h = new Highlight();
        h.priority = PAINT_PRIORITY[name] ?? 0;
        this.sets.set(name, h);
      }
      return h;
    }

    /**
     * Registers the highlights made since the last call. Called after each
     * slice of `paintGroup`s: ranges added before registration cost less,
     * and Firefox 153 was seen to leave ranges added to an already
     * registered highlight unpainted until something else repainted the
     * text (the first slice holds what is on screen).
     */
    show() {
      for (const [name, h] of this.sets) if (CSS.highlights.get(name) !== h) CSS.highlights.set(name, h);
    }

    /**
     * Paints one group, with `wrapGroup`'s checks on the node. Ranges need
     * no nesting (highlights may overlap; the priorities order them), so
     * `nestable`'s sort is not paid here: a fresh content script runs cold,
     * and that sort was half the paint. A range must lie inside the text
     * and not cut a surrogate pair, as for a mark.
     * Returns the number of ranges painted.
     */
    paintGroup(texts, expected, i, list) {
      // not `liveNode`, which also walks up the ancestors: a range nests no
      // element, so text inside one of our marks may be painted (the marks
      // are made later, and `wrapGroup` checks the walk before wrapping)
      const node = this.ok ? unchangedNode(texts, expected, i) : null;
      if (!node) return 0;
      const data = node.data;
      let n = 0;
      for (const m of list) {
        if (!fits(m, data)) continue;
        this.set(paintName(m.role, m.type))
          .add(new StaticRange({ startContainer: node, startOffset: m.start, endContainer: node, endOffset: m.end }));
        n++;
      }
      return n;
    }

    /** Drops every range painted. */
    clear() {
      for (const [name, h] of this.sets) {
        h.clear();
        if (CSS.highlights.get(name) === h) CSS.highlights.delete(name);
      }
      this.sets.clear();
    }
  }

  // The highlight's name is the class its <mark> gets for the kind; the
  // priorities keep the marks' nesting order (inner ranges paint on top).
  const PAINT_PRIORITY = {
    'storyline-content': 0, 'storyline-source': 1, 'storyline-actor': 2, 'storyline-person': 2,
    'storyline-organization': 2, 'storyline-place': 2, 'storyline-date': 3,
  };
  const paintNames = new Map(); // `${role}/${type}` -> name: one lookup per range, no array built
  function paintName(role, type) {
    const key = `${role}/${type}`;
    let name = paintNames.get(key);
    if (name === undefined) {
      const c = classesFor(role, type);
      name = c[c.length - 1];
      paintNames.set(key, name);
    }
    return name;
  }

  /** Wraps every mark in one go (see `groupByNode`, `wrapGroup`). */
  function wrapAll(texts, expected, marks, skip) {
    let made = 0;
    for (const [i, list] of groupByNode(marks, skip)) made += wrapGroup(texts, expected, i, list);
    return made;
  }

  /** Removes all our marks under `root`, merging the text back together. */
  function unwrapAll(root) {
    const marks = Array.from(root.querySelectorAll(`mark.${MARK_CLASS}`)).reverse(); // inner first
    const parents = new Set();
    for (const el of marks) {
      const p = el.parentNode;
      if (!p) continue;
      while (el.firstChild) p.insertBefore(el.firstChild, el);
      p.removeChild(el);
      parents.add(p);
    }
    for (const p of parents) if (p.isConnected && !StorylineTree.insideOurMark(p)) p.normalize();
    return marks.length;
  }

  function isMark(el) {
    return el instanceof Element && el.localName === 'mark' && el.classList.contains(MARK_CLASS);
  }

  /**
   * The one tooltip: a host element appended to <html> (outside <body>, so
   * page text is untouched) with a closed shadow root the page cannot reach.
   * Shown on hover and on keyboard focus, hidden on Escape, blur, scroll.
   */
  class Tooltip {
    constructor(doc) {
      this.doc = doc;
      this.host = doc.createElement('div');
      this.host.style.cssText = 'all:initial;position:fixed;left:0;top:0;z-index:2147483647;pointer-events:none;';
      const root = this.host.attachShadow({ mode: 'closed' });
      const style = doc.createElement('style');
      style.textContent = `
        .tip { position: fixed; max-width: 22rem; padding: .35rem .55rem; border-radius: .35rem;
          font: 13px/1.35 system-ui, sans-serif; color: #fff; background: #1f2430; box-shadow: 0 2px 8px #0005;
          white-space: pre-line; visibility: hidden; }
        .tip.on { visibility: visible; }
        @media (prefers-color-scheme: dark) { .tip { color: #111; background: #f1f3f7; } }`;
      this.tip = doc.createElement('div');
      this.tip.className = 'tip';
      this.tip.setAttribute('role', 'tooltip');
      root.append(style, this.tip);
      this.current = null;
      this.onOver = (e) => this.show(e.target);
      this.onOut = (e) => { if (e.target === this.current) this.hide(); };
      this.onKey = (e) => { if (e.key === 'Escape') this.hide(); };
      this.onScroll = () => this.hide();
    }

    attach() {
      if (!this.host.isConnected) this.doc.documentElement.appendChild(this.host);
      const d = this.doc;
      d.addEventListener('mouseover', this.onOver, true);
      d.addEventListener('focusin', this.onOver, true);
      d.addEventListener('mouseout', this.onOut, true);
      d.addEventListener('focusout', this.onOut, true);
      d.addEventListener('keydown', this.onKey, true);
      d.addEventListener('scroll', this.onScroll, { capture: true, passive: true });
    }

    detach() {
      const d = this.doc;
      d.removeEventListener('mouseover', this.onOver, true);
      d.removeEventListener('focusin', this.onOver, true);
      d.removeEventListener('mouseout', this.onOut, true);
      d.removeEventListener('focusout', this.onOut, true);
      d.removeEventListener('keydown', this.onKey, true);
      d.removeEventListener('scroll', this.onScroll, { capture: true });
      this.host.remove();
    }

    show(target) {
      if (!isMark(target) || !info.has(target)) return;
      this.current = target;
      const i = info.get(target);
      this.tip.textContent = (i.detail && i.detail()) || i.label;
      this.tip.classList.add('on');
      const r = target.getBoundingClientRect();
      const t = this.tip.getBoundingClientRect();
      const vw = this.doc.documentElement.clientWidth || 800;
      const left = Math.max(4, Math.min(r.left, vw - t.width - 4));
      const top = r.top - t.height - 6 >= 0 ? r.top - t.height - 6 : r.bottom + 6;
      this.tip.style.left = `${left}px`;
      this.tip.style.top = `${top}px`;
    }

    hide() {
      this.current = null;
      this.tip.classList.remove('on');
    }
  }

  return { Paint, wrapAll, groupByNode, wrapGroup, wrapNode, unwrapAll, nestable, isMark, Tooltip, MARK_CLASS, labelOf: (el) => info.get(el)?.label };
})();
