import type { TargetedMouseEvent } from 'preact';
import type { Uploads } from '../state/uploads.ts';

export interface UploadProgressProps {
  uploads: Uploads;
}

/** Files on their way, above the composer: each a progress bar with Cancel, or its error with Retry / Dismiss. */
export const UploadProgress = ({ uploads }: UploadProgressProps) => {
  const items = uploads.items.value;
  if (items.length === 0) return null;
  // The pressed button goes away with its state: keep the keyboard in the panel, on the composer.
  const act = (e: TargetedMouseEvent<HTMLButtonElement>, action: (id: string) => void, id: string) => {
    const panel = e.currentTarget.closest('[data-chatport="panel"]');
    action(id);
    panel?.querySelector('textarea')?.focus();
  };
  return (
    <ul data-chatport="uploads">
      {items.map(({ id, name, kind, progress, error }) => {
        const percent = Math.round(progress * 100);
        return (
          <li key={id} data-chatport="upload">
            {error ? (
              <p role="alert">{error}</p>
            ) : (
              <>
                <span>{name}</span>
                {/* 0..100 is a progressbar's default range. */}
                <span role="progressbar" aria-label={`Uploading ${name}`} aria-valuenow={percent} aria-valuetext={`${percent}%`} data-chatport="bar" style={{ '--p': `${percent}%` }} />
              </>
            )}
            {error && kind && (
              <button type="button" data-chatport="retry" aria-label={`Retry ${name}`} onClick={(e) => act(e, uploads.retry, id)}>
                Retry
              </button>
            )}
            <button type="button" data-chatport="retry" aria-label={`${error ? 'Dismiss' : 'Cancel'} ${name}`} onClick={(e) => act(e, uploads.cancel, id)}>
              {error ? 'Dismiss' : 'Cancel'}
            </button>
          </li>
        );
      })}
    </ul>
  );
};
