import { Player } from './Player.tsx';

export interface VideoProps {
  url: string;
  name?: string;
}

/** A video in the browser's own player, in a 16:9 box so nothing jumps while it loads. */
export const Video = ({ url, name }: VideoProps) => <Player kind="video" url={url} name={name} />;
