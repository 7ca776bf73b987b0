import { emit, Namespace, On } from 'socketeer';
import { z } from 'zod';

const Notification = z.object({ message: z.string().trim().min(1).max(500) });

/** The `/notifications` namespace: a separate channel, so chat traffic never reaches it. */
@Namespace('/notifications')
export class NotificationsController {
  /** Everyone connected to `/notifications`, the sender included, gets the notification. */
  @On('broadcast_notification', Notification)
  broadcast({ message }: z.infer<typeof Notification>) {
    emit('notification', { message }, { broadcast: true });
  }
}
