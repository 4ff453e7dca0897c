import { SystemFaultError, UserInputError } from "../../errors.js";

/** The input error of review leaves lives with the one proof check (protocol/reviewProof.ts). */
export { ReviewTreeInputError } from "../../protocol/reviewProof.js";

/** Serialised tree bytes are not a tree this module wrote (wrong magic, version or length). */
export class ReviewTreeFormatError extends UserInputError {
  override name = "ReviewTreeFormatError";
}

/** A hashing worker failed or exited early; the build can be retried with `threads: 1`. */
export class ReviewTreeWorkerError extends SystemFaultError {
  override name = "ReviewTreeWorkerError";
}
