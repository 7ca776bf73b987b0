import { z } from 'zod';

/** A name or a room: 1-32 (rooms 1-64) characters, not blank. */
const label = (max: number) => z.string().max(max).regex(/\S/, 'must not be blank');

export const Username = label(32);
export const Room = label(64);
export const Text = z.string().min(1).max(2000);

export const Register = z.object({ username: Username });
export const RoomPresence = z.object({ username: Username, room: Room });
export const RoomMessage = z.object({ username: Username, room: Room, message: Text });
export const PrivateMessage = z.object({ username: Username, recipient: Username, message: Text });
export const Notification = z.object({ message: Text });
