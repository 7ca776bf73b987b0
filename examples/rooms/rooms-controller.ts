import { Emits, emits, Namespace, On, joinRoom, leaveRoom, send } from 'socketeer';
import { z } from 'zod';

const name = (max: number) => z.string().max(max).regex(/\S/, 'must not be blank');

const Presence = z.object({ username: name(32), room: name(64) });
const RoomMessage = z.object({ room: name(64), msg: z.string().min(1).max(2000) });

/**
 * The minimal room chat: everything travels as unnamed `message` events (send()), and a
 * message reaches only the clients in its room.
 */
/** What the server sends: text, as unnamed `message` events (`send()`). */
export const RoomsEmits = emits({ message: z.string() });

@Emits(RoomsEmits)
@Namespace('/')
export class RoomsController {
  @On('join', Presence)
  join({ username, room }: z.infer<typeof Presence>) {
    joinRoom(room);
    send(`${username} has entered the room.`, { to: room });
  }

  @On('leave', Presence)
  leave({ username, room }: z.infer<typeof Presence>) {
    leaveRoom(room);
    // Sent after leaving, so the one who left does not get it; the others do.
    send(`${username} has left the room.`, { to: room });
  }

  @On('message', RoomMessage)
  message({ room, msg }: z.infer<typeof RoomMessage>) {
    send(msg, { to: room });
  }
}
