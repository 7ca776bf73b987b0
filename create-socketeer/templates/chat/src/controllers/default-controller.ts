import { emit, Namespace, On } from 'socketeer';

/** The default namespace answers `message` with its own `response`. */
@Namespace('/')
export class DefaultController {
  @On('message')
  message() {
    emit('response', { data: 'Default namespace response' });
  }
}
