/**
 * The body of an InvokeWithResponseStream answer: an `application/vnd.amazon.eventstream` sequence of messages,
 * each a `PayloadChunk` (the bytes the function wrote, as the message's raw body) and last one `InvokeComplete`
 * (JSON `{ErrorCode?, ErrorDetails?, LogResult?}`), as the API reference describes
 * (https://docs.aws.amazon.com/lambda/latest/api/API_InvokeWithResponseStream.html,
 * API_InvokeWithResponseStreamResponseEvent, API_InvokeWithResponseStreamCompleteEvent).
 *
 * The framing (prelude, headers, CRC32s) is the SDK's own codec from `@smithy/core/event-streams`, the one
 * `@aws-sdk/client-lambda` decodes with, so the two cannot disagree.
 */
import { EventStreamCodec } from '@smithy/core/event-streams';
import type { MessageHeaders } from '@smithy/types';

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const codec = new EventStreamCodec(
  (bytes) => decoder.decode(bytes),
  (text) => encoder.encode(text),
);

/** What the stream's last message says: all absent when the function succeeded and no log tail was asked for. */
export interface InvokeCompleteFields {
  ErrorCode?: string;
  ErrorDetails?: string;
  /** Base64 of the invocation log's last 4 KB (LogType Tail). */
  LogResult?: string;
}

function eventHeaders(eventType: string, contentType: string): MessageHeaders {
  return {
    ':event-type': { type: 'string', value: eventType },
    ':message-type': { type: 'string', value: 'event' },
    ':content-type': { type: 'string', value: contentType },
  };
}

/** One PayloadChunk message: its payload member is the event payload, so the bytes travel unencoded. */
export function payloadChunkMessage(bytes: Uint8Array): Uint8Array {
  return codec.encode({ headers: eventHeaders('PayloadChunk', 'application/octet-stream'), body: bytes });
}

/** The InvokeComplete message that ends every stream, success or error. */
export function invokeCompleteMessage(fields: InvokeCompleteFields): Uint8Array {
  return codec.encode({
    headers: eventHeaders('InvokeComplete', 'application/json'),
    body: encoder.encode(JSON.stringify(fields)),
  });
}

/** The whole event stream: one PayloadChunk per chunk, in order (empty chunks are left out), then InvokeComplete. */
export function responseEventStream(
  chunks: readonly Uint8Array[],
  complete: InvokeCompleteFields,
): Uint8Array {
  const messages = chunks
    .filter((chunk) => chunk.byteLength > 0)
    .map(payloadChunkMessage)
    .concat([invokeCompleteMessage(complete)]);
  const out = new Uint8Array(messages.reduce((total, message) => total + message.byteLength, 0));
  let at = 0;
  for (const message of messages) {
    out.set(message, at);
    at += message.byteLength;
  }
  return out;
}
