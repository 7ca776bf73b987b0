import { z } from 'zod';

/** A name or a room: 1-32 (rooms 1-64) characters, not blank. */
const label = (max: number) => z.string().max(max).regex(/\S/, 'must not be blank');

export const Username = label(32);
export const Room = label(64);
export const Text = z.string().min(1).max(2000);

export const Register = z.object({ username: Username });
// The sender is the name the connection registered (kept in its session), never a payload
// field: a `username` sent along, as the Flask-SocketIO page does, is ignored.
export const RoomPresence = z.object({ room: Room });
export const RoomMessage = z.object({ room: Room, message: Text });
export const PrivateMessage = z.object({ recipient: Username, message: Text });
export const Notification = z.object({ message: Text });
