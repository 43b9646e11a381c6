// Keep-alive GET load from a worker thread, so the clients' own work (parsing, timers, sockets)
// does not run on the event loop of the API it measures: in use, clients are other machines.
//   const { samples, errors, rate } = await httpLoad({ url, headers, concurrency, seconds });
// With `urls` instead of `url`, client w asks urls[w], urls[w + 1], … in turn (with `stride: n`,
// urls[w], urls[w + n], …: with n = concurrency no two clients ask the same until the list wraps),
// and each sample also says which: `labelled` holds [index into urls, ms] pairs.
import http from 'node:http';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

/** Runs `concurrency` keep-alive clients GETting `url` (or `urls` in turn) for `seconds`; latencies in ms. */
export function httpLoad(options) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: options });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

if (!isMainThread) {
  const { url, urls = [url], headers, concurrency, seconds, stride = 1 } = workerData;
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const get = (target) =>
    new Promise((resolve) => {
      const req = http.request(target, { method: 'GET', agent, headers }, (res) => {
        res.on('data', () => {});
        res.on('end', () => resolve(res.statusCode === 200));
        res.on('error', () => resolve(false));
      });
      req.on('error', () => resolve(false));
      req.end();
    });
  const until = performance.now() + seconds * 1000;
  const samples = [];
  const labelled = [];
  let errors = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      for (let i = w; performance.now() < until; i += stride) {
        const index = i % urls.length;
        const started = performance.now();
        if (!(await get(urls[index]))) errors++;
        const ms = performance.now() - started;
        samples.push(ms);
        labelled.push([index, ms]);
      }
    }),
  );
  agent.destroy();
  parentPort.postMessage({ samples, labelled, errors, rate: samples.length / seconds });
}
