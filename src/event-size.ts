/**
 * The message size limit per event, binary attachments included. engine.io checks each frame
 * against `maxHttpBufferSize`, but an event with attachments arrives as a text frame plus one
 * frame per attachment (up to socket.io's `maxAttachments`, 10), each checked on its own. This
 * decoder adds the frames of one event up and refuses the event past the limit; socket.io then
 * closes that client's connection, as engine.io does for one oversized frame.
 * Internal module: not exported from the package entry points.
 */
import type { ServerOptions } from 'socket.io';
import { Decoder, Encoder, protocol } from 'socket.io-parser';

function sizeOf(chunk: unknown): number {
  if (typeof chunk === 'string') return chunk.length;
  if (chunk instanceof ArrayBuffer || ArrayBuffer.isView(chunk)) return chunk.byteLength;
  return 0;
}

/** socket.io's default parser, with a per-event byte limit (the `parser` server option). */
export function eventSizeLimitedParser(maxBytes: number): ServerOptions['parser'] {
  class EventSizeLimitedDecoder extends Decoder {
    #bytes = 0;
    override add(chunk: unknown): void {
      // A text frame starts a packet; binary frames are its attachments.
      if (typeof chunk === 'string') this.#bytes = chunk.length;
      else this.#bytes += sizeOf(chunk);
      if (this.#bytes > maxBytes) throw new Error(`event larger than ${maxBytes} bytes`);
      super.add(chunk);
    }
  }
  return { protocol, Encoder, Decoder: EventSizeLimitedDecoder };
}
