/**
 * The local callback receiver: answers every POST with 200 at once and counts distinct
 * events (webhook-id header) with the time of the first and the latest. Run in its own
 * process; GET /stats reads the counters, POST /reset clears them.
 */
import { createServer } from 'node:http';

let seen = new Set<string>();
let total = 0;
let first = 0;
let last = 0;

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/stats') {
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify({ unique: seen.size, total, firstMs: first, lastMs: last }));
    return;
  }
  if (req.method === 'POST' && req.url === '/reset') {
    seen = new Set();
    total = 0;
    first = 0;
    last = 0;
    res.end('ok');
    return;
  }
  req.resume();
  req.on('end', () => {
    const now = performance.timeOrigin + performance.now();
    const id = req.headers['webhook-id'];
    total += 1;
    if (typeof id === 'string') seen.add(id);
    else seen.add(`anonymous-${total}`);
    if (!first) first = now;
    last = now;
    res.end('ok');
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => {
  process.stdout.write(`listening ${(server.address() as { port: number }).port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
