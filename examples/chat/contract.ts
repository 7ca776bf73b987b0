/**
 * The chat's contract for clients: which method handles each event, and what each namespace
 * emits. `contract()` checks the names against the decorators when this module loads, so a
 * renamed event or method fails the tests instead of drifting. Clients import only the types:
 * `client.ts` (Node) and `public/chat.js` (the page, checked by tsc through JSDoc).
 */
import { contract, type ClientToServer, type ServerToClient } from 'socketeer';
import type { Socket } from 'socket.io-client';
import { ChatController } from './controllers/chat-controller.js';
import { DefaultController } from './controllers/default-controller.js';
import { NotificationsController } from './controllers/notifications-controller.js';
import { ChatEmits, DefaultEmits, NotificationEmits } from './emits.js';

export const main = contract(DefaultController, { events: { message: 'message' }, emits: DefaultEmits });

export const chat = contract(ChatController, {
  events: {
    message: 'message',
    register: 'onRegister',
    join_room: 'onJoinRoom',
    leave_room: 'onLeaveRoom',
    room_message: 'onRoomMessage',
    private_message: 'onPrivateMessage',
  },
  emits: ChatEmits,
});

export const notifications = contract(NotificationsController, {
  events: { message: 'message', broadcast_notification: 'broadcastNotification' },
  emits: NotificationEmits,
});

/** socket.io-client sockets typed for each namespace: `Socket<ListenEvents, EmitEvents>`. */
export type MainSocket = Socket<ServerToClient<typeof main>, ClientToServer<typeof main>>;
export type ChatSocket = Socket<ServerToClient<typeof chat>, ClientToServer<typeof chat>>;
export type NotificationsSocket = Socket<ServerToClient<typeof notifications>, ClientToServer<typeof notifications>>;
