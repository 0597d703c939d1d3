import type { Socket } from 'node:net';
import { errorMessage, type ErrorCode } from '@app/domain';

/**
 * Requests Node's HTTP parser refuses before Fastify sees them — headers or a URL beyond Node's
 * 16 KB header limit, or bytes that are not HTTP — would get Fastify's own 400 body (or Node's bare
 * `431`). They get API.md's error body instead (zh-CN: the headers that would say otherwise were
 * not read). Fastify's `clientErrorHandler` (main.ts).
 */
export function answerClientError(err: NodeJS.ErrnoException, socket: Socket): void {
  // A client that went away needs no answer; a socket already answering cannot take a second one.
  if (err.code === 'ECONNRESET' || !socket.writable || (socket as { _httpMessage?: unknown })._httpMessage) {
    socket.destroy();
    return;
  }
  const [status, code]: [number, ErrorCode] =
    err.code === 'HPE_HEADER_OVERFLOW' ? [431, 'HEADERS_TOO_LARGE'] : [400, 'MALFORMED_REQUEST'];
  const body = JSON.stringify({
    statusCode: status,
    code,
    message: errorMessage(code, 'zh-CN'),
    details: [],
  });
  socket.end(
    `HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
      'Content-Type: application/json; charset=utf-8\r\nCache-Control: no-store\r\nConnection: close\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
