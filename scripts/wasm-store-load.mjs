// Times loading a saved store in the wasm core, as the background worker does
// (`StoreHandle.fromBytes`): node scripts/wasm-store-load.mjs STORE_FILE [RUNS] [--fresh]
// after `./build.sh` (pkg/) and e.g.
// `PROF_WRITE=/tmp/store100k.bin cargo run --release --example prof -- 100000`.
// The glue is the --target no-modules build the extension ships, run in node.
// Without --fresh: RUNS loads in one wasm instance (the first grows its
// memory, later ones reuse it). With --fresh: each load is the first in a new
// node process and a new wasm instance, as a reader meets it when the worker
// starts; the median of those is the figure for the load bar.
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const args = process.argv.slice(2);
const fresh = args.includes('--fresh');
const one = args.includes('--one');
const [file, runs = '5'] = args.filter((a) => !a.startsWith('--'));
if (!file) {
  console.error('usage: node scripts/wasm-store-load.mjs STORE_FILE [RUNS] [--fresh]');
  process.exit(2);
}
const median = (ts) => [...ts].sort((a, b) => a - b)[ts.length >> 1];
// CPU time of this (the main) thread in ms, from the Linux scheduler's
// statistics: on a busy machine the wall time mostly measures the wait for
// a core, this what the load itself costs (null where /proc is missing)
const threadCpu = () => {
  try {
    return Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
  } catch (_) {
    return null;
  }
};
if (fresh) {
  const me = fileURLToPath(import.meta.url);
  const times = [];
  const cpus = [];
  for (let i = 0; i < Number(runs); i++) {
    const out = execFileSync(process.execPath, [me, file, '1', '--one'], { encoding: 'utf8' });
    const [t, c] = out.trim().split(' ').map(Number);
    times.push(t);
    cpus.push(c);
  }
  const show = (ts) => `${ts.map((t) => t.toFixed(1)).join(' ')} (median ${median(ts).toFixed(1)})`;
  console.log(`${file}: fresh-instance fromBytes ms: ${show(times)}`);
  if (cpus.every((c) => Number.isFinite(c))) console.log(`  main-thread CPU ms: ${show(cpus)}`);
  process.exit(0);
}
const pkg = process.env.STORYLINE_PKG ? new URL(`file://${process.env.STORYLINE_PKG}/`) : new URL('../pkg/', import.meta.url);
const glue = readFileSync(new URL('storyline.js', pkg), 'utf8');
const wb = vm.runInThisContext(`${glue}\n;wasm_bindgen`);
wb.initSync({ module: readFileSync(new URL('storyline_bg.wasm', pkg)) });
const bytes = new Uint8Array(readFileSync(file));
const times = [];
let cpu = null;
for (let i = 0; i < Number(runs); i++) {
  const c0 = threadCpu();
  const t0 = performance.now();
  const store = wb.StoreHandle.fromBytes(bytes);
  times.push(performance.now() - t0);
  if (i === 0 && c0 !== null) cpu = threadCpu() - c0;
  store.free();
}
if (one) {
  console.log(`${times[0]} ${cpu}`);
  process.exit(0);
}
console.log(
  `${file}: ${bytes.length} bytes; fromBytes ms: ${times.map((t) => t.toFixed(1)).join(' ')} (median ${median(times).toFixed(1)})`,
);
