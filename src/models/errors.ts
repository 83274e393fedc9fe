/** Errors shared by the model registry's modules. */

/** A model was refused; `problems` lists every reason, each a complete sentence for the operator. */
export class ModelRefusedError extends Error {
  constructor(
    message: string,
    readonly problems: readonly string[] = [message],
  ) {
    super(message);
    this.name = 'ModelRefusedError';
  }
}
