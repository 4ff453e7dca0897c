import { escrowActions, type EscrowActions } from "./escrowActions.js";
import { createEscrowBaseClient, type EscrowBaseClient, type EscrowClientParameters } from "./baseClient.js";

/** An escrow client with every action bound to it: what the agents hold as their escrow port. */
export type EscrowClient = EscrowBaseClient & EscrowActions;

/**
 * One party's handle on TaskEscrow: the free actions (`fund(client, args)`, ...) bound to it, as
 * viem's `createPublicClient` binds `getBlockNumber`. Throws `EscrowTxError` if the wallet client
 * has no account or no chain.
 *
 * @example
 * const escrow = createEscrowClient({ publicClient, walletClient: manager, address });
 * await escrow.fund({ bid, signature: await signBid(worker, escrow.chainId, address, bid) });
 * await escrow.release(bid); // a BidTerms names its task: { client, taskId }
 */
export function createEscrowClient(parameters: EscrowClientParameters): EscrowClient {
  const base = createEscrowBaseClient(parameters);
  return { ...base, ...escrowActions(base) };
}
