import { emit, Emits, Namespace, On } from 'socketeer';
import { DefaultEmits } from '../emits.js';

/** The default namespace answers `message` with its own `response`. */
@Emits(DefaultEmits)
@Namespace('/')
export class DefaultController {
  @On('message')
  message() {
    emit('response', { data: 'Default namespace response' });
  }
}
