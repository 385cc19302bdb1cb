import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Open connections and the requests in progress on each, so a stop can close every idle one. Node's own
 * closeIdleConnections() leaves a connection that has not sent a request yet (a client's spare keep-alive
 * socket counts as waiting for headers), which would hold a stop for the client's whole keep-alive time.
 */
export const trackConnections = (server: Server) => {
  const inProgress = new Map<Socket, number>();
  server.on('connection', (socket: Socket) => {
    inProgress.set(socket, 0);
    socket.once('close', () => inProgress.delete(socket));
  });
  server.on('request', (req, res) => {
    const socket = req.socket;
    inProgress.set(socket, (inProgress.get(socket) ?? 0) + 1);
    res.once('close', () => {
      const left = (inProgress.get(socket) ?? 1) - 1;
      if (inProgress.has(socket)) inProgress.set(socket, left);
    });
  });
  return {
    /** Ends every connection with no request in progress. */
    closeIdle(): void {
      for (const [socket, count] of inProgress) if (count === 0) socket.destroy();
    },
  };
};
