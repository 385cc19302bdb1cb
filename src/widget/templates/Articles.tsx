import { SafeLink } from './SafeLink.tsx';
import { Text } from './Text.tsx';

export interface Article {
  title: string;
  description?: string;
  url: string;
}

export interface ArticlesProps {
  text: string;
  items: Article[];
}

/** Help-centre articles (Chatwoot `article`): each title a link to a new tab, its description below it. */
export const Articles = ({ text, items }: ArticlesProps) => (
  <div data-chatport="articles">
    {text && <Text text={text} />}
    <ul data-chatport="article-list">
      {items.map(({ title, description, url }) => (
        <li>
          <SafeLink href={url} data-chatport="article">
            {title}
          </SafeLink>
          {description && <p data-chatport="article-description">{description}</p>}
        </li>
      ))}
    </ul>
  </div>
);
