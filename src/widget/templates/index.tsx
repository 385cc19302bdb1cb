import type { Body } from '../../protocol/index.ts';
import { Fallback } from './Fallback.tsx';
import { Text } from './Text.tsx';

export interface MessageBodyProps {
  body: Body;
}

/** One template per message kind; kinds without their own template yet go through Fallback. */
export const MessageBody = ({ body }: MessageBodyProps) => (body.kind === 'text' ? <Text text={body.text} /> : <Fallback body={body} />);
