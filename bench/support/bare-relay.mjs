// The baseline of bench/messaging.mjs: a bare socket.io server that relays the same events to the
// same rooms with no authentication, validation, checks or storage. Prints its port when ready.
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const http = createServer();
const io = new Server(http, { transports: ['websocket'] });
let seq = 0;
io.of('/realtime').on('connection', (socket) => {
  socket.on('thread.subscribe', async ({ threadId }, ack) => {
    await socket.join(`thread:${threadId}`);
    ack({ ok: true, messages: [], lastSeq: 0 });
  });
  socket.on('message.send', (message, ack) => {
    const stored = { ...message, id: String(++seq), seq, createdAt: new Date().toISOString() };
    ack({ ok: true, message: stored, created: true });
    socket.to(`thread:${message.threadId}`).emit('message.new', stored);
  });
});
http.listen(0, '127.0.0.1', () => process.stdout.write(`${http.address().port}\n`));
process.on('SIGTERM', () => process.exit(0));
