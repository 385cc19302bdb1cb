import type { TargetedMouseEvent } from 'preact';
import { useStrings } from '../i18n/index.ts';
import type { RichStrings } from '../i18n/rich.ts';
import { useRichStrings } from './templates/strings.ts';
import { useValue } from './use-value.ts';
import type { Upload, Uploads } from '../state/uploads.ts';
export { default as css } from './uploads.css?inline';

export interface UploadProgressProps {
  uploads: Uploads;
}

/** The visitor's words for why an upload stopped. */
const uploadError = (t: RichStrings, { name, error }: Upload): string => {
  if (!error) return '';
  const { reason, maxMb } = error;
  if (reason === 'type') return t.badType(name);
  if (reason === 'size') return t.tooLarge(name, maxMb);
  return `${t.notSent(name)}${reason === 'busy' ? `; ${t.busy}` : reason === 'network' ? `; ${t.checkConnection}` : ''}`;
};

/** Files on their way, above the composer: each a progress bar with Cancel, or its error with Retry / Dismiss. */
export const UploadProgress = ({ uploads }: UploadProgressProps) => {
  const t = useStrings();
  const r = useRichStrings();
  const items = useValue(uploads.items);
  if (items.length === 0) return null;
  // The pressed button goes away with its state: keep the keyboard in the panel, on the composer.
  const act = (e: TargetedMouseEvent<HTMLButtonElement>, action: (id: string) => void, id: string) => {
    const panel = e.currentTarget.closest('[data-chatport="panel"]');
    action(id);
    panel?.querySelector('textarea')?.focus();
  };
  return (
    <ul data-chatport="uploads">
      {items.map((upload) => {
        const { id, name, kind, progress, error } = upload;
        const percent = Math.round(progress * 100);
        const dismiss = error ? r.dismiss : r.cancel;
        return (
          <li key={id} data-chatport="upload">
            {error ? (
              <p role="alert">{uploadError(r, upload)}</p>
            ) : (
              <>
                <span>{name}</span>
                {/* 0..100 is a progressbar's default range. */}
                <span
                  role="progressbar"
                  aria-label={r.uploading(name)}
                  aria-valuenow={percent}
                  aria-valuetext={`${percent}%`}
                  data-chatport="bar"
                  style={{ '--p': `${percent}%` }}
                />
              </>
            )}
            {error && kind && (
              <button type="button" data-chatport="retry" aria-label={`${t.retry} ${name}`} onClick={(e) => act(e, uploads.retry, id)}>
                {t.retry}
              </button>
            )}
            <button type="button" data-chatport="retry" aria-label={`${dismiss} ${name}`} onClick={(e) => act(e, uploads.cancel, id)}>
              {dismiss}
            </button>
          </li>
        );
      })}
    </ul>
  );
};
