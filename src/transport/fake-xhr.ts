// Test helper (not part of the bundle): XMLHttpRequest stand-ins that record each request and answer on command.

type Handler = ((e: ProgressEvent) => unknown) | null;

export class FakeXhr {
  method = '';
  url = '';
  headers: Record<string, string> = {};
  body: unknown;
  status = 0;
  responseType = '';
  response: unknown = null;
  aborted = false;
  readonly upload: { onprogress: Handler } = { onprogress: null };
  onload: Handler = null;
  onerror: Handler = null;
  onabort: Handler = null;
  onloadend: Handler = null;

  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name.toLowerCase()] = value;
  }
  send(body: unknown) {
    this.body = body;
  }
  abort() {
    this.aborted = true;
    this.fire('onabort');
  }

  /** Reports `loaded` of `total` bytes sent. */
  progress(loaded: number, total: number) {
    this.upload.onprogress?.({ lengthComputable: true, loaded, total } as ProgressEvent);
  }
  /** Answers with a status and a body; a string stands for a body that is not JSON (null with responseType 'json'). */
  respond(status: number, body: unknown) {
    this.status = status;
    this.response = this.responseType === 'json' && typeof body === 'string' ? null : body;
    this.fire('onload');
  }
  /** No answer at all (network down, CORS refused). */
  fail() {
    this.fire('onerror');
  }
  private fire(name: 'onload' | 'onerror' | 'onabort') {
    this[name]?.({} as ProgressEvent);
    this.onloadend?.({} as ProgressEvent);
  }
}

/** A factory to pass as `xhr`, and every request it made. */
export const fakeXhr = () => {
  const requests: FakeXhr[] = [];
  return {
    requests,
    xhr: () => {
      const req = new FakeXhr();
      requests.push(req);
      return req as unknown as XMLHttpRequest;
    },
  };
};

/** The relay's 201 answer to an upload. */
export const uploaded = (id: string, name = 'photo.png', mime = 'image/png', kind = 'image') => ({ id, url: `https://relay.test/files/${id}`, name, size: 3, mime, kind });
