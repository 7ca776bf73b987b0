/**
 * A typed Node client for the chat, with no code generation: the socket's event names,
 * payloads and acks come from the controllers through `contract.ts` (a type-only import, so
 * no server code loads here). A typo in an event name or a payload field does not compile.
 *
 *   npx tsx examples/chat/client.ts [url] [name] [room] [message]
 *
 * Registers, joins the room, says the message, prints what arrives until its own message comes
 * back, then leaves. Exits 1 with the server's error when it refuses (a taken name, say).
 */
import { pathToFileURL } from 'node:url';
import { io } from 'socket.io-client';
import type { ChatSocket } from './contract.js';

export interface ClientOptions {
  username: string;
  room: string;
  message: string;
  /** Where each line goes; default stdout. */
  print?: (line: string) => void;
}

/** Runs one conversation; resolves with the users online when it was done. */
export async function chatOnce(
  url: string,
  { username, room, message, print = console.log }: ClientOptions,
): Promise<string[]> {
  const chat: ChatSocket = io(`${url}/chat`, { transports: ['websocket'], reconnection: false });
  let users: string[] = [];
  chat.on('user_list', (list) => {
    users = list.users;
    print(`users: ${list.users.join(', ')}`);
  });
  chat.on('socketeer:error', ({ event, error }) => print(`refused ${event}: ${error.code}`));
  try {
    await new Promise<void>((resolve, reject) => {
      chat.once('connect', resolve);
      chat.once('connect_error', reject);
    });
    // register returns nothing, so its ack is empty, or { error } when the name is taken.
    const refused = await new Promise<string | undefined>((resolve) =>
      chat.emit('register', { username }, (reply) => resolve(reply?.error.message)),
    );
    if (refused !== undefined) throw new Error(refused);
    const echoed = new Promise<void>((resolve) => {
      chat.on('room_message', (data) => {
        if ('msg' in data) print(`* ${data.msg}`);
        else print(`${data.username}@${data.room}: ${data.message}`);
        if ('message' in data && data.username === username && data.message === message) resolve();
      });
    });
    chat.emit('join_room', { room });
    chat.emit('room_message', { room, message });
    await echoed;
    chat.emit('leave_room', { room });
    return users;
  } finally {
    chat.disconnect();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [url = 'http://127.0.0.1:3000', username = 'node-client', room = 'lobby', message = 'hello from Node'] =
    process.argv.slice(2);
  try {
    await chatOnce(url, { username, room, message });
  } catch (err) {
    console.error(`chat client: ${(err as Error).message}`);
    process.exitCode = 1;
  }
}
