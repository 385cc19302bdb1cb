/**
 * `fetch` for a stand-in's calls to the relay (pushes, callbacks), tried once more when a kept-alive connection turns
 * out to have been closed by the relay before any answer came (the relay restarted meanwhile). Node's connection pool
 * hands out such a socket once; the platforms open a connection per call, so they never meet it. Any other failure
 * (refused, timed out, an answer) is returned or thrown as is.
 */
export const fetchToRelay = async (url: string, init: RequestInit): Promise<Response> => {
  try {
    return await fetch(url, init);
  } catch (error) {
    if (!isStaleConnection(error) || init.signal?.aborted) throw error;
    return fetch(url, init);
  }
};

const isStaleConnection = (error: unknown): boolean => error instanceof TypeError && (error.cause as { code?: unknown } | undefined)?.code === 'UND_ERR_SOCKET';
