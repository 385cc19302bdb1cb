import { useStrings } from '../../i18n/index.ts';
import { isHttpUrl } from '../../protocol/url.ts';
import { useConversation } from '../extras.ts';
import { fileSize, fileType } from './file-meta.ts';
import { useRichStrings } from './strings.ts';

export interface FileCardProps {
  url: string;
  name?: string;
  /** Bytes and MIME type, where the platform says: shown under the name. */
  size?: number;
  mime?: string;
}

/** A download card: icon, name, and the type and size where known. A URL that is not http(s) leaves it as text. */
export const FileCard = ({ url, name, size, mime }: FileCardProps) => {
  const t = useStrings();
  const r = useRichStrings();
  const locale = useConversation()?.timeLocale;
  const label = name || t.file;
  const meta = [fileType(name, mime), fileSize(size, locale)].filter(Boolean).join(' · ');
  const inner = (
    <>
      <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <path d="M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8zM14 3v5h5M12 11v6M9 14l3 3 3-3" />
      </svg>
      <span data-chatport="file-text">
        <span data-chatport="file-name">{label}</span>
        {meta && <span data-chatport="file-meta">{meta}</span>}
      </span>
    </>
  );
  return isHttpUrl(url) ? (
    <a data-chatport="file" href={url} download={name || ''} target="_blank" rel="noopener noreferrer" aria-label={r.download(meta ? `${label}, ${meta}` : label)}>
      {inner}
    </a>
  ) : (
    <p data-chatport="file">{inner}</p>
  );
};
