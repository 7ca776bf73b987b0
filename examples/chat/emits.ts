/**
 * What each namespace sends to its clients. `@Emits()` puts these on the controllers, where
 * the AsyncAPI document, `socketeer routes` and `validateEmits` find them; `contract.ts` hands
 * them to the typed clients.
 */
import { emits } from 'socketeer';
import { z } from 'zod';

/** Every namespace answers `message` with its own `response`. */
const Response = z.object({ data: z.string() });

export const DefaultEmits = emits({ response: Response });

export const ChatEmits = emits({
  response: Response,
  user_list: z.object({ users: z.array(z.string()) }),
  /** A notice (someone joined or left), or a message to the room. */
  room_message: z.union([
    z.object({ msg: z.string() }),
    z.object({ username: z.string(), message: z.string(), room: z.string() }),
  ]),
  /** The recipient's copy, or the sender's (which says who it went to). */
  private_message: z.object({ username: z.string(), message: z.string(), recipient: z.string().optional() }),
});

export const NotificationEmits = emits({
  response: Response,
  notification: z.object({ message: z.string() }),
});
