// Serialises the live DOM into the core's Tree format (src/tree.rs): a flat
// list of element and text nodes, parents before children, in document order.
// It copies and decides nothing (the core decides what is a block, a story,
// boilerplate), so the browser and the CLI's html5ever door feed the core the
// same shape. Iterative walk: a 3,000-deep page must not blow the stack.
//
// It also remembers which Text node each text entry came from, so the marks
// the core returns (per text node index) can be wrapped in place.
'use strict';

globalThis.StorylineTree = (() => {
  // Must match KEPT_ATTRS and SKIPPED_TAGS in src/tree.rs.
  const KEPT_ATTRS = [
    'class', 'id', 'role', 'itemprop', 'itemtype', 'property', 'name', 'content', 'datetime', 'rel', 'type',
    'hidden', 'aria-hidden', 'href', 'lang', 'dir',
  ];
  const SKIPPED_TAGS = new Set([
    'script', 'style', 'noscript', 'template', 'textarea', 'input', 'select', 'option', 'button', 'svg', 'math',
    'iframe', 'object', 'canvas', 'video', 'audio',
  ]);
  const HEAD_TAGS = new Set(['title', 'meta', 'link', 'script']);
  const MAX_ATTR_LEN = 2048;
  const MARK_CLASS = 'storyline-mark';

  /** Our own highlight element (also one left by an earlier run of the script). */
  function isOurMark(el) {
    return el.localName === 'mark' && el.classList.contains(MARK_CLASS);
  }

  function isLdJson(el) {
    return el.localName === 'script' && /ld\+json/i.test(el.getAttribute('type') || '');
  }

  /** Editable regions belong to the reader: never read or touched. */
  function isEditable(el) {
    if (!el.hasAttributes()) return false;
    const ce = el.getAttribute('contenteditable');
    return ce !== null && ce.toLowerCase() !== 'false';
  }

  const KEPT = new Set(KEPT_ATTRS);

  /** Kept attributes, in KEPT_ATTRS order. Most elements have none: check that first (it is the hot path). */
  function attrsOf(el) {
    if (!el.hasAttributes()) return null;
    let out = null;
    for (const a of el.attributes) {
      if (!KEPT.has(a.name)) continue;
      const v = a.value;
      (out ??= []).push([a.name, v.length > MAX_ATTR_LEN ? v.slice(0, MAX_ATTR_LEN) : v]);
    }
    if (out && out.length > 1) out.sort((x, y) => KEPT_ATTRS.indexOf(x[0]) - KEPT_ATTRS.indexOf(y[0]));
    return out;
  }

  /**
   * A serialisation in progress. `frozen[i]` is true for text inside one of
   * our marks: sent for context, never wrapped again.
   */
  class Builder {
    constructor(url, ignore) {
      this.nodes = [];
      this.texts = []; // tree index -> Text node (sparse)
      this.frozen = []; // tree index -> bool (sparse)
      this.index = null; // Element -> tree index, only when ancestor chains are needed
      this.ignore = ignore; // Set of elements to skip entirely (our UI)
      this.url = url;
    }

    element(el, parent) {
      const n = { p: parent, t: el.localName };
      const a = attrsOf(el);
      if (a) n.a = a;
      this.nodes.push(n);
      const i = this.nodes.length - 1;
      if (this.index) this.index.set(el, i);
      return i;
    }

    text(node, parent, frozen) {
      this.nodes.push({ p: parent, x: node.data });
      const i = this.nodes.length - 1;
      this.texts[i] = node;
      if (frozen) this.frozen[i] = true;
      return i;
    }

    /** Adds `root`'s subtree under tree index `parent`, in one go. */
    subtree(root, parent, frozen) {
      new Walk(this, root, parent, frozen).run(Infinity);
    }

    /** The document head's metadata: title, meta, link, JSON-LD. */
    head(doc) {
      const html = doc.documentElement;
      if (!html) return -1;
      const hi = this.element(html, -1);
      const head = doc.head;
      if (!head) return hi;
      const h = this.element(head, hi);
      for (const el of head.children) {
        if (!HEAD_TAGS.has(el.localName) || (el.localName === 'script' && !isLdJson(el))) continue;
        const i = this.element(el, h);
        if (el.localName === 'title' || isLdJson(el)) this.text({ data: el.textContent || '' }, i, true);
      }
      // JSON-LD often sits in the body too; the walk below picks that up.
      return hi;
    }

    /** Tree index of `el`, adding its missing ancestors (elements only) first. */
    chain(el) {
      if (this.index.has(el)) return this.index.get(el);
      const missing = [];
      let cur = el;
      while (cur && cur.nodeType === Node.ELEMENT_NODE && !this.index.has(cur)) {
        missing.push(cur);
        cur = cur.parentElement;
      }
      let parent = cur && this.index.has(cur) ? this.index.get(cur) : -1;
      for (let k = missing.length - 1; k >= 0; k--) parent = this.element(missing[k], parent);
      return parent;
    }

    result() {
      return { tree: { n: this.nodes, url: this.url }, texts: this.texts, frozen: this.frozen };
    }
  }

  /**
   * A walk over `root`'s subtree that adds it under tree index `parent`, in
   * document order, and can stop at a deadline and resume later (a large
   * page is read in slices, the page's own tasks running in between).
   * Walks firstChild/nextSibling with an explicit stack: no recursion (deep
   * pages), and few DOM calls per node (in Firefox every DOM access from a
   * content script crosses a wrapper, so NodeList indexing is avoided).
   * If the page removed the node the walk stopped at, the walk ends there
   * (`cut`): what was read stays valid, and the page's new nodes come to
   * the content script as mutations anyway.
   */
  class Walk {
    constructor(b, root, parent, frozen) {
      this.b = b;
      this.root = root;
      this.node = root;
      this.p = parent;
      this.fz = frozen;
      this.up = []; // (element, its parent index, its frozen flag) of each open element
      this.done = false;
      this.cut = false;
      this.started = false;
    }

    /** Walks until done (true) or until `performance.now()` passes `deadline` (false). */
    run(deadline) {
      if (this.done) return true;
      if (this.started && !(this.node === this.root || this.root.contains(this.node))) {
        this.done = this.cut = true; // the page moved the ground under the walk
        return true;
      }
      this.started = true;
      const { b, root, up } = this;
      let { node, p, fz } = this;
      let n = 0;
      for (;;) {
        if ((++n & 255) === 0 && performance.now() > deadline) {
          Object.assign(this, { node, p, fz });
          return false;
        }
        let child = null;
        let me = -1;
        let childFz = fz;
        const type = node.nodeType;
        if (type === Node.TEXT_NODE) {
          b.text(node, p, fz);
        } else if (type === Node.ELEMENT_NODE && !b.ignore.has(node) && !isEditable(node)) {
          me = b.element(node, p);
          if (SKIPPED_TAGS.has(node.localName)) {
            if (isLdJson(node)) b.text({ data: node.textContent || '' }, me, true);
          } else {
            child = node.firstChild;
            childFz = fz || isOurMark(node);
          }
        }
        if (child) {
          up.push(node, p, fz);
          node = child;
          p = me;
          fz = childFz;
          continue;
        }
        for (;;) {
          if (node === root) {
            this.done = true;
            return true;
          }
          const next = node.nextSibling;
          if (next) {
            node = next;
            break;
          }
          fz = up.pop();
          p = up.pop();
          node = up.pop();
        }
      }
    }
  }

  /** Is `node` somewhere we must never read or touch? */
  function forbidden(node, ignore) {
    for (let el = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement; el; el = el.parentElement) {
      if (ignore.has(el)) return true;
      if (SKIPPED_TAGS.has(el.localName) || isEditable(el)) return true;
    }
    return false;
  }

  function insideOurMark(node) {
    for (let el = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement; el; el = el.parentElement) {
      if (isOurMark(el)) return true;
    }
    return false;
  }

  /** The whole document. */
  function serializeDocument(doc, ignore) {
    const b = new Builder(doc.location ? doc.location.href : undefined, ignore);
    const html = b.head(doc);
    if (doc.designMode === 'on') return b.result();
    if (doc.body && html >= 0) b.subtree(doc.body, html, insideOurMark(doc.body));
    return b.result();
  }

  /**
   * The whole document, read in slices of about `sliceMs` with
   * `await pause()` between them, so reading a huge page never blocks the
   * page for long. `alive()` false stops the read (the result is then null).
   */
  async function serializeDocumentSliced(doc, ignore, sliceMs, pause, alive) {
    const b = new Builder(doc.location ? doc.location.href : undefined, ignore);
    const html = b.head(doc);
    if (doc.designMode === 'on' || !doc.body || html < 0) return b.result();
    const walk = new Walk(b, doc.body, html, insideOurMark(doc.body));
    let slices = 1;
    while (!walk.run(performance.now() + sliceMs)) {
      await pause();
      if (!alive()) return null;
      slices++;
    }
    return { ...b.result(), slices, cut: walk.cut };
  }

  /**
   * Only `roots` (nodes added after the first pass), each under its chain of
   * ancestor elements so the core still sees the structure around them.
   */
  function serializeRoots(doc, roots, ignore) {
    const b = new Builder(doc.location ? doc.location.href : undefined, ignore);
    b.index = new Map();
    b.head(doc);
    if (doc.designMode === 'on') return b.result();
    for (const r of roots) {
      if (!r.isConnected || forbidden(r, ignore)) continue;
      const parent = r.parentElement ? b.chain(r.parentElement) : -1;
      b.subtree(r, parent, insideOurMark(r));
    }
    return b.result();
  }

  return { serializeDocument, serializeDocumentSliced, serializeRoots, isOurMark, insideOurMark, forbidden, MARK_CLASS };
})();
