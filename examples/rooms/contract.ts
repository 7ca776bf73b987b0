/**
 * The rooms chat's contract for clients: which method handles each event, and what the server
 * sends (text, as unnamed `message` events). Checked against the decorators when it loads;
 * clients import only its types.
 */
import { contract, type ClientToServer, type ServerToClient } from 'socketeer';
import type { Socket } from 'socket.io-client';
import { RoomsController, RoomsEmits } from './rooms-controller.js';

export const rooms = contract(RoomsController, {
  events: { join: 'join', leave: 'leave', message: 'message' },
  emits: RoomsEmits,
});

/** A socket.io-client socket typed by the contract: `Socket<ListenEvents, EmitEvents>`. */
export type RoomsSocket = Socket<ServerToClient<typeof rooms>, ClientToServer<typeof rooms>>;
