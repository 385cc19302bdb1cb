// The conversation chunk (loaded after the widget has drawn, see ../extras.ts): everything that makes the transcript a
// conversation rather than a form, without costing the first load.
import partsCss from './parts.css?inline';

export { createEnv, type Env } from './env.ts';
export { groups, senderOf } from './groups.ts';
export { Avatar, Body, Day, Meta, Sender, Time, Typing } from './parts.tsx';
export { Away, Welcome } from './first-minute.tsx';
export { Markdown, markdown } from './markdown.tsx';
export { Files } from './Files.tsx';
export { After, Older, Resolved } from './log.tsx';
export { Outside } from './Outside.tsx';
export { Row } from './Row.tsx';

/** The chunk's styles, adopted with it. */
export const css = partsCss;
