import { Player } from './Player.tsx';

export interface AudioProps {
  url: string;
  name?: string;
}

/** A voice note or audio file in the browser's own player. */
export const Audio = ({ url, name }: AudioProps) => <Player kind="audio" url={url} name={name} />;
