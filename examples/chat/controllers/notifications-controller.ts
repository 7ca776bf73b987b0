import { emit, Emits, Namespace, On, RateLimit } from 'socketeer';
import { NotificationEmits } from '../emits.js';
import type { z } from 'zod';
import { Notification } from '../schemas.js';

/** Per connection: a burst of 5 notifications, then one every 2 seconds. */
export const NOTIFICATION_LIMIT = { points: 5, duration: 10_000 };

/** `/notifications`: anyone may broadcast a notification to everyone connected here. */
@Emits(NotificationEmits)
@Namespace('/notifications')
export class NotificationsController {
  @On('message')
  message() {
    emit('response', { data: 'Notification namespace response' });
  }

  /** Every notification reaches everyone here, so one client may send only a few. */
  @On('broadcast_notification', Notification)
  @RateLimit(NOTIFICATION_LIMIT)
  broadcastNotification({ message }: z.infer<typeof Notification>) {
    emit('notification', { message }, { broadcast: true });
  }
}
