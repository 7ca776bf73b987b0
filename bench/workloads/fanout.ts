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
  /** Acks carrying an error (refused events) received while counting; 0 for a correct server. */
  refused: number;
  /** Acks the senders received while counting. */
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
    await Promise.all(
      driver.#sockets.map((s, i) => s.emitWithAck(EVENTS.join, JSON.stringify(`room-${i % options.rooms}`))),
    );
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
        if (burst === 1) {
          this.#count(await socket.emitWithAck(EVENTS.fanout, json));
          continue;
        }
        // Each ack is counted as it arrives, so a burst that spans a window boundary counts in part.
        await Promise.all(
          Array.from({ length: burst }, () =>
            socket.emitWithAck(EVENTS.fanout, json).then((refused) => this.#count(refused)),
          ),
        );
      }
    });
  }

  async stop(): Promise<void> {
    this.#running = false;
    await Promise.all(this.#loops);
  }

  /** One acked event, counted while the window is open. */
  #count(refused: boolean): void {
    if (!this.counting) return;
    this.#sent++;
    if (refused) this.#refused++;
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
