import { useId, useRef } from 'preact/hooks';
import { useStrings } from '../i18n/index.ts';

export interface ComposerProps {
  value: string;
  maxLength: number;
  onInput: (value: string) => void;
  onSend: () => void;
  /** The textarea lost focus (the visitor stopped typing for now). */
  onBlur?: () => void;
  /** Files picked with the attach button or pasted into the textarea; without it there is no attach button. */
  onAttach?: (file: File) => void;
}

// A hint for the file picker only (the full list and the checks load with the upload code, the relay checks again).
const ACCEPT = 'image/*,audio/*,video/*,.pdf,.txt,.csv,.zip,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods';

/** A labelled textarea: Enter sends, Shift+Enter is a newline, and Enter that confirms an IME composition does neither. */
export const Composer = ({ value, maxLength, onInput, onSend, onBlur, onAttach }: ComposerProps) => {
  const t = useStrings();
  const id = useId();
  const picker = useRef<HTMLInputElement>(null);
  const attach = (files: FileList | null | undefined) => {
    for (const file of files ?? []) onAttach?.(file);
  };
  return (
    <form
      data-chatport="composer"
      onSubmit={(e) => {
        e.preventDefault();
        onSend();
      }}
    >
      {onAttach && (
        <>
          <button type="button" data-chatport="attach" aria-label={t.attach} onClick={() => picker.current?.click()}>
            <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
              <path d="M21 11l-8.5 8.5a5 5 0 01-7-7L14 4a3.5 3.5 0 015 5l-8.5 8.5a2 2 0 01-3-3L15 7" />
            </svg>
          </button>
          <input
            ref={picker}
            type="file"
            multiple
            accept={ACCEPT}
            hidden
            onChange={(e) => {
              attach(e.currentTarget.files);
              // The same file can be picked again.
              e.currentTarget.value = '';
            }}
          />
        </>
      )}
      <label for={id} data-chatport="sr-only">
        {t.message}
      </label>
      <textarea
        id={id}
        rows={1}
        dir="auto"
        value={value}
        maxLength={maxLength}
        placeholder={t.placeholder}
        onInput={(e) => onInput(e.currentTarget.value)}
        onBlur={onBlur}
        onPaste={(e) => {
          // A pasted image (a screenshot) arrives as a file; pasted text is left to the textarea.
          const files = e.clipboardData?.files;
          if (!onAttach || !files?.length) return;
          e.preventDefault();
          attach(files);
        }}
        onKeyDown={(e) => {
          // keyCode 229: Safari reports the composition-ending Enter with isComposing already false.
          if (e.key !== 'Enter' || e.shiftKey || e.isComposing || e.keyCode === 229) return;
          e.preventDefault();
          onSend();
        }}
      />
      <button type="submit" data-chatport="send" disabled={!value.trim()}>
        {t.send}
      </button>
    </form>
  );
};
