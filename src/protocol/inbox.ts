import { z } from 'zod';

/** One opening window of a weekday, in minutes after midnight in the inbox's timezone (`to` 1440: until midnight). */
export const OpeningWindow = z.object({
  /** 0 Sunday … 6 Saturday. */
  day: z.number().int().min(0).max(6),
  from: z.number().int().min(0).max(1440),
  to: z.number().int().min(0).max(1440),
});
export type OpeningWindow = z.infer<typeof OpeningWindow>;

/** When someone answers: the windows of each open day in an IANA timezone; a day without a window is closed. */
export const WorkingHours = z.object({ timezone: z.string().min(1).max(100), windows: z.array(OpeningWindow).max(50) });
export type WorkingHours = z.infer<typeof WorkingHours>;

// GET /v1/inbox — what the platform says about the inbox the visitor writes to, for the widget's first screen; public
// (nothing in it is per visitor) and cached by the relay. Every field is optional: UChat says nothing.
export const InboxResponse = z.object({
  name: z.string().max(200).optional(),
  welcomeTitle: z.string().max(500).optional(),
  welcomeTagline: z.string().max(2000).optional(),
  greeting: z.string().max(5000).optional(),
  /** Present only while the platform's working hours are switched on. */
  hours: WorkingHours.optional(),
});
export type InboxResponse = z.infer<typeof InboxResponse>;
