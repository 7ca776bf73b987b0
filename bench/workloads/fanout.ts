// Room fan-out: lean clients spread evenly over rooms; one sender per room sends acked 'fanout'
// events back to back, and the server emits each to everyone in that room (the sender included).
// A delivery is one 'msg' frame received by one client.
import { connectMany, type LeanSocket } from '../lean-client.js';
import { EVENTS } from '../protocol.js';
import type { ServerProcess } from '../server-process.js';
import { coreShares, measureWindow, type CoreShares } from '../window.js';

export interface FanoutOptions {
  clients: number;
  rooms: number;
  warmupMs: number;
  durationMs: number;
}

export interface FanoutResult extends CoreShares {
  deliveries: number;
  deliveriesPerSec: number;
  serverCpuUsPerDelivery: number;
  loadgenCpuUsPerDelivery: number;
}

export async function runFanout(server: ServerProcess, options: FanoutOptions): Promise<FanoutResult> {
  const messagePrefix = `42["${EVENTS.message}"`;
  let counting = false;
  let deliveries = 0;
  const sockets: LeanSocket[] = await connectMany(options.clients, {
    port: server.port,
    onEvent: (frame) => {
      if (counting && frame.startsWith(messagePrefix)) deliveries++;
    },
  });
  let running = true;
  const senders: Promise<void>[] = [];
  try {
    await Promise.all(sockets.map((socket, i) => socket.emitWithAck(EVENTS.join, JSON.stringify(`room-${i % options.rooms}`))));
    for (let room = 0; room < options.rooms; room++) {
      const sender = sockets[room];
      if (!sender) throw new Error(`fan-out needs at least ${options.rooms} clients`);
      const json = JSON.stringify({ room: `room-${room}`, text: 'hello, room' });
      senders.push(
        (async () => {
          while (running) await sender.emitWithAck(EVENTS.fanout, json);
        })(),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, options.warmupMs));
    const window = await measureWindow(server, options.durationMs, (on) => (counting = on));
    return {
      deliveries,
      deliveriesPerSec: deliveries / window.seconds,
      serverCpuUsPerDelivery: window.serverCpuUs / deliveries,
      loadgenCpuUsPerDelivery: window.loadgenCpuUs / deliveries,
      ...coreShares(window),
    };
  } finally {
    running = false;
    await Promise.all(senders);
    for (const socket of sockets) socket.close();
  }
}
