// Times loading a saved store in the wasm core, as the background worker does
// (`StoreHandle.fromBytes`): node scripts/wasm-store-load.mjs STORE_FILE [RUNS]
// after `./build.sh` (pkg/) and e.g.
// `PROF_WRITE=/tmp/store100k.bin cargo run --release --example prof -- 100000`.
// The glue is the --target no-modules build the extension ships, run in node.
import { readFileSync } from 'node:fs';
import vm from 'node:vm';

const [file, runs = '5'] = process.argv.slice(2);
if (!file) {
  console.error('usage: node scripts/wasm-store-load.mjs STORE_FILE [RUNS]');
  process.exit(2);
}
const glue = readFileSync(new URL('../pkg/storyline.js', import.meta.url), 'utf8');
const wb = vm.runInThisContext(`${glue}\n;wasm_bindgen`);
wb.initSync({ module: readFileSync(new URL('../pkg/storyline_bg.wasm', import.meta.url)) });
const bytes = new Uint8Array(readFileSync(file));
const times = [];
for (let i = 0; i < Number(runs); i++) {
  const t0 = performance.now();
  const store = wb.StoreHandle.fromBytes(bytes);
  times.push(performance.now() - t0);
  store.free();
}
times.sort((a, b) => a - b);
console.log(
  `${file}: ${bytes.length} bytes; fromBytes ms: ${times.map((t) => t.toFixed(1)).join(' ')} (median ${times[times.length >> 1].toFixed(1)})`,
);
