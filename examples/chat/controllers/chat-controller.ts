import {
  emit,
  Emits,
  joinRoom,
  leaveRoom,
  Namespace,
  On,
  OnDisconnect,
  request,
  rooms,
  SocketeerError,
} from 'socketeer';
import type { z } from 'zod';
import { ChatEmits } from '../emits.js';
import { PrivateMessage, Register, RoomMessage, RoomPresence } from '../schemas.js';

/** What the chat keeps per connection (request.session persists across its events). */
interface ChatSession {
  /** The name this connection registered. */
  username?: string;
  /** The rooms this connection joined (for the goodbye notice), changed in place: no copy per join. */
  joined?: Set<string>;
}
const state = (): ChatSession => request.session;

/**
 * `/chat`: registration and the user list, rooms, private messages. The events and payloads
 * are the ones of Flask-SocketIO's rooms-and-namespaces chat, so its page works against this.
 */
@Emits(ChatEmits)
@Namespace('/chat')
export class ChatController {
  /** Registered names and the sid of the connection that holds each (one app, one list). */
  readonly users = new Map<string, string>();

  @On('message')
  message() {
    emit('response', { data: 'Chat namespace response' });
  }

  @On('register', Register)
  onRegister({ username }: z.infer<typeof Register>) {
    const holder = this.users.get(username);
    if (holder !== undefined && holder !== request.sid) {
      throw new SocketeerError('name_taken', `The name '${username}' is already taken.`);
    }
    const previous = state().username;
    if (previous !== undefined && previous !== username) this.users.delete(previous);
    this.users.set(username, request.sid);
    state().username = username;
    this.broadcastUserList();
  }

  @On('join_room', RoomPresence)
  onJoinRoom({ room }: z.infer<typeof RoomPresence>) {
    const username = this.sender();
    joinRoom(room);
    (state().joined ??= new Set()).add(room);
    emit('room_message', { msg: `${username} has joined the room` }, { to: room });
  }

  @On('leave_room', RoomPresence)
  onLeaveRoom({ room }: z.infer<typeof RoomPresence>) {
    const username = this.sender();
    this.requireMember(room);
    leaveRoom(room);
    state().joined?.delete(room);
    emit('room_message', { msg: `${username} has left the room` }, { to: room });
  }

  @On('room_message', RoomMessage)
  onRoomMessage({ message, room }: z.infer<typeof RoomMessage>) {
    const username = this.sender();
    this.requireMember(room);
    emit('room_message', { username, message, room }, { to: room });
  }

  @On('private_message', PrivateMessage)
  onPrivateMessage({ recipient, message }: z.infer<typeof PrivateMessage>) {
    const username = this.sender();
    const sid = this.users.get(recipient);
    if (sid === undefined) {
      throw new SocketeerError('unknown_user', `No user named '${recipient}' is online.`);
    }
    emit('private_message', { username, message }, { to: sid });
    // The sender's copy says who it went to.
    emit('private_message', { username, message, recipient }, { to: request.sid });
  }

  @OnDisconnect()
  disconnected() {
    // socket.io has already taken the connection out of its rooms; tell those rooms.
    const { username } = state();
    for (const room of state().joined ?? []) {
      emit('room_message', { msg: `${username} has left the room` }, { to: room });
    }
    if (username !== undefined && this.users.get(username) === request.sid) {
      this.users.delete(username);
      this.broadcastUserList();
    }
  }

  private broadcastUserList() {
    emit('user_list', { users: [...this.users.keys()] }, { broadcast: true });
  }

  /** The name this connection registered: who a message is from, whatever the payload says. */
  private sender(): string {
    const { username } = state();
    if (username === undefined) throw new SocketeerError('not_registered', 'Register a name first.');
    return username;
  }

  private requireMember(room: string) {
    if (!rooms().includes(room)) {
      throw new SocketeerError('not_in_room', `You are not in the room '${room}'; join it first.`);
    }
  }
}
