import { useStrings } from '../../i18n/index.ts';
import { useRichStrings } from './strings.ts';
import { isHttpUrl } from '../../protocol/url.ts';

export interface FileCardProps {
  url: string;
  name?: string;
}

/** A download card: icon and name. A URL that is not http(s) leaves the name as text. */
export const FileCard = ({ url, name }: FileCardProps) => {
  const t = useStrings();
  const r = useRichStrings();
  const label = name || t.file;
  const inner = (
    <>
      <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <path d="M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8zM14 3v5h5M12 11v6M9 14l3 3 3-3" />
      </svg>
      <span data-chatport="file-name">{label}</span>
    </>
  );
  return isHttpUrl(url) ? (
    <a data-chatport="file" href={url} download={name || ''} target="_blank" rel="noopener noreferrer" aria-label={r.download(label)}>
      {inner}
    </a>
  ) : (
    <p data-chatport="file">{inner}</p>
  );
};
