// What the server's check of a message signature costs on this machine: OpenSSL Ed25519 through
// node:crypto, on the event loop and in libuv's thread pool (as libs/messaging does), over a
// 600-byte message (about what the messaging benchmark sends).
//   node bench/signature-check.mjs [checks, default 10000]
import { generateKeyPairSync, sign, verify } from 'node:crypto';

const N = Number(process.argv[2] ?? 10_000);
const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const message = Buffer.alloc(600, 7);
const signature = sign(null, message, privateKey);
const us = (ms, n) => `${((ms * 1000) / n).toFixed(1)} µs`;

let started = performance.now();
for (let i = 0; i < N; i++) verify(null, message, publicKey, signature);
console.log(`on the event loop: ${us(performance.now() - started, N)} per check`);

started = performance.now();
let loop = performance.eventLoopUtilization();
await Promise.all(
  Array.from({ length: N }, () => new Promise((resolve) => verify(null, message, publicKey, signature, resolve))),
);
loop = performance.eventLoopUtilization(loop);
console.log(
  `in the thread pool, all at once: ${us(performance.now() - started, N)} of wall time per check, ` +
    `${us(loop.active, N)} of it on the event loop`,
);
