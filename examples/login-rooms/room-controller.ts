import {
  emit,
  joinRoom,
  leaveRoom,
  Namespace,
  On,
  OnConnect,
  OnDisconnect,
  rooms,
  SocketeerError,
  Use,
} from 'socketeer';
import { z } from 'zod';
import { currentUser, handshakeSession, requireLogin, sessionRoom, state } from './auth.js';

const RoomRef = z.object({ room: z.string().max(64).regex(/\S/, 'must not be blank') });
const Chat = RoomRef.extend({ message: z.string().min(1).max(2000) });

/**
 * Rooms behind a login. Anyone may connect; every event needs a logged-in user
 * (`@Use(requireLogin)`, Flask-Login's `@login_required`), whose name comes from the
 * session, never from the payload.
 */
@Namespace('/')
export class RoomController {
  @OnConnect()
  connect() {
    const login = handshakeSession();
    if (login?.user) {
      state().user = login.user;
      joinRoom(sessionRoom(login.id)); // logging out disconnects this connection
    }
    emit('welcome', { user: state().user?.name ?? null });
  }

  @On('join', RoomRef)
  @Use(requireLogin)
  join({ room }: z.infer<typeof RoomRef>) {
    joinRoom(room);
    state().rooms = [...new Set([...(state().rooms ?? []), room])];
    emit('join', `${currentUser().name} joined the room.`, { to: room });
  }

  @On('leave', RoomRef)
  @Use(requireLogin)
  leave({ room }: z.infer<typeof RoomRef>) {
    requireMember(room);
    leaveRoom(room);
    state().rooms = (state().rooms ?? []).filter((r) => r !== room);
    emit('leave', `${currentUser().name} left the room.`, { to: room });
  }

  @On('chat', Chat)
  @Use(requireLogin)
  chat({ room, message }: z.infer<typeof Chat>) {
    requireMember(room);
    emit('chat', { user: currentUser().name, message, room }, { to: room });
  }

  @OnDisconnect()
  disconnected() {
    const { user } = state();
    if (!user) return;
    for (const room of state().rooms ?? []) emit('leave', `${user.name} left the room.`, { to: room });
  }
}

function requireMember(room: string): void {
  if (!rooms().includes(room))
    throw new SocketeerError('not_in_room', `You are not in the room '${room}'; join it first.`);
}
