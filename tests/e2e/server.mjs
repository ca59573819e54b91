// The e2e suite's web server, on 127.0.0.1 only, started and stopped by the
// suite. It serves the project's own test pages (tests/e2e/pages) and the
// built extension's scripts under /ext/ (for the highlighter's unit page),
// and the benchmark pages (benches/pages) under /bench/.
//
// It is also the browsers' HTTP proxy, so it sees every request either
// browser makes, whoever makes it: a request for any other host, or any
// CONNECT (https), is recorded as foreign and refused. That is how the suite
// proves the extension makes no network request.
import { createServer } from 'node:http';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css' };

/**
 * Per-path response headers. The strict page forbids everything, including
 * WebAssembly compilation, as the strictest news sites do.
 */
const HEADERS = {
  '/strict.html': { 'Content-Security-Policy': "default-src 'none'" },
};

export async function startServer({ pagesDir, extDir, benchDir }) {
  const log = []; // { path, at }
  const foreign = []; // { method, url }
  const server = createServer(async (req, res) => {
    let url;
    try {
      url = new URL(req.url, `http://${req.headers.host}`);
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (url.host !== server.origin.host) {
      foreign.push({ method: req.method, url: req.url });
      res.writeHead(403, { 'Content-Type': 'text/plain' }).end('not on this machine');
      return;
    }
    log.push({ path: url.pathname, at: Date.now() });
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    let file;
    if (url.pathname.startsWith('/ext/')) file = join(extDir, normalize(url.pathname.slice(5)).replace(/^(\.\.[/\\])+/, ''));
    else if (url.pathname.startsWith('/bench/')) {
      // benchDir: one directory or several, searched in order (generated pages live under target/)
      const rel = normalize(url.pathname.slice(7)).replace(/^(\.\.[/\\])+/, '');
      const dirs = [benchDir].flat();
      file = dirs.map((d) => join(d, rel)).find((f) => existsSync(f)) ?? join(dirs[0], rel);
    }
    else file = join(pagesDir, normalize(url.pathname).replace(/^(\.\.[/\\])+/, ''));
    try {
      const body = await readFile(file);
      res.writeHead(200, {
        'Content-Type': TYPES[extname(file)] || 'application/octet-stream',
        'Cache-Control': 'no-store',
        ...(HEADERS[url.pathname] || {}),
      });
      res.end(body);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
  });
  server.on('clientError', (_e, socket) => socket.destroy());
  server.on('connect', (req, socket) => {
    socket.on('error', () => {});
    foreign.push({ method: 'CONNECT', url: req.url });
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  server.origin = new URL(`http://127.0.0.1:${port}`);
  return {
    origin: server.origin.origin,
    port,
    log,
    foreign,
    close: () => new Promise((ok) => { server.closeAllConnections?.(); server.close(ok); }),
  };
}
