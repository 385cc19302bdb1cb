import { describe, expect, it, vi } from 'vitest';
import { RequestError } from './api.ts';
import { fakeXhr, uploaded } from './fake-xhr.ts';
import { createUploader, toUpload } from './upload.ts';

const file = (name = 'photo one.png', type = 'image/png') => new File(['abc'], name, { type });
const tick = () => new Promise((r) => setTimeout(r, 0));

const setup = (tokens = ['tok']) => {
  const { requests, xhr } = fakeXhr();
  const getToken = vi.fn(async (rejected?: string) => (rejected ? tokens[1]! : tokens[0]!));
  const uploader = createUploader({ relayUrl: 'https://relay.test/chat', getToken, xhr });
  return { requests, getToken, uploader };
};

const failure = async (promise: Promise<unknown>): Promise<RequestError> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RequestError);
  return error as RequestError;
};

describe('createUploader', () => {
  it('posts the raw file with its type, name and the bearer token, reports progress and parses the answer', async () => {
    const { requests, uploader } = setup();
    const progress: number[] = [];
    const f = file();
    const done = uploader.upload(f, { onProgress: (p) => progress.push(p) });
    await tick();
    const req = requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.url).toBe('https://relay.test/chat/v1/uploads?name=photo%20one.png');
    expect(req.headers).toEqual({ authorization: 'Bearer tok', 'content-type': 'image/png' });
    expect(req.body).toBe(f);
    req.progress(1, 4);
    req.progress(4, 4);
    req.respond(201, uploaded('u1'));
    expect(await done).toEqual(uploaded('u1'));
    expect(progress).toEqual([0.25, 1]);
  });

  it('turns error bodies into readable messages and keeps status and code', async () => {
    const cases: Array<[number, unknown, string, string]> = [
      [413, { error: { code: 'too_large', message: 'body exceeds 10485760 bytes' } }, 'a.png is too large', 'too_large'],
      [415, { error: { code: 'unsupported_type', message: 'type not accepted' } }, "a.png: this type of file can't be sent", 'unsupported_type'],
      [429, { error: { code: 'rate_limited', message: 'slow down' } }, 'a.png could not be sent; try again in a moment', 'rate_limited'],
      [400, { error: { code: 'invalid_name', message: 'name is too long' } }, 'a.png could not be sent (name is too long)', 'invalid_name'],
      [500, '<html>oops</html>', 'a.png could not be sent (HTTP 500)', 'upload_failed'],
      [201, { id: 'u1' }, 'a.png could not be sent (HTTP 201)', 'upload_failed'],
    ];
    for (const [status, body, message, code] of cases) {
      const { requests, uploader } = setup();
      const done = failure(uploader.upload(file('a.png')));
      await tick();
      requests[0]!.respond(status, body);
      expect(await done).toMatchObject({ status, code, message });
    }
  });

  it('reports a network failure with status 0', async () => {
    const { requests, uploader } = setup();
    const done = failure(uploader.upload(file('a.png')));
    await tick();
    requests[0]!.fail();
    expect(await done).toMatchObject({ status: 0, code: 'upload_failed', message: 'a.png could not be sent; check the connection' });
  });

  it('fails with a readable message when no session can be had', async () => {
    const { uploader, getToken, requests } = setup();
    getToken.mockRejectedValueOnce(new RequestError(0, 'network', 'TypeError: Failed to fetch'));
    expect(await failure(uploader.upload(file('a.png')))).toMatchObject({ status: 0, message: 'a.png could not be sent; check the connection' });
    expect(requests).toHaveLength(0);
  });

  it('renews the session once on 401 and sends the file again with the new token', async () => {
    const { requests, uploader, getToken } = setup(['old', 'new']);
    const done = uploader.upload(file());
    await tick();
    requests[0]!.respond(401, { error: { code: 'unauthorized', message: 'expired' } });
    await tick();
    expect(getToken).toHaveBeenLastCalledWith('old');
    expect(requests[1]?.headers.authorization).toBe('Bearer new');
    requests[1]!.respond(201, uploaded('u2'));
    expect((await done).id).toBe('u2');
  });

  it('aborts the request when the signal fires, and never starts one for an aborted signal', async () => {
    const { requests, uploader } = setup();
    const controller = new AbortController();
    const done = failure(uploader.upload(file(), { signal: controller.signal }));
    await tick();
    controller.abort();
    expect(requests[0]?.aborted).toBe(true);
    expect((await done).status).toBe(0);
    expect((await failure(uploader.upload(file(), { signal: controller.signal }))).status).toBe(0);
    expect(requests).toHaveLength(1);
  });
});

describe('toUpload', () => {
  it('accepts a well-formed answer and refuses a non-http url or an unknown kind', () => {
    expect(toUpload(uploaded('u1'))).toEqual(uploaded('u1'));
    expect(toUpload({ ...uploaded('u1'), url: 'javascript:alert(1)' })).toBeUndefined();
    expect(toUpload({ ...uploaded('u1'), kind: 'sticker' })).toBeUndefined();
    expect(toUpload({ ...uploaded('u1'), id: 7 })).toBeUndefined();
    expect(toUpload({ ...uploaded('u1'), size: -1 })).toBeUndefined();
  });
});
