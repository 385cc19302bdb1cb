import { useId } from 'preact/hooks';

export interface ComposerProps {
  value: string;
  maxLength: number;
  onInput: (value: string) => void;
  onSend: () => void;
}

/** A labelled textarea: Enter sends, Shift+Enter is a newline, and Enter that confirms an IME composition does neither. */
export const Composer = ({ value, maxLength, onInput, onSend }: ComposerProps) => {
  const id = useId();
  return (
    <form
      data-chatport="composer"
      onSubmit={(e) => {
        e.preventDefault();
        onSend();
      }}
    >
      <label for={id} data-chatport="sr-only">
        Message
      </label>
      <textarea
        id={id}
        rows={1}
        value={value}
        maxLength={maxLength}
        placeholder="Write a message…"
        onInput={(e) => onInput(e.currentTarget.value)}
        onKeyDown={(e) => {
          // keyCode 229: Safari reports the composition-ending Enter with isComposing already false.
          if (e.key !== 'Enter' || e.shiftKey || e.isComposing || e.keyCode === 229) return;
          e.preventDefault();
          onSend();
        }}
      />
      <button type="submit" data-chatport="send" disabled={!value.trim()}>
        Send
      </button>
    </form>
  );
};
