/**
 * PLACEHOLDER until the `market` branch lands its agents/errors.ts (the single error base
 * class). Same shape: a short message, a `code`, details and cause.
 */
export class BaseError extends Error {
  override name = "BaseError";
  readonly code: string;
  readonly details: Record<string, unknown>;
  constructor(code: string, message: string, opts: { details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.code = code;
    this.details = opts.details ?? {};
  }
}
export class UserInputError extends BaseError {
  override name = "UserInputError";
}
export class ModelOutputError extends BaseError {
  override name = "ModelOutputError";
}
export class SystemFaultError extends BaseError {
  override name = "SystemFaultError";
}
