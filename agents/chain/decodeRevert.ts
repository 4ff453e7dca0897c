import { BaseError, ContractFunctionRevertedError, decodeErrorResult, isHex, type Abi, type Hex } from "viem";

/** A contract's custom error, decoded: its name and arguments. */
export interface DecodedRevert {
  errorName: string;
  args: readonly unknown[];
}

/**
 * The custom error a contract call reverted with, if viem decoded one, or, given the contract's
 * `abi`, one decoded from raw revert data anywhere in the cause chain (RPC errors of deployments
 * carry it as `data`). Undefined for any other failure (RPC, gas, a revert not in the ABI).
 *
 * @example
 * const revert = decodeRevert(err, taskEscrowAbi); // { errorName: "TaskEscrowTooEarly", args: [...] }
 */
export function decodeRevert(err: unknown, abi?: Abi): DecodedRevert | undefined {
  if (!(err instanceof BaseError)) return undefined;
  const reverted = err.walk((e) => e instanceof ContractFunctionRevertedError);
  if (reverted instanceof ContractFunctionRevertedError && reverted.data?.errorName) {
    return { errorName: reverted.data.errorName, args: reverted.data.args ?? [] };
  }
  const data = abi && revertData(err);
  if (!abi || !data) return undefined;
  try {
    const decoded = decodeErrorResult({ abi, data });
    return { errorName: decoded.errorName, args: decoded.args ?? [] };
  } catch {
    return undefined; // not one of this contract's errors
  }
}

/** Why a call failed when it is not a custom error: viem's short message, or the error's message. */
export function failureReason(err: unknown): string {
  if (err instanceof BaseError) return err.shortMessage;
  return err instanceof Error ? err.message : String(err);
}

/** Raw revert data somewhere in the cause chain (RPC errors of deployments carry it as `data`). */
export function revertData(err: BaseError): Hex | undefined {
  let found: Hex | undefined;
  err.walk((e) => {
    const data = (e as { data?: unknown } | null)?.data;
    const hex = typeof data === "string" ? data : (data as { data?: unknown } | undefined)?.data;
    if (typeof hex === "string" && hex.length >= 10 && isHex(hex, { strict: true })) found = hex;
    return found !== undefined;
  });
  return found;
}
