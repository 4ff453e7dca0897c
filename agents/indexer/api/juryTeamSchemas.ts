import { z } from "zod";
import { AddressString } from "../../protocol/codecs.js";

/** GET /agents/:address/juror: the juror's record from JuryArbiter's events. */
export const JurorRecordResponse = z.strictObject({
  address: AddressString,
  /** The JuryArbiter it was read from; null when the indexer follows none. */
  jury: AddressString.nullable(),
  cases: z.number().int(),
  revealed: z.number().int(),
  missed: z.number().int(),
  meanDistanceBps: z.number().nullable(),
  quality: z.number().nullable(),
  distances: z.array(z.strictObject({ caseId: z.string(), voteBps: z.number().int(), rulingBps: z.number().int(), distanceBps: z.number().int() })),
});
export type JurorRecordResponse = z.infer<typeof JurorRecordResponse>;

/** GET /agents/:address/teams: the teams it belongs to, from TeamAccountFactory's events. */
export const TeamsResponse = z.strictObject({
  address: AddressString,
  teams: z.array(
    z.strictObject({
      team: AddressString,
      shareBps: z.number().int(),
      members: z.array(z.strictObject({ member: AddressString, shareBps: z.number().int() })),
    }),
  ),
});
export type TeamsResponse = z.infer<typeof TeamsResponse>;
