/**
 * The mnemonic every Hardhat development chain (`hardhat node`, the in-process network) funds.
 * Public knowledge: its keys are only ever used on chain 31337.
 */
export const DEV_MNEMONIC = "test test test test test test test test test test test junk";
export const DEV_CHAIN_ID = 31337;

/**
 * Which development account plays which part, by role name: deploy, the processes of multi/ and
 * createLocalMarket all take their accounts from here.
 */
export const DEV_ROLES = { owner: 0, feeRecipient: 1, manager: 2, arbiter: 3, firstWorker: 4 } as const;
