import { emit, Emits, Namespace, On } from 'socketeer';
import { NotificationEmits } from '../emits.js';
import type { z } from 'zod';
import { Notification } from '../schemas.js';

/** `/notifications`: anyone may broadcast a notification to everyone connected here. */
@Emits(NotificationEmits)
@Namespace('/notifications')
export class NotificationsController {
  @On('message')
  message() {
    emit('response', { data: 'Notification namespace response' });
  }

  @On('broadcast_notification', Notification)
  broadcastNotification({ message }: z.infer<typeof Notification>) {
    emit('notification', { message }, { broadcast: true });
  }
}
