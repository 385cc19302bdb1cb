export interface PostbackProps {
  title: string;
}

/** The visitor's own choice, shown as the title of the button they pressed (its payload stays unseen). */
export const Postback = ({ title }: PostbackProps) => (
  <p data-chatport="postback" dir="auto">
    {title}
  </p>
);
