/**
 * A typed Node client for the rooms chat: event names and payloads come from the controller
 * through `contract.ts` (a type-only import). A typo does not compile.
 *
 *   npx tsx examples/rooms/client.ts [url] [name] [room] [message]
 *
 * Joins the room, says the message, prints what arrives until its own message comes back,
 * then leaves.
 */
import { pathToFileURL } from 'node:url';
import { io } from 'socket.io-client';
import type { RoomsSocket } from './contract.js';

/** Runs one conversation; resolves with every line the room sent. */
export async function talk(
  url: string,
  username: string,
  room: string,
  msg: string,
  print: (line: string) => void = console.log,
): Promise<string[]> {
  const socket: RoomsSocket = io(url, { transports: ['websocket'], reconnection: false });
  const lines: string[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    const echoed = new Promise<void>((resolve) => {
      socket.on('message', (text) => {
        lines.push(text);
        print(text);
        if (text === msg) resolve();
      });
    });
    socket.emit('join', { username, room });
    socket.emit('message', { room, msg });
    await echoed;
    socket.emit('leave', { username, room });
    return lines;
  } finally {
    socket.disconnect();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [url = 'http://127.0.0.1:3000', username = 'node-client', room = 'lobby', msg = 'hello from Node'] =
    process.argv.slice(2);
  try {
    await talk(url, username, room, msg);
  } catch (err) {
    console.error(`rooms client: ${(err as Error).message}`);
    process.exitCode = 1;
  }
}
