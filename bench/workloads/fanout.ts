// Room fan-out: lean clients spread evenly over rooms; one sender per room sends acked 'fanout'
// events back to back while the driver runs, and the server emits each to everyone in that room
// (the sender included). A delivery is one 'msg' frame received by one client.
import type { Driver } from '../interleave.js';
import { connectMany, type LeanSocket } from '../lean-client.js';
import { EVENTS } from '../protocol.js';
import { coreShares, type CoreShares, type WindowResult } from '../window.js';

export interface FanoutOptions {
  clients: number;
  rooms: number;
  /**
   * Bursts instead of one event at a time: each sender emits this many acked events at once,
   * then waits for all their acks (the burst socket.io dispatches before any promise settles).
   */
  burst?: number;
}

export interface FanoutResult extends CoreShares {
  deliveries: number;
  /** Events the server answered with an error (refused) while counting; 0 for a correct server. */
  refused: number;
  /** Events the senders sent while counting. */
  sent: number;
  deliveriesPerSec: number;
  serverCpuUsPerDelivery: number;
  loadgenCpuUsPerDelivery: number;
}

const MESSAGE_PREFIX = `42["${EVENTS.message}"`;

export class FanoutDriver implements Driver {
  counting = false;
  #deliveries = 0;
  #refused = 0;
  #sent = 0;
  #burst = 1;
  #sockets: LeanSocket[] = [];
  #senders: { socket: LeanSocket; json: string }[] = [];
  #loops: Promise<void>[] = [];
  #running = false;

  static async connect(port: number, options: FanoutOptions): Promise<FanoutDriver> {
    const driver = new FanoutDriver();
    driver.#burst = options.burst ?? 1;
    driver.#sockets = await connectMany(options.clients, {
      port,
      onEvent: (frame) => {
        if (driver.counting && frame.startsWith(MESSAGE_PREFIX)) driver.#deliveries++;
      },
    });
    await Promise.all(driver.#sockets.map((s, i) => s.emitWithAck(EVENTS.join, JSON.stringify(`room-${i % options.rooms}`))));
    for (let room = 0; room < options.rooms; room++) {
      const socket = driver.#sockets[room];
      if (!socket) throw new Error(`fan-out needs at least ${options.rooms} clients`);
      driver.#senders.push({ socket, json: JSON.stringify({ room: `room-${room}`, text: 'hello, room' }) });
    }
    return driver;
  }

  start(): void {
    this.#running = true;
    const burst = this.#burst;
    this.#loops = this.#senders.map(async ({ socket, json }) => {
      while (this.#running) {
        const counted = this.counting;
        if (burst === 1) {
          const refused = await socket.emitWithAck(EVENTS.fanout, json);
          if (counted) this.#count(1, refused ? 1 : 0);
          continue;
        }
        const answers = await Promise.all(Array.from({ length: burst }, () => socket.emitWithAck(EVENTS.fanout, json)));
        if (counted) this.#count(burst, answers.filter(Boolean).length);
      }
    });
  }

  async stop(): Promise<void> {
    this.#running = false;
    await Promise.all(this.#loops);
  }

  #count(sent: number, refused: number): void {
    this.#sent += sent;
    this.#refused += refused;
  }

  close(): void {
    for (const socket of this.#sockets) socket.close();
  }

  result(window: WindowResult): FanoutResult {
    const deliveries = this.#deliveries;
    return {
      deliveries,
      refused: this.#refused,
      sent: this.#sent,
      deliveriesPerSec: deliveries / window.seconds,
      serverCpuUsPerDelivery: window.serverCpuUs / deliveries,
      loadgenCpuUsPerDelivery: window.loadgenCpuUs / deliveries,
      ...coreShares(window),
    };
  }
}
