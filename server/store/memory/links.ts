import { unknownVisitor } from '../ids.ts';
import type { PlatformLink, Store } from '../types.ts';

type Links = Pick<Store, 'getLink' | 'saveLink' | 'findLink'>;

/** Platform links in memory; `known` says whether a visitor exists. `remove` serves erasure. */
export const createMemoryLinks = (known: (visitorId: string) => boolean) => {
  const links = new Map<string, PlatformLink>();
  const copy = (link: PlatformLink | undefined) => link && structuredClone(link);
  const methods: Links = {
    getLink: async (visitorId) => copy(links.get(visitorId)),
    async saveLink(link) {
      if (!known(link.visitorId)) throw unknownVisitor(link.visitorId);
      // A ref belongs to one visitor: whoever held it before lets go.
      for (const other of links.values()) {
        if (other.visitorId === link.visitorId) continue;
        if (link.contactRef !== undefined && other.contactRef === link.contactRef) delete other.contactRef;
        if (link.conversationRef !== undefined && other.conversationRef === link.conversationRef) delete other.conversationRef;
      }
      links.set(link.visitorId, structuredClone(link));
    },
    async findLink(ref) {
      for (const link of links.values()) {
        if ('contactRef' in ref ? link.contactRef === ref.contactRef : link.conversationRef === ref.conversationRef) return copy(link);
      }
      return undefined;
    },
  };
  return { methods, remove: (visitorId: string): boolean => links.delete(visitorId) };
};
