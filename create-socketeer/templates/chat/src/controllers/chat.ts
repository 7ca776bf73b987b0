import { emit, joinRoom, leaveRoom, Namespace, On, OnDisconnect, request, rooms, SocketeerError } from 'socketeer';
import { z } from 'zod';

// What the server remembers about a connection, across its events (Flask's `session`).
declare module 'socketeer' {
  interface Session {
    username?: string;
  }
}

const Username = z.string().trim().min(1).max(32);
const Room = z.string().trim().min(1).max(64);
const Text = z.string().trim().min(1).max(2000);

const Register = z.object({ username: Username });
const RoomRef = z.object({ room: Room });
const RoomMessage = z.object({ room: Room, message: Text });
const PrivateMessage = z.object({ recipient: Username, message: Text });

/**
 * The `/chat` namespace: register a username, join and leave rooms, talk in a room, and send
 * private messages. The server keeps each connection's username in its session, so a client
 * cannot speak under someone else's name.
 */
@Namespace('/chat')
export class ChatController {
  /** Who is online: username -> the sid of the connection holding it. */
  readonly #users = new Map<string, string>();

  /** Claims a username (or renames); everyone gets the new user list. Ack: `{ username }`. */
  @On('register', Register)
  register({ username }: z.infer<typeof Register>) {
    const holder = this.#users.get(username);
    if (holder !== undefined && holder !== request.sid) {
      throw new SocketeerError('username_taken', `"${username}" is taken; choose another name.`);
    }
    const previous = request.session.username;
    if (previous !== undefined) this.#users.delete(previous);
    this.#users.set(username, request.sid);
    request.session.username = username;
    this.#sendUserList();
    return { username };
  }

  /** Joins a room; everyone in it (the newcomer too) hears about it. */
  @On('join_room', RoomRef)
  join({ room }: z.infer<typeof RoomRef>) {
    const username = this.#username();
    joinRoom(room);
    emit('room_message', { msg: `${username} has joined the room` }, { to: room });
    return { room };
  }

  /** Leaves a room; those still in it hear about it. */
  @On('leave_room', RoomRef)
  leave({ room }: z.infer<typeof RoomRef>) {
    const username = this.#username();
    leaveRoom(room);
    emit('room_message', { msg: `${username} has left the room` }, { to: room });
    return { room };
  }

  /** Posts to a room the sender is in. */
  @On('room_message', RoomMessage)
  message({ room, message }: z.infer<typeof RoomMessage>) {
    const username = this.#username();
    if (!rooms().includes(room)) throw new SocketeerError('forbidden', `Join "${room}" before posting to it.`);
    emit('room_message', { username, message, room }, { to: room });
  }

  /** Sends to one user, by name; the sender gets a copy that names the recipient. */
  @On('private_message', PrivateMessage)
  privateMessage({ recipient, message }: z.infer<typeof PrivateMessage>) {
    const username = this.#username();
    const sid = this.#users.get(recipient);
    if (sid === undefined) throw new SocketeerError('unknown_user', `Nobody called "${recipient}" is online.`);
    emit('private_message', { username, message }, { to: sid });
    emit('private_message', { username, message, recipient });
  }

  /** Socket.io has already taken the connection out of its rooms; we forget its username. */
  @OnDisconnect()
  left() {
    const username = request.session.username;
    if (username !== undefined && this.#users.get(username) === request.sid) {
      this.#users.delete(username);
      this.#sendUserList();
    }
  }

  #username(): string {
    const username = request.session.username;
    if (username === undefined) throw new SocketeerError('unauthorized', 'Register a username first.');
    return username;
  }

  #sendUserList(): void {
    emit('user_list', { users: [...this.#users.keys()].sort() }, { broadcast: true });
  }
}
