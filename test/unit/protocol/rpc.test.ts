// Paired requests and replies over a real MessageChannel (as between the page and its worker):
// replies find their request by id whatever order they come in, errors travel back, and buffers
// listed for transfer are moved.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MessageChannel } from 'node:worker_threads';
import { RequestClient, RequestServer, withTransfer } from '../../../src/protocol/rpc';

type Methods = {
  double: { params: { x: number; delayMs: number }; result: number };
  fail: { params: Record<string, never>; result: never };
  buffer: { params: { n: number }; result: Float64Array };
};

test('requests and replies pair by id, errors come back, transferred buffers move', async (t) => {
  const { port1, port2 } = new MessageChannel();
  t.after(() => {
    port1.close();
    port2.close();
  });
  let sent: Float64Array | undefined;
  const server = new RequestServer<Methods>((m, transfer) => port2.postMessage(m, transfer ?? []), {
    double: async ({ x, delayMs }) => {
      await new Promise((r) => setTimeout(r, delayMs));
      return 2 * x;
    },
    fail: () => {
      throw new Error('no such node');
    },
    buffer: ({ n }) => {
      sent = new Float64Array(n).fill(1.5);
      return withTransfer(sent, [sent.buffer as ArrayBuffer]);
    },
  });
  port2.on('message', (m) => server.handle(m));
  const client = new RequestClient<Methods>((m, transfer) => port1.postMessage(m, transfer ?? []));
  port1.on('message', (m) => client.handle(m));

  // The slow one is asked first and answered last.
  const [slow, fast] = await Promise.all([client.request('double', { x: 1, delayMs: 50 }), client.request('double', { x: 20, delayMs: 0 })]);
  assert.deepEqual([slow, fast], [2, 40]);
  await assert.rejects(client.request('fail', {}), /no such node/);
  const got = await client.request('buffer', { n: 4 });
  assert.deepEqual(Array.from(got), [1.5, 1.5, 1.5, 1.5]);
  assert.equal(sent!.byteLength, 0, 'the server\'s buffer was moved, not copied');
  // A reply nobody waits for is not taken.
  assert.equal(client.handle({ type: 'reply', inReplyTo: 999, ok: true, result: 1 }), false);
});
