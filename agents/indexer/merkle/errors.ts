import { SystemFaultError, UserInputError } from "../../errors.js";

/** A review cannot be encoded as a leaf, a leaf index is out of range, or the leaf list is empty. */
export class ReviewTreeInputError extends UserInputError {
  override name = "ReviewTreeInputError";
}

/** Serialised tree bytes are not a tree this module wrote (wrong magic, version or length). */
export class ReviewTreeFormatError extends UserInputError {
  override name = "ReviewTreeFormatError";
}

/** A hashing worker failed or exited early; the build can be retried with `threads: 1`. */
export class ReviewTreeWorkerError extends SystemFaultError {
  override name = "ReviewTreeWorkerError";
}
