import { bodyChunks, discardBody } from '../http/body.ts';
import { HttpError, sendJson } from '../http/errors.ts';
import type { Context } from '../http/router.ts';
import { authenticate, type RelayContext } from './context.ts';

const declaredSize = (header: string | undefined): number | undefined => (header !== undefined && /^\d+$/.test(header) ? Number(header) : undefined);

/**
 * POST /v1/uploads?name= — the raw file as the body, its type in Content-Type. Checked while it streams to disk;
 * answers 201 with the upload's id and public address, which the visitor then sends as `{kind:'attachment'}`.
 */
export const createUploadRoute =
  (ctx: RelayContext) =>
  async ({ req, res, url }: Context) => {
    const { claims, conversation } = await authenticate(ctx, req);
    const receive = async () => {
      const address = ctx.clientAddress(req);
      // Checked together so that a refusal by one allowance does not use up the other.
      if (!ctx.limits.uploadsPerVisitor.peek(claims.v)) throw new HttpError(429, 'rate_limited', 'too many files; wait a moment and try again');
      if (!ctx.limits.uploadsPerAddress.peek(address)) throw new HttpError(429, 'rate_limited', 'too many files from this address; wait a moment and try again');
      ctx.limits.uploadsPerVisitor.take(claims.v);
      ctx.limits.uploadsPerAddress.take(address);
      await ctx.disk.checkUpload();
      return ctx.uploads.receive({
        visitorId: claims.v,
        conversationId: conversation.id,
        contentType: req.headers['content-type'],
        name: url.searchParams.get('name'),
        declaredSize: declaredSize(req.headers['content-length']),
        body: bodyChunks(req),
      });
    };
    // A refusal is counted with the others (chatport_refusals_total, by code).
    const upload = await receive().catch((error: unknown) => {
      discardBody(req);
      throw error;
    });
    // The token is the file's only protection: log the id, never the address.
    ctx.logger.info('upload.stored', { uploadId: upload.id, conversationId: conversation.id, mime: upload.mime, size: upload.size });
    ctx.metrics.inc('chatport_uploads_total', { kind: upload.kind });
    sendJson(res, 201, ctx.uploads.describe(upload));
  };
